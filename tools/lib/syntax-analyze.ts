import { lex, syntaxFor } from "./lexer.js";
import { hasGrammar } from "./syntax-grammars.js";
import { isBlankLine, lineStartsOf } from "./syntax-mask.js";
import { analyzeWithTree } from "./syntax-tree.js";
import { LINE_BLANK, LINE_CODE, LINE_COMMENT, type SyntaxAnalysis } from "./syntax-types.js";

/**
 * Reads a file's syntax: tree-sitter where codeaudit has a grammar, else the lexical pass, else plain
 * lines. `path` lets path conventions add test regions (a Go `_test.go` file is a test region whole).
 */
export async function analyzeSource(
  language: string | null,
  text: string,
  options: { path?: string } = {},
): Promise<SyntaxAnalysis> {
  if (hasGrammar(language)) {
    // A grammar that cannot read a file (or a runtime failure) costs precision, never the scan.
    const parsed = await analyzeWithTree(language, text, options.path).catch(() => undefined);
    if (parsed) return parsed;
  }
  return analyzeLexically(language, text);
}

/** The lexical (or plain-line) analysis: line kinds and comments, no structure. */
export function analyzeLexically(language: string | null, text: string): SyntaxAnalysis {
  const lineStarts = lineStartsOf(text);
  const lineKinds = new Uint8Array(lineStarts.length);
  const syntax = syntaxFor(language);
  const lexed = syntax ? lex(text, syntax) : undefined;
  const lines = text.split("\n");
  for (let index = 0; index < lineStarts.length; index++) {
    if (lexed)
      lineKinds[index] = lexed.code[index] ? LINE_CODE : lexed.comment[index] ? LINE_COMMENT : LINE_BLANK;
    else lineKinds[index] = isBlankLine(lines[index] ?? "", index === 0) ? LINE_BLANK : LINE_CODE;
  }
  const codeText = lexed
    ? lines
        .map((line, index) => (lineKinds[index] === LINE_COMMENT ? line.replace(/[^\r]/g, " ") : line))
        .join("\n")
    : text;
  return {
    method: lexed ? "lexical" : "lines",
    language,
    text,
    codeText,
    lineKinds,
    lineStarts,
    comments: lexed?.comments ?? [],
    testRegions: [],
    functions: [],
    imports: [],
    marks: [],
    hasErrors: false,
  };
}
