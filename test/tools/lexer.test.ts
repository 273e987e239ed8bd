import { describe, expect, it } from "vitest";
import { lex, syntaxFor } from "../../tools/lib/lexer.js";

function syntax(language: string) {
  const found = syntaxFor(language);
  if (!found) throw new Error(`no syntax for ${language}`);
  return found;
}

describe("lexer", () => {
  it("separates Rust code, comments and strings, including nested blocks, raw strings and lifetimes", () => {
    const source = [
      "// line comment TODO",
      "fn f<'a>(x: &'a str) -> char {",
      '    let s = "// not a comment";',
      '    let r = r#"/* not a block */"#;',
      "    /* outer /* inner */ still comment */",
      "    'x'",
      "}",
      "",
    ].join("\n");
    const result = lex(source, syntax("rust"));
    expect(result.code).toEqual([false, true, true, true, false, true, true]);
    expect(result.comment).toEqual([true, false, false, false, true, false, false]);
    expect(result.comments.map((comment) => [comment.line, comment.text.trim()])).toEqual([
      [1, "line comment TODO"],
      [5, "outer /* inner */ still comment"],
    ]);
  });

  it("treats Python docstrings as comments and other strings as code", () => {
    const source = [
      '"""Module doc.',
      "TODO: in docstring",
      '"""',
      "x = '# not a comment'  # real comment",
      'y = """data',
      'more"""',
    ].join("\n");
    const result = lex(source, syntax("python"));
    expect(result.code).toEqual([false, false, false, true, true, true]);
    expect(result.comment).toEqual([true, true, true, true, false, false]);
    expect(result.comments.map((comment) => comment.text.trim())).toEqual([
      "Module doc.",
      "TODO: in docstring",
      "",
      "real comment",
    ]);
  });

  it("reads Kotlin triple-quoted strings as raw code, never as docstrings", () => {
    const source = [
      "val expected =",
      '    """',
      '    <div class="card">',
      '    """.trimIndent()',
      'val path = """C:\\temp\\"""',
      "// a real comment",
    ].join("\n");
    const result = lex(source, syntax("kotlin"));
    expect(result.code).toEqual([true, true, true, true, true, false]);
    expect(result.comments.map((comment) => comment.text.trim())).toEqual(["a real comment"]);
  });

  it("does not take shell parameter expansions for comments", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax under test, not a template
    const result = lex('echo "$#" ${#array[@]} # count\n', syntax("shell"));
    expect(result.comments.map((comment) => comment.text.trim())).toEqual(["count"]);
  });

  it("keeps JavaScript template literals across lines as code", () => {
    const result = lex("const t = `line1\n// still string\n`;\n// comment\n", syntax("javascript"));
    expect(result.code).toEqual([true, true, true, false]);
    expect(result.comments.map((comment) => comment.line)).toEqual([4]);
  });

  it("counts whitespace-only lines as blank inside comments and strings, as tokei and cloc do", () => {
    const source = [
      "\uFEFF// header after a byte-order mark",
      "/*",
      "  \t",
      "*/",
      "\f",
      "int x = 1;",
      "\v",
      "\u00A0",
      "",
    ].join("\n");
    const result = lex(source, syntax("c"));
    const kindsOf = (index: number) =>
      result.code[index] ? "code" : result.comment[index] ? "comment" : "blank";
    // The no-break space line is the decoy: counters do not trim it, so it is code.
    expect(result.code.map((_, index) => kindsOf(index))).toEqual([
      "comment",
      "comment",
      "blank",
      "comment",
      "blank",
      "code",
      "blank",
      "code",
    ]);
    const template = lex("const t = `a\n  \nb`;\n", syntax("javascript"));
    expect(template.code).toEqual([true, false, true]);
    expect(template.comment).toEqual([false, false, false]);
  });

  it("keeps a Python docstring's blank lines blank and its text lines comments", () => {
    const result = lex(
      ["def f():", '    """Doc.', "    ", "    more", '    """', ""].join("\n"),
      syntax("python"),
    );
    expect(result.code).toEqual([true, false, false, false, false]);
    expect(result.comment).toEqual([false, true, false, true, true]);
  });
});
