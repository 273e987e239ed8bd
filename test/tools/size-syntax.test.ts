import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { sizeScanner } from "../../tools/size.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("size scanner with tree-sitter", () => {
  it("counts test modules inside production files as test code and says which method counted", async () => {
    const root = await makeRepo({
      "src/lib.rs": [
        "/// Adds two numbers.",
        "pub fn add(a: i32, b: i32) -> i32 {",
        '    let _s = "// not a comment";',
        "    a + b",
        "}",
        "",
        "#[cfg(test)]",
        "mod tests {",
        "    use super::*;",
        "    #[test]",
        "    fn adds() {",
        "        assert_eq!(add(1, 2), 3);",
        "    }",
        "}",
        "",
      ].join("\n"),
      "web/app.ts": [
        "/* header */",
        "export const greet = (name: string) => 'hi ' + name;",
        "",
        "if (import.meta.vitest) {",
        "  const { it } = import.meta.vitest;",
        '  it("greets", () => {});',
        "}",
        "",
      ].join("\n"),
      "Build.kt": "// kotlin has no grammar here\nval x = 1\n",
    });
    const { facts, findings } = await sizeScanner.run(await ingest(root), {});
    expect(facts.languages).toEqual([
      {
        language: "rust",
        files: 1,
        code: 12,
        comment: 1,
        blank: 1,
        testFiles: 0,
        testCode: 8,
        method: "tree-sitter",
      },
      {
        language: "typescript",
        files: 1,
        code: 5,
        comment: 1,
        blank: 1,
        testFiles: 0,
        testCode: 4,
        method: "tree-sitter",
      },
      {
        language: "kotlin",
        files: 1,
        code: 1,
        comment: 1,
        blank: 0,
        testFiles: 0,
        testCode: 0,
        method: "lexical",
      },
    ]);
    expect(facts.production).toEqual({ files: 3, code: 6 });
    expect(facts.test).toEqual({ files: 0, code: 12 });
    expect(facts.testToCodeRatio).toBe(2);
    expect(findings).toEqual([]);
  });
});
