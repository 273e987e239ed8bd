import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import {
  matchCode,
  mayMatch,
  readParsedSource,
  readSource,
  sourceText,
} from "../../tools/lib/source-text.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("source text", () => {
  it("pre-checks a text against many patterns as one scan per flag set, with each pattern's own flags", () => {
    const patterns = [/\bcors\(/, /HELMET/i, /^from flask\b/, /(["'])secret\1/];
    expect(mayMatch("app.use(cors())", patterns)).toBe(true);
    expect(mayMatch("import helmet from 'helmet'", patterns)).toBe(true);
    expect(mayMatch("x = 1\nfrom flask import Flask\n", patterns)).toBe(true);
    expect(mayMatch(`key = "secret"`, patterns)).toBe(true);
    // Decoys: the case-sensitive pattern keeps its case, the backreference its own group.
    expect(mayMatch("app.use(CORS())", patterns)).toBe(false);
    expect(mayMatch(`key = "secret'`, patterns)).toBe(false);
    expect(mayMatch("  from flask_x import y", patterns)).toBe(false);
  });

  it("finds per line what it finds, whether or not the whole text is checked first", () => {
    const text = ["verify = x", ":", "  print(1)", "# print(2)", "KEY=1"].join("\n");
    const source = sourceText("a.py", "python", text, false);
    const lines = (pattern: RegExp) => matchCode(source, pattern).map((hit) => hit.line);
    // Line by line, nothing follows `x`; over the whole text the next line's ":" would.
    expect(lines(/\bverify = x(?!\s*:)/g)).toEqual([1]);
    expect(lines(/(?<!\S)print\(/g)).toEqual([3]);
    expect(lines(/^KEY=/gm)).toEqual([5]);
    // Absent from the text, or only in a comment: no line is searched, nothing is found.
    expect(lines(/\bmissing\(/g)).toEqual([]);
    expect(lines(/print\(2\)/g)).toEqual([]);
  });

  it("builds a file's line view once per snapshot and shares it between readers", async () => {
    const root = await makeRepo({ "app.py": "# comment\nx = 'a'  # note\n" });
    const snapshot = await ingest(root);
    const file = snapshot.file("app.py");
    if (!file) throw new Error("fixture file missing");
    const first = await readSource(snapshot, file);
    expect(await readSource(snapshot, file)).toBe(first);
    expect(first.code).toEqual(["#        ", "x = 'a'  #     "]);
    const parsed = await readParsedSource(snapshot, file);
    expect(await readParsedSource(snapshot, file)).toBe(parsed);
    expect(parsed.codeOutsideStrings?.[1]).toBe("x = ' '        ");
    expect(await readSource(await ingest(root), file)).not.toBe(first);
  });

  it("reads Rust test modules under any cfg that requires test, and only those", () => {
    const text = [
      "fn run() {}", // 1
      '#[cfg(all(feature = "slow", test))]', // 2
      "mod slow_tests {", // 3
      "    fn a() {}", // 4
      "}", // 5
      "#[cfg(any(test, fuzzing))]", // 6
      "mod helpers {", // 7
      "}", // 8
      "#[cfg(not(test))]", // 9
      "fn only_in_release() {}", // 10
      "#[cfg(test)]", // 11
      "mod tests;", // 12
    ].join("\n");
    const source = sourceText("src/lib.rs", "rust", text, false);
    const testLines = source.lines.flatMap((_, index) => (source.isTestLine(index + 1) ? [index + 1] : []));
    expect(testLines).toEqual([2, 3, 4, 5, 11, 12]);
  });

  it("takes a parsed file's line view from its syntax tree: exact comments and in-file test regions", async () => {
    const root = await makeRepo({
      "app/service.py": [
        "import unittest",
        'URL = "http://x"  # see http://docs',
        "class TestService(unittest.TestCase):",
        "    def test_a(self):",
        "        self.assertEqual(1, 1)",
        "",
      ].join("\n"),
    });
    const snapshot = await ingest(root);
    const file = snapshot.file("app/service.py");
    if (!file) throw new Error("fixture file missing");
    const source = await readParsedSource(snapshot, file);
    const blankComment = " ".repeat("# see http://docs".length);
    expect(source.code[1]).toBe(`URL = "http://x"  ${blankComment}`);
    expect(source.codeOutsideStrings?.[1]).toBe(`URL = "        "  ${blankComment}`);
    expect([1, 2, 3, 4, 5].map((line) => source.isTestLine(line))).toEqual([false, false, true, true, true]);
    expect([1, 6].map((line) => source.isCodeLine(line))).toEqual([true, false]);
  });
});
