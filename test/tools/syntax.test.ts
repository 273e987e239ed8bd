import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { linesOf } from "../../tools/lib/evidence.js";
import {
  analyzeSource,
  codeMatches,
  configureSyntaxWorkers,
  countLines,
  enclosingFunction,
  LINE_BLANK,
  LINE_CODE,
  LINE_COMMENT,
  lineText,
  literalAt,
  syntaxOf,
  syntaxWorkerStats,
} from "../../tools/lib/syntax.js";
import { panicPointsScanner } from "../../tools/panic-points.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const kinds = (values: Uint8Array) =>
  [...values].map((kind) => (kind === LINE_CODE ? "code" : kind === LINE_COMMENT ? "comment" : "blank"));

describe("syntax analysis", () => {
  it("reads Rust with tree-sitter: line kinds, masks, comments and test regions", async () => {
    const source = [
      "// line comment with panic!()",
      'fn main() { let s = "x.unwrap()"; let r = r#"raw /* not */"#; }',
      "/* block",
      "   still comment */",
      "",
      '    "string only line";',
      "#[cfg(test)]",
      "mod tests {",
      "    #[test]",
      "    fn it_works() { Some(1).unwrap(); }",
      "}",
      "",
    ].join("\n");
    const analysis = await analyzeSource("rust", source);
    expect(analysis.method).toBe("tree-sitter");
    expect(kinds(analysis.lineKinds)).toEqual([
      "comment",
      "code",
      "comment",
      "comment",
      "blank",
      "code",
      "code",
      "code",
      "code",
      "code",
      "code",
    ]);
    expect(countLines(analysis)).toEqual({ code: 7, comment: 3, blank: 1, testCode: 5 });
    expect(analysis.testRegions).toEqual([
      { startLine: 7, endLine: 11, kind: "cfg(test)" },
      { startLine: 9, endLine: 10, kind: "test function" },
    ]);
    expect(analysis.comments.map((comment) => [comment.line, comment.text])).toEqual([
      [1, "// line comment with panic!()"],
      [3, "/* block"],
      [4, "   still comment */"],
    ]);
    expect(codeMatches(analysis, /\.(unwrap)\(\)/g).map((match) => match.line)).toEqual([10]);
    expect(analysis.codeText.length).toBe(source.length);
  });

  it("reads a Java text block that starts like a comment as string text", async () => {
    // tree-sitter-java parses the text block's first content as a line_comment child of the string.
    const source = [
      "class Q {",
      "  void f() {",
      '    run("""',
      '        // step 1: say "hi"',
      "        echo hi",
      '        """);',
      "    // a real comment",
      "  }",
      "}",
    ].join("\n");
    const analysis = await analyzeSource("java", source);
    expect(analysis.method).toBe("tree-sitter");
    expect(kinds(analysis.lineKinds)).toEqual([
      "code",
      "code",
      "code",
      "code",
      "code",
      "code",
      "comment",
      "code",
      "code",
    ]);
  });

  it("counts Python docstrings as comments and f-string interpolations as code", async () => {
    const source = [
      '"""Module docstring."""',
      "import os, yaml as y",
      "from a.b import c",
      "async def fetch(url):",
      "    '''Doc.'''",
      '    label = f"{requests.get(url)} # not a comment"',
      "    return label  # trailing",
      "def helper():",
      "    return lambda: time.sleep(1)",
      "",
    ].join("\n");
    const analysis = await analyzeSource("python", source);
    expect(kinds(analysis.lineKinds)).toEqual([
      "comment",
      "code",
      "code",
      "code",
      "comment",
      "code",
      "code",
      "code",
      "code",
    ]);
    expect(analysis.imports).toEqual([
      { module: "os", line: 2 },
      { module: "yaml", line: 2 },
      { module: "a.b", line: 3 },
    ]);
    const requests = codeMatches(analysis, /(requests)\.get/g)[0];
    expect(requests?.line).toBe(6);
    expect(enclosingFunction(analysis, requests?.offset ?? -1)).toMatchObject({
      name: "fetch",
      isAsync: true,
    });
    const sleep = codeMatches(analysis, /(time)\.sleep/g)[0];
    expect(enclosingFunction(analysis, sleep?.offset ?? -1)).toMatchObject({
      name: "<lambda>",
      isAsync: false,
    });
    expect(codeMatches(analysis, /#/g)).toEqual([]);
  });

  it("keeps Python test regions to real tests: TestCase classes always, test_* only with a framework", async () => {
    const production = await analyzeSource(
      "python",
      ["def test_connection():", "    return True", "class TestData:", "    pass", ""].join("\n"),
    );
    expect(production.testRegions).toEqual([]);
    const inline = await analyzeSource(
      "python",
      [
        "import unittest",
        "def work(): pass",
        "class WorkTest(unittest.TestCase):",
        "    def test_work(self):",
        "        work()",
        "@pytest.mark.slow",
        "def test_slow(): pass",
        "",
      ].join("\n"),
    );
    expect(inline.testRegions).toEqual([
      { startLine: 3, endLine: 5, kind: "test class" },
      { startLine: 4, endLine: 5, kind: "test function" },
      { startLine: 6, endLine: 7, kind: "test function" },
    ]);
  });

  it("reads TypeScript functions, handlers, imports, in-source tests and literal contents", async () => {
    const source = [
      'import express from "express";',
      'const fs = require("node:fs");',
      'app.get("/x", (req, res) => res.send(fs.readFileSync("a")));',
      "export async function load(): Promise<void> {}",
      'const hash = createHash("md5");',
      'describe("load", () => { it("works", () => {}); });',
      "",
    ].join("\n");
    const analysis = await analyzeSource("typescript", source);
    expect(analysis.imports.map((entry) => entry.module)).toEqual(["express", "node:fs"]);
    expect(analysis.functions.map(({ name, isAsync, isHandler }) => ({ name, isAsync, isHandler }))).toEqual([
      { name: "<anonymous>", isAsync: false, isHandler: true },
      { name: "load", isAsync: true, isHandler: false },
      { name: "<anonymous>", isAsync: false, isHandler: false },
      { name: "<anonymous>", isAsync: false, isHandler: false },
    ]);
    expect(analysis.testRegions).toEqual([{ startLine: 6, endLine: 6, kind: "test block" }]);
    const call = codeMatches(analysis, /createHash\(\s*(["'])/g)[0];
    expect(call && literalAt(analysis, call.offset)).toBe("md5");
  });

  it("marks a whole Go _test.go file as a test region and records import aliases", async () => {
    const source = [
      "package x",
      'import r "math/rand"',
      "func TestX(t *testing.T) { _ = r.Int() }",
      "var _ io.Writer = (*w)(nil)",
      "func (w *w) Write(b []byte) (n int, err error) { return 0, nil }",
      "",
    ].join("\n");
    const analysis = await analyzeSource("go", source, { path: "pkg/x_test.go" });
    expect(analysis.testRegions).toEqual([{ startLine: 1, endLine: 5, kind: "test file" }]);
    expect(analysis.imports).toEqual([{ module: "math/rand", line: 2, alias: "r" }]);
    expect(analysis.marks.map(({ kind, line, name, detail }) => ({ kind, line, name, detail }))).toEqual([
      { kind: "function-result", line: 3, name: "TestX", detail: "" },
      { kind: "discard", line: 3, name: "r.Int", detail: undefined },
      { kind: "method-result", line: 5, name: "Write", detail: "error" },
    ]);
  });

  it("falls back to the lexical pass without a grammar and to plain lines without comment syntax", async () => {
    const kotlin = await analyzeSource("kotlin", "// c\nval x = 1\n\n");
    expect(kotlin.method).toBe("lexical");
    expect(kinds(kotlin.lineKinds)).toEqual(["comment", "code", "blank"]);
    expect(kotlin.codeText).toBe("    \nval x = 1\n\n");
    const text = await analyzeSource("text", "hello\n\nworld\n");
    expect(text.method).toBe("lines");
    expect(countLines(text)).toEqual({ code: 2, comment: 0, blank: 1, testCode: 0 });
    expect(LINE_BLANK).toBe(0);
  });

  it("counts whitespace as tokei and cloc do: a leading byte-order mark and form feeds are blank, a no-break space is not", async () => {
    const source = ["\uFEFF// Package x.", "package x", "\f", "/*", " \t ", "*/", "\u00A0", "var y = 1", ""];
    const expected = ["comment", "code", "blank", "comment", "blank", "comment", "code", "code"];
    const parsed = await analyzeSource("go", source.join("\n"));
    expect(parsed.method).toBe("tree-sitter");
    expect(kinds(parsed.lineKinds)).toEqual(expected);
    const plain = await analyzeSource(null, "\uFEFF\nhello\n\f\n\u00A0\n");
    expect(plain.method).toBe("lines");
    expect(kinds(plain.lineKinds)).toEqual(["blank", "code", "blank", "code"]);
  });

  it("counts bare triple-quoted Python strings as documentation and one-quote strings as code, as cloc does", async () => {
    const source = [
      '"""Module doc."""',
      "def f():",
      "    'one-quote doc'",
      '    r"""raw',
      "    doc",
      '    """',
      "    x = 1",
      "",
    ];
    const parsed = await analyzeSource("python", source.join("\n"));
    expect(kinds(parsed.lineKinds)).toEqual([
      "comment",
      "code",
      "code",
      "comment",
      "comment",
      "comment",
      "code",
    ]);
  });

  it("takes test runner blocks for test regions, not methods of objects that share a runner's name", async () => {
    const source = [
      'suite.add("encode", () => encode(data));', // 1: Benchmark.js, production code
      "context.with(span, () => handle(request));", // 2: OpenTelemetry context
      "const next = it.next(() => 1);", // 3: an iterator named it
      'describe.each([[1], [2]])("case %i", (n) => {', // 4
      "  expect(n).toBeGreaterThan(0);", // 5
      "});", // 6
      'it.skip("later", () => {});', // 7
      'test.concurrent.each([1])("x", async () => {});', // 8
      "",
    ].join("\n");
    const analysis = await analyzeSource("typescript", source);
    expect(analysis.testRegions.map((region) => [region.startLine, region.endLine])).toEqual([
      [4, 6],
      [7, 7],
      [8, 8],
    ]);
  });

  it("reads lines back exactly as linesOf does, CRLF included", async () => {
    const text = "first\r\nsecond line\r\n\r\nlast";
    const analysis = await analyzeSource("python", text);
    for (const [start, end] of [
      [1, 1],
      [2, 3],
      [4, 4],
      [1, 4],
    ] as const)
      expect(lineText(analysis, start, end)).toBe(linesOf(text, start, end));
  });

  it("parses each file once per snapshot and gives worker threads the same answers as the main thread", async () => {
    const root = await makeRepo({
      "src/lib.rs":
        "pub fn f(x: Option<u8>) -> u8 {\n    x.unwrap()\n}\n#[cfg(test)]\nmod tests { fn t() { None::<u8>.unwrap(); } }\n",
      "app/main.py": "def f():\n    try:\n        g()\n    except:\n        pass\n",
      "web/a.ts": "export const f = (x?: string) => x!.length;\ntry { f(); } catch {}\n",
    });
    const snapshot = await ingest(root);
    const file = snapshot.file("src/lib.rs");
    if (!file) throw new Error("fixture file missing");
    expect(await syntaxOf(snapshot, file)).toBe(await syntaxOf(snapshot, file));
    const inThread = await panicPointsScanner.run(snapshot, {});
    const previous = configureSyntaxWorkers({ threads: 2, minBytes: 0 });
    try {
      const pooled = await panicPointsScanner.run(await ingest(root), {});
      expect(pooled).toEqual(inThread);
      expect(pooled.facts.methods).toEqual({ treeSitter: 3, lexical: 0 });
      expect(syntaxWorkerStats()).toEqual({ requested: 3, parsed: 3, failed: 0 });
    } finally {
      configureSyntaxWorkers(previous);
    }
  });

  it("reads ahead on worker threads only while files are asked for in snapshot order", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [
        `src/m${String(index).padStart(2, "0")}.py`,
        `x = ${index}\n`,
      ]),
    );
    const root = await makeRepo(files);
    const previous = configureSyntaxWorkers({ threads: 2, minBytes: 0 });
    try {
      const snapshot = await ingest(root);
      const at = (index: number) => {
        const file = snapshot.file(`src/m${String(index).padStart(2, "0")}.py`);
        if (!file) throw new Error("fixture file missing");
        return syntaxOf(snapshot, file);
      };
      // Scattered requests parse only what is asked for.
      await at(20);
      await at(5);
      expect(syntaxWorkerStats().requested).toBe(2);
      // The next file in order reads ahead (four files per thread).
      await at(6);
      expect(syntaxWorkerStats().requested).toBe(3 + 8);
    } finally {
      configureSyntaxWorkers(previous);
    }
  });
});
