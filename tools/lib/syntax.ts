import { blankRanges, lineAtOffset } from "./syntax-mask.js";
import type { SyntaxAnalysis, SyntaxFunction } from "./syntax-types.js";
import { LINE_CODE, LINE_COMMENT } from "./syntax-types.js";

export { analyzeLexically, analyzeSource } from "./syntax-analyze.js";
export { syntaxOf } from "./syntax-snapshot.js";
export * from "./syntax-types.js";
export { configureSyntaxWorkers, syntaxWorkerStats } from "./syntax-workers.js";

/** 1-based line of a character offset. */
export function lineOf(analysis: SyntaxAnalysis, offset: number): number {
  return lineAtOffset(analysis.lineStarts, offset);
}

/** True when the line lies in a test region of the file. */
export function isTestLine(analysis: SyntaxAnalysis, line: number): boolean {
  return analysis.testRegions.some((region) => line >= region.startLine && line <= region.endLine);
}

/** The innermost function-like scope around an offset, if any. */
export function enclosingFunction(analysis: SyntaxAnalysis, offset: number): SyntaxFunction | undefined {
  let found: SyntaxFunction | undefined;
  for (const candidate of analysis.functions) {
    if (candidate.start > offset) break;
    if (offset < candidate.end) found = candidate;
  }
  return found;
}

/**
 * The contents of the string literal whose opening quote is at `quoteOffset` in codeText (contents
 * are blank there, so the closing quote is the next quote character), read back from the real text.
 */
export function literalAt(analysis: SyntaxAnalysis, quoteOffset: number): string | undefined {
  const quote = analysis.codeText[quoteOffset];
  if (quote !== '"' && quote !== "'" && quote !== "`") return undefined;
  const close = analysis.codeText.indexOf(quote, quoteOffset + 1);
  return close === -1 ? undefined : analysis.text.slice(quoteOffset + 1, close);
}

/** Code, comment and blank lines, and how many code lines lie in test regions. */
export function countLines(analysis: SyntaxAnalysis): {
  code: number;
  comment: number;
  blank: number;
  testCode: number;
} {
  const counts = { code: 0, comment: 0, blank: 0, testCode: 0 };
  const inTest = new Uint8Array(analysis.lineKinds.length);
  for (const region of analysis.testRegions)
    inTest.fill(1, region.startLine - 1, Math.min(region.endLine, inTest.length));
  for (let index = 0; index < analysis.lineKinds.length; index++) {
    const kind = analysis.lineKinds[index];
    if (kind === LINE_CODE) {
      counts.code++;
      if (inTest[index]) counts.testCode++;
    } else if (kind === LINE_COMMENT) counts.comment++;
    else counts.blank++;
  }
  return counts;
}

/** One regex match over a file's code text (never inside a comment or a string's contents). */
export interface CodeMatch {
  /** Offset of the match, or of its first capture group when it has one. */
  offset: number;
  line: number;
  match: RegExpExecArray;
}

/**
 * Every match of a global pattern over the code text. When the pattern has a capture group, the
 * reported offset and line are those of the first group, so a pattern can include leading context
 * (`\.\s*(unwrap)\(`) while the site points at the token itself.
 */
export function codeMatches(analysis: SyntaxAnalysis, pattern: RegExp): CodeMatch[] {
  const matches: CodeMatch[] = [];
  const flags = new Set(`${pattern.flags}gd`);
  const global = new RegExp(pattern.source, [...flags].join(""));
  for (let match = global.exec(analysis.codeText); match; match = global.exec(analysis.codeText)) {
    const offset = match.indices?.[1]?.[0] ?? match.index;
    matches.push({ offset, line: lineOf(analysis, offset), match });
    if (match[0].length === 0) global.lastIndex++;
  }
  return matches;
}

/**
 * The text with every comment (and docstring) blanked but string literals kept. Without a grammar
 * only whole comment lines are blanked: the lexical pass does not give exact comment bounds.
 */
export function withoutComments(analysis: SyntaxAnalysis): string {
  if (analysis.method !== "tree-sitter") return analysis.codeText;
  if (analysis.comments.length === 0) return analysis.text;
  const ranges: number[] = [];
  for (const comment of analysis.comments) {
    const start = (analysis.lineStarts[comment.line - 1] ?? 0) + comment.column - 1;
    const previousEnd = ranges[ranges.length - 1] ?? -1;
    if (start >= previousEnd) ranges.push(start, start + comment.text.length);
  }
  return blankRanges(analysis.text, ranges);
}

/** The verbatim lines `start..end` (1-based, inclusive), as `linesOf` gives them, without re-splitting the text. */
export function lineText(analysis: SyntaxAnalysis, start: number, end: number = start): string {
  const from = analysis.lineStarts[start - 1];
  if (from === undefined) return "";
  return analysis.text
    .slice(from, analysis.lineStarts[end])
    .replace(/\r?\n$/, "")
    .replace(/\r\n/g, "\n");
}
