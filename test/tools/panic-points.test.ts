import { describe, expect, it } from "vitest";
import type { Report } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { panicPointsSection } from "../../src/render/markdown/sections/panic-points.js";
import { panicPointsScanner } from "../../tools/panic-points.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const RUST_LIB = [
  '// panic!("in a comment") and x.unwrap() in a comment',
  "pub async fn handle(id: u32) -> u32 {",
  '    let text = "unwrap() inside a string, panic!(\\"no\\")";',
  "    let value = lookup(id).unwrap();",
  '    let other = lookup(id).expect("present");',
  "    let fallback = lookup(id).unwrap_or(0);",
  "    value + other + fallback",
  "}",
  "pub fn later() {",
  "    todo!()",
  "}",
  "pub unsafe fn raw() {}",
  "unsafe impl Send for Holder {}",
  "pub fn peek(p: *const u8) -> u8 {",
  "    unsafe { *p }",
  "}",
  "#[cfg(test)]",
  "mod tests {",
  "    #[test]",
  "    fn works() {",
  "        lookup(1).unwrap();",
  '        panic!("boom");',
  "    }",
  "}",
  "",
].join("\n");

const PYTHON = [
  "import logging",
  "log = logging.getLogger(__name__)",
  "def run():",
  "    try:",
  "        work()",
  "    except:",
  "        pass",
  "    try:",
  "        work()",
  "    except Exception as error:",
  '        log.warning("failed: %s", error)',
  "    try:",
  "        work()",
  "    except Exception:",
  "        log.error('again')",
  "        raise",
  "    try:",
  "        work()",
  "    except ValueError:",
  "        pass",
  "    try:",
  "        work()",
  "    except:",
  "        cleanup()",
  "        raise",
  "    try:",
  "        work()",
  "    except:",
  "        fallback()",
  '    text = "except: pass"',
  "",
].join("\n");

const TYPESCRIPT = [
  "export function parse(input: any): string {",
  "  try {",
  "    return JSON.parse(input)!.name;",
  "  } catch {}",
  "  try {",
  "    return input.value;",
  "  } catch (error) {",
  "    // expected when the value is missing",
  "  }",
  "  try {",
  "    return String(input);",
  "  } catch (error) {",
  "    console.error(error);",
  '    return "";',
  "  }",
  "}",
  'const note = "catch {} and x! and any in a string";',
  "const ok = a !== b;",
  "",
].join("\n");

const GO = [
  "package server",
  "",
  "func Serve() {",
  "    _ = os.Remove(path)",
  "    n, _ := strconv.Atoi(text)",
  "    for _, item := range items {",
  "        use(item)",
  "    }",
  '    panic("unreachable")',
  '    // panic("comment")',
  "    mypanic(n)",
  "    _, err := conn.Read(buf)",
  "    line, _, err := reader.ReadLine()",
  "}",
  "",
].join("\n");

