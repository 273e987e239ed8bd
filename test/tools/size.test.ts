import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { sizeScanner } from "../../tools/size.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("size scanner", () => {
  it("counts code, comment and blank lines per language, production vs test", async () => {
    const root = await makeRepo({
      "app/main.py": [
        "# entry point",
        "import os",
        "",
        'MSG = "# not a comment"',
        "def main():",
        "    return os.getcwd()  # trailing",
        "",
      ].join("\n"),
      "tests/test_main.py": [
        "from app.main import main",
        "",
        "def test_main():",
        "    assert main()",
        "",
      ].join("\n"),
      "config.yaml": ["# settings", "port: 8080", ""].join("\n"),
      "vendor/dep.py": "x = 1\n",
      "package-lock.json": "{}\n",
    });
    const { facts, findings } = await sizeScanner.run(await ingest(root), {});
    const rows = Object.fromEntries(
      facts.languages.map(({ method: _method, ...row }) => [row.language, row]),
    );
    expect(rows).toEqual({
      python: { language: "python", files: 2, code: 7, comment: 1, blank: 2, testFiles: 1, testCode: 3 },
      yaml: { language: "yaml", files: 1, code: 1, comment: 1, blank: 0, testFiles: 0, testCode: 0 },
    });
    expect(facts.production).toEqual({ files: 1, code: 4 });
    expect(facts.test).toEqual({ files: 1, code: 3 });
    expect(facts.testToCodeRatio).toBe(0.75);
    expect(facts.totals).toEqual({ files: 3, lines: 12, code: 8, comment: 2, blank: 2 });
    expect(facts.excluded).toEqual({ vendoredFiles: 1, generatedFiles: 1 });
    expect(facts.largestFiles.map((file) => file.path)).toEqual(["app/main.py", "tests/test_main.py"]);
    expect(findings).toEqual([]);
  });

  it("flags a repository with production code and no tests", async () => {
    const root = await makeRepo({ "src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n" });
    const { findings } = await sizeScanner.run(await ingest(root), {});
    expect(findings).toEqual([
      {
        ruleId: "size/no-tests",
        area: "testing",
        severity: "medium",
        title: "No test files",
        description:
          "The repository has 3 lines of production code in 1 files and no file that follows a test convention.",
        recommendation: "Add automated tests for the core behaviour and run them in CI.",
      },
    ]);
  });
});
