import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { markersScanner } from "../../tools/markers.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("markers scanner", () => {
  it("counts markers in comments only, split production vs test, with file:line", async () => {
    const root = await makeRepo({
      "src/lib.rs": [
        "// TODO: handle retries",
        'const MSG: &str = "TODO: this is a string, not a marker";',
        "fn main() {",
        "    /* FIXME: leaks the handle */",
        "    let todo_list = vec![]; // the todo list is fine (lowercase)",
        "}",
        "",
      ].join("\n"),
      "app/worker.py": [
        '"""Worker.',
        "",
        "XXX: relies on global state",
        '"""',
        "print('HACK in a string')",
        "# HACK: sleep until ready",
        "XXXX = 1",
        "",
      ].join("\n"),
      "tests/test_worker.py": "# TODO: more cases\n",
      "vendor/lib/x.js": "// FIXME vendored, ignored\n",
      "README.md": "TODO: write docs (prose, not a comment)\n",
      "src/docs.ts":
        "// Counts TODO / FIXME / HACK markers; also TODO, FIXME or XXX lists are prose.\nexport const x = 1;\n",
    });
    const snapshot = await ingest(root);
    const { facts, findings } = await markersScanner.run(snapshot, {});
    expect(facts.total).toEqual({ production: 4, test: 1 });
    expect(facts.byKind).toEqual({
      TODO: { production: 1, test: 1 },
      FIXME: { production: 1, test: 0 },
      HACK: { production: 1, test: 0 },
      XXX: { production: 1, test: 0 },
    });
    expect(facts.sites.map((site) => `${site.file}:${site.line}:${site.kind}`)).toEqual([
      "app/worker.py:3:XXX",
      "app/worker.py:6:HACK",
      "src/lib.rs:1:TODO",
      "src/lib.rs:4:FIXME",
      "tests/test_worker.py:1:TODO",
    ]);
    expect(
      findings.map((finding) => [
        finding.ruleId,
        finding.location?.file,
        finding.location?.startLine,
        finding.evidence,
      ]),
    ).toEqual([
      ["markers/xxx", "app/worker.py", 3, "XXX: relies on global state"],
      ["markers/hack", "app/worker.py", 6, "# HACK: sleep until ready"],
      ["markers/fixme", "src/lib.rs", 4, "    /* FIXME: leaks the handle */"],
      ["markers/todo-count", undefined, undefined, undefined],
    ]);
  });

  it("counts XXX only where a marker stands, not as a placeholder in prose", async () => {
    const root = await makeRepo({
      "metric.go": [
        "package metric",
        "",
        "// Opts bundles the options. Each metric",
        "// implementation XXX has its own XXXOpts type; replace XXX with the kind.",
        "// Names look like foo_XXX_bar and the format is XXX-XXX (see docs).",
        "type Opts struct{}",
        "",
        "// XXX this lock is held too long",
        "func a() {}",
        "",
        "/*",
        " * XXX: retry on EINTR",
        " */",
        "func b() {} // the XXX(bob) workaround for the kernel bug",
        "",
      ].join("\n"),
      "lib.rs": "/// XXX unsound when aliased\npub fn c() {}\n",
    });
    const { facts } = await markersScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => `${site.file}:${site.line}:${site.kind}`)).toEqual([
      "lib.rs:1:XXX",
      "metric.go:8:XXX",
      "metric.go:12:XXX",
      "metric.go:14:XXX",
    ]);
    expect(facts.byKind.XXX).toEqual({ production: 4, test: 0 });
  });

  it("counts a lower-case tag followed by a colon, not the word in prose", async () => {
    const root = await makeRepo({
      "lib/crypto.py": [
        "# todo: this can be improved to not use temp files",
        "x = 1  # fixme(ops): rotate the key",
        "# add it to the todo list later",
        "# the hack was removed",
        "",
      ].join("\n"),
    });
    const { facts } = await markersScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.line, site.kind])).toEqual([
      [1, "TODO"],
      [2, "FIXME"],
    ]);
  });

  it("counts markers in test code inside production files as test markers", async () => {
    const root = await makeRepo({
      "src/lib.rs": [
        "// FIXME: production marker", // 1
        "pub fn run() {}", // 2
        "#[cfg(test)]", // 3
        "mod tests {", // 4
        "    // FIXME: test-only marker", // 5
        "    #[test]", // 6
        "    fn works() {}", // 7
        "}", // 8
        "",
      ].join("\n"),
      "app/service.py": [
        "import unittest", // 1
        "# HACK: production marker", // 2
        "class TestService(unittest.TestCase):", // 3
        "    # HACK: test-only marker", // 4
        "    def test_a(self):", // 5
        "        pass", // 6
        "",
      ].join("\n"),
    });
    const { facts, findings } = await markersScanner.run(await ingest(root), {});
    expect(facts.sites.map(({ file, line, isTest }) => [file, line, isTest])).toEqual([
      ["app/service.py", 2, false],
      ["app/service.py", 4, true],
      ["src/lib.rs", 1, false],
      ["src/lib.rs", 5, true],
    ]);
    expect(facts.total).toEqual({ production: 2, test: 2 });
    expect(findings.map((finding) => finding.location?.startLine)).toEqual([2, 1]);
  });

  it("reports a clean repository as clean, with the strength", async () => {
    const root = await makeRepo({ "main.go": 'package main\n\nfunc main() { println("TODO later") }\n' });
    const output = await markersScanner.run(await ingest(root), {});
    expect(output.facts.total).toEqual({ production: 0, test: 0 });
    expect(output.findings).toEqual([]);
    expect(output.strengths).toEqual([
      { area: "code-quality", text: "No TODO, FIXME, HACK or XXX markers in production code." },
    ]);
  });
});