describe("panic-points scanner", () => {
  it("counts panic points from the syntax tree, production vs test, ignoring strings and comments", async () => {
    const root = await makeRepo({
      "src/lib.rs": RUST_LIB,
      "tests/integration.rs": '#[test]\nfn t() { run().unwrap(); run().expect("ok"); }\n',
      "app/worker.py": PYTHON,
      "web/parse.ts": TYPESCRIPT,
      "web/parse.test.ts": "it('x', () => { try { go(); } catch {} const v = value!; });\n",
      "web/legacy.js": "try { go(); } catch (e) {}\n",
      "server/serve.go": GO,
    });
    const { facts, findings } = await panicPointsScanner.run(await ingest(root), {});
    const counts = Object.fromEntries(facts.categories.map((row) => [row.id, [row.production, row.test]]));
    expect(counts).toEqual({
      "rust-unwrap": [1, 2],
      "rust-expect": [1, 1],
      "rust-panic": [0, 1],
      "rust-unreachable": [0, 0],
      "rust-todo": [1, 0],
      "rust-unimplemented": [0, 0],
      "rust-unsafe-block": [1, 0],
      "rust-unsafe-fn": [1, 0],
      "rust-unsafe-impl": [1, 0],
      "python-bare-except": [3, 0],
      "python-swallowed-except": [2, 0],
      "js-empty-catch": [3, 1],
      "ts-non-null": [1, 1],
      "ts-any": [1, 0],
      "go-panic": [1, 0],
      "go-discarded-result": [2, 0],
    });
    expect(facts.filesScanned).toBe(7);
    expect(facts.methods).toEqual({ treeSitter: 7, lexical: 0 });
    expect(facts.sites.filter((site) => site.file === "src/lib.rs")).toEqual([
      {
        category: "rust-unwrap",
        file: "src/lib.rs",
        line: 4,
        isTest: false,
        text: "let value = lookup(id).unwrap();",
      },
      { category: "rust-unwrap", file: "src/lib.rs", line: 21, isTest: true, text: "lookup(1).unwrap();" },
      {
        category: "rust-expect",
        file: "src/lib.rs",
        line: 5,
        isTest: false,
        text: 'let other = lookup(id).expect("present");',
      },
      { category: "rust-panic", file: "src/lib.rs", line: 22, isTest: true, text: 'panic!("boom");' },
      { category: "rust-todo", file: "src/lib.rs", line: 10, isTest: false, text: "todo!()" },
      { category: "rust-unsafe-block", file: "src/lib.rs", line: 15, isTest: false, text: "unsafe { *p }" },
      {
        category: "rust-unsafe-fn",
        file: "src/lib.rs",
        line: 12,
        isTest: false,
        text: "pub unsafe fn raw() {}",
      },
      {
        category: "rust-unsafe-impl",
        file: "src/lib.rs",
        line: 13,
        isTest: false,
        text: "unsafe impl Send for Holder {}",
      },
    ]);

    const byRule = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId);
    expect(byRule("panic-points/rust-unwrap")).toEqual([
      {
        ruleId: "panic-points/rust-unwrap",
        area: "reliability",
        severity: "medium",
        title: "2 unwrap/expect calls in lib.rs",
        description:
          "src/lib.rs has 1 `.unwrap()` and 1 `.expect()` in production code (lines 4, 5); each panics and takes the task or process down when its assumption fails.",
        recommendation:
          "Propagate the error with `?` and context (anyhow::Context or a typed error); keep expect() only for true invariants with a message that says why it holds.",
        location: { file: "src/lib.rs", startLine: 4, endLine: 4 },
        evidence: "    let value = lookup(id).unwrap();",
      },
    ]);
    expect(
      byRule("panic-points/rust-unsafe-block").map((finding) => [finding.severity, finding.location]),
    ).toEqual([["medium", { file: "src/lib.rs", startLine: 15, endLine: 15 }]]);
    expect(byRule("panic-points/rust-todo").map((finding) => finding.evidence)).toEqual(["    todo!()"]);
    expect(
      byRule("panic-points/python-swallowed-except").map((finding) => [
        finding.title,
        finding.location?.startLine,
      ]),
    ).toEqual([
      ["Bare `except:` swallows errors in worker.py", 6],
      ["`except Exception` swallows errors in worker.py", 10],
    ]);
    // Line 23 cleans up and re-raises (the idiom pylint accepts): counted, but not reported.
    expect(byRule("panic-points/python-bare-except").map((finding) => finding.location?.startLine)).toEqual([
      28,
    ]);
    expect(
      byRule("panic-points/js-empty-catch").map((finding) => [
        finding.location?.file,
        finding.location?.startLine,
        finding.severity,
      ]),
    ).toEqual([
      ["web/legacy.js", 1, "medium"],
      ["web/parse.ts", 4, "medium"],
      ["web/parse.ts", 7, "low"],
    ]);
    expect(byRule("panic-points/ts-any")).toEqual([
      expect.objectContaining({
        severity: "info",
        title: "1 explicit `any` in production TypeScript",
        location: { file: "web/parse.ts", startLine: 1, endLine: 1 },
        evidence: "export function parse(input: any): string {",
      }),
    ]);
    expect(byRule("panic-points/go-discarded-result")).toEqual([
      expect.objectContaining({
        severity: "low",
        description:
          "Results of `os.Remove` (line 4), `strconv.Atoi` (line 5) are thrown away; each callee returns an error last or could not be resolved (functions of the repository and common standard-library calls were checked), so failures may go unnoticed.",
        location: { file: "server/serve.go", startLine: 4, endLine: 4 },
      }),
    ]);
    expect(
      byRule("panic-points/explicit-panic").map((finding) => [finding.location?.file, finding.severity]),
    ).toEqual([["server/serve.go", "low"]]);
    for (const finding of findings) expect(finding.evidence?.length).toBeGreaterThan(0);
  });

  it("keeps Go discards whose callee returns an error or is unknown, and drops the ones known not to", async () => {
    const root = await makeRepo({
      "go.mod": "module example.com/shop\n\ngo 1.22\n",
      "store/store.go": [
        "package store",
        "",
        "type Cache struct{}",
        "",
        "func Lookup(id string) (string, bool) { return id, true }",
        "func Save(value string) (err error)  { return nil }",
        "func (c *Cache) Get(key string) (string, bool) { return key, false }",
        "func (c *Cache) Flush() error                { return nil }",
        "",
      ].join("\n"),
      "cmd/app/main.go": [
        "package main",
        "",
        "import (",
        '\t"fmt"',
        '\t"strconv"',
        '\t"unicode/utf8"',
        "",
        '\t"example.com/shop/store"',
        '\tremote "github.com/acme/remote/v2"',
        ")",
        "",
        "type thing struct{}",
        "",
        "var _ fmt.Stringer = (*thing)(nil)",
        "",
        "func helper() (int, error) { return 0, nil }",
        "func pair() (int, int)     { return 0, 0 }",
        "",
        "func main() {",
        '\tvalue, _ := store.Lookup("a")',
        "\t_ = store.Save(value)",
        "\tcount, _ := strconv.Atoi(value)",
        "\tr, _ := utf8.DecodeRuneInString(value)",
        "\tcache := &store.Cache{}",
        '\thit, _ := cache.Get("k")',
        "\t_ = cache.Flush()",
        "\tx, _ := helper()",
        "\ty, _ := pair()",
        "\t_ = remote.Send(hit)",
        "\t_ = copy(buf, other)",
        "\tfmt.Println(count, r, x, y)",
        "}",
        "",
      ].join("\n"),
    });
    const { facts } = await panicPointsScanner.run(await ingest(root), {});
    expect(
      facts.sites
        .filter((site) => site.category === "go-discarded-result")
        .map((site) => [site.file, site.line, site.text]),
    ).toEqual([
      ["cmd/app/main.go", 21, "_ = store.Save(value)"],
      ["cmd/app/main.go", 22, "count, _ := strconv.Atoi(value)"],
      ["cmd/app/main.go", 26, "_ = cache.Flush()"],
      ["cmd/app/main.go", 27, "x, _ := helper()"],
      ["cmd/app/main.go", 29, "_ = remote.Send(hit)"],
    ]);
  });

  it("counts unsafe fn declarations, not fn pointer types or macro matchers, and reads cfg(all(…, test))", async () => {
    const root = await makeRepo({
      "src/lib.rs": [
        "pub struct Table {",
        "    drop_fn: unsafe fn(*mut u8),",
        '    call: unsafe extern "C" fn() -> i32,',
        "}",
        "pub type Hook = unsafe fn(usize) -> usize;",
        "pub trait Raw {",
        "    unsafe fn declared(&self);",
        "}",
        "pub unsafe fn defined() {}",
        "pub fn cast(f: fn()) -> usize { f as unsafe fn() as usize }",
        "macro_rules! guarded {",
        "    (unsafe { $($body:tt)* } panic!()) => { unsafe { $($body)* } };",
        "}",
        '#[cfg(all(feature = "std", not(miri), test))]',
        "mod std_tests {",
        "    fn t() { Some(1).unwrap(); }",
        "}",
        '#[cfg(any(test, feature = "testing"))]',
        "pub fn shared_helper() { Some(2).unwrap(); }",
        "",
      ].join("\n"),
    });
    const { facts } = await panicPointsScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.category, site.line, site.isTest])).toEqual([
      ["rust-unwrap", 16, true],
      ["rust-unwrap", 19, false],
      ["rust-unsafe-block", 12, false],
      ["rust-unsafe-fn", 7, false],
      ["rust-unsafe-fn", 9, false],
    ]);
  });

  it("counts a broad except whose only assignment feeds the log line as swallowing", async () => {
    const root = await makeRepo({
      "app/loop.py": [
        "def poll(futures):",
        "    for f in futures:",
        "        try:",
        "            f.result()",
        "        except Exception as exc:",
        "            container = futures[f]",
        '            logger.error(f"failed for {container.name}: {exc}")',
        "        try:",
        "            f.result()",
        "        except Exception:",
        "            fallback = futures[f]",
        '            logger.error("failed")',
        "            retry(fallback)",
        "        try:",
        "            f.result()",
        "        except Exception as exc:",
        "            result = None",
        '            logger.warning("failed: %s", exc)',
        "        try:",
        "            f.result()",
        "        except Exception as exc:",
        "            name = describe(f)",
        '            logger.error(f"{name}: {exc}")',
        "",
      ].join("\n"),
    });
    const { facts } = await panicPointsScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.category, site.line])).toEqual([["python-swallowed-except", 5]]);
  });

  it("reads loggers fetched inline and a bare return as swallowing, and LookupEnv's flag as no error", async () => {
    const root = await makeRepo({
      "app/util.py": [
        "import logging",
        "def parse(data):",
        "    try:",
        "        return load(data)",
        "    except Exception as exc:",
        '        logging.getLogger(__name__).exception("parse failed", exc_info=exc)',
        "    try:",
        "        return fetch(data)",
        "    except Exception as e:",
        '        logger.error(f"{data} {e}")',
        "        return None",
        "    try:",
        "        return fetch(data)",
        "    except Exception:",
        "        return {}",
        "",
      ].join("\n"),
      "go.mod": "module example.com/ioc\n\ngo 1.21\n",
      "ioc/wechat.go": [
        "package ioc",
        "",
        'import "os"',
        "",
        "func secret() string {",
        '\tvalue, _ := os.LookupEnv("WECHAT_SECRET")',
        "\treturn value",
        "}",
        "",
      ].join("\n"),
    });
    const { facts } = await panicPointsScanner.run(await ingest(root), {});
    // The third handler returns a fallback value: it decides what the error means, so it is not counted.
    expect(facts.sites.map((site) => [site.file, site.category, site.line])).toEqual([
      ["app/util.py", "python-swallowed-except", 5],
      ["app/util.py", "python-swallowed-except", 9],
    ]);
  });

  it("reports a clean Rust crate as a strength", async () => {
    const root = await makeRepo({
      "src/main.rs":
        'fn main() {\n    let n = "1".parse::<u32>().unwrap_or_default();\n    println!("{n}");\n}\n',
    });
    const { facts, findings, strengths } = await panicPointsScanner.run(await ingest(root), {});
    expect(facts.categories.every((row) => row.production === 0 && row.test === 0)).toBe(true);
    expect(facts.categories.map((row) => row.id)).toEqual([
      "rust-unwrap",
      "rust-expect",
      "rust-panic",
      "rust-unreachable",
      "rust-todo",
      "rust-unimplemented",
      "rust-unsafe-block",
      "rust-unsafe-fn",
      "rust-unsafe-impl",
    ]);
    expect(findings).toEqual([]);
    expect(strengths).toEqual([
      { area: "security", text: "No `unsafe` code in production Rust." },
      { area: "reliability", text: "No `.unwrap()` or `panic!` in production Rust." },
    ]);
    expect(panicPointsSection.render(facts, {} as Report)).toBe(
      [
        "### Panic points and swallowed errors",
        "",
        "| Category | Production | Test |  |",
        "|---|---|---|---|",
        "| `.unwrap()` | **0** | 0 | ✅ Clean |",
        "| `.expect(…)` | **0** | 0 | ✅ Clean |",
        "| `panic!` | **0** | 0 | ✅ Clean |",
        "| `unreachable!` | **0** | 0 | ✅ Clean |",
        "| `todo!` | **0** | 0 | ✅ Clean |",
        "| `unimplemented!` | **0** | 0 | ✅ Clean |",
        "| `unsafe { … }` blocks | **0** | 0 | ✅ Clean |",
        "| `unsafe fn` | **0** | 0 | ✅ Clean |",
        "| `unsafe impl` / `unsafe trait` | **0** | 0 | ✅ Clean |",
        "",
        "Counted from the syntax tree: occurrences in strings and comments never count; test files and test regions (`#[cfg(test)]`, `describe` blocks) count as test.",
      ].join("\n"),
    );
  });

  it("places each TypeScript escape hatch on its own line and ignores look-alikes", async () => {
    const root = await makeRepo({
      "src/stream.ts": [
        "let late!: number;",
        "class Holder {",
        "  value!: string;",
        "  constructor(public anyValue: number) {}",
        "}",
        "const flags = { any: true };",
        "/** @param {any} input and x!.y in a comment */",
        "export function pipe(response: Response, list: any[], map: Record<string, any>): Array<any> {",
        "  const cast = (response as any) ?? <any>list;",
        "  const handler: (event: any) => void = () => {};",
        "  response",
        "    .body!.pipeTo(sink)",
        "    .then(() => flags.any);",
        "  const first = list[0]!;",
        "  const called = make()!;",
        "  if (late !== 1 && !flags.any && cast != null) return [];",
        "  try {",
        "    go();",
        "  } catch (error) {",
        "    // a retry follows",
        "  }",
        "  try { go(); } catch (error) { ; }",
        "  return [handler, called, first];",
        "}",
        "",
      ].join("\n"),
    });
    const { facts, findings } = await panicPointsScanner.run(await ingest(root), {});
    expect(facts.sites.map((site) => [site.category, site.line, site.isTest])).toEqual([
      ["ts-any", 8, false],
      ["ts-any", 8, false],
      ["ts-any", 8, false],
      ["ts-any", 9, false],
      ["ts-any", 9, false],
      ["ts-any", 10, false],
      ["ts-non-null", 12, false],
      ["ts-non-null", 14, false],
      ["ts-non-null", 15, false],
      ["js-empty-catch", 19, false],
    ]);
    expect(
      findings
        .filter((finding) => finding.ruleId !== "panic-points/ts-any")
        .map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine, finding.evidence]),
    ).toEqual([
      ["panic-points/js-empty-catch", "low", 19, "  } catch (error) {"],
      ["panic-points/ts-non-null", "low", 12, "    .body!.pipeTo(sink)"],
    ]);
  });
});
