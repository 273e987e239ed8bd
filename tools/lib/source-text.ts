import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";
import { WeightedLru } from "../../src/util/weighted-lru.js";
import { splitLines } from "./evidence.js";
import { type CommentSpan, lex, syntaxFor } from "./lexer.js";
import { isTestLine, LINE_CODE, type SyntaxAnalysis, withoutComments } from "./syntax.js";
import { cfgRequiresTest } from "./syntax-rust.js";
import { syntaxOf } from "./syntax-snapshot.js";

/**
 * A source file seen line by line, with comment text blanked out so pattern matches never land in
 * a comment. Line numbers and columns are those of the file. This is the one place that decides
 * "is this code?" for the pattern scanners, so a parsed grammar can replace the lexical pass here.
 */
export interface SourceText {
  readonly path: string;
  readonly language: string | null;
  /** The whole text the lines were split from. */
  readonly text: string;
  /** Raw lines; index 0 is line 1. */
  readonly lines: readonly string[];
  /** The same lines with comment text (and docstrings) replaced by spaces. */
  readonly code: readonly string[];
  /** True when the 1-based line holds code (not only a comment, docstring or blanks). */
  isCodeLine(line: number): boolean;
  /**
   * True when the 1-based line is test code: a test file, or a test region inside a production file
   * (a Rust `#[cfg(test)]` item; with a parsed tree also a Python test class or a `describe` block).
   */
  isTestLine(line: number): boolean;
  /**
   * The code lines with string contents blanked as the parsed syntax tree sees them (multi-line
   * template literals and triple-quoted strings included); absent without a grammar, when each line
   * is read on its own.
   */
  readonly codeOutsideStrings?: readonly string[];
}

/** One match of a pattern on code (never inside a comment). */
export interface CodeMatch {
  line: number;
  column: number;
  match: RegExpExecArray;
}

/** Reads a file through the snapshot and splits it into code lines. */
export async function readSource(snapshot: RepoSnapshot, file: RepoFile): Promise<SourceText> {
  return sourceOf(snapshot, file, await snapshot.read(file.path));
}

/**
 * Reads a file like `readSource`, but where codeaudit has a grammar the whole view comes from the
 * parsed syntax tree: exact comment bounds, in-file test regions, and string bounds, so a match that
 * must start in code never starts inside a multi-line string (a code generator's template).
 */
export function readParsedSource(snapshot: RepoSnapshot, file: RepoFile): Promise<SourceText> {
  const memo = memoOf(snapshot);
  const known = memo.get(`parsed:${file.path}`);
  if (known) return known as Promise<SourceText>;
  const parsed = syntaxOf(snapshot, file).then((analysis) =>
    analysis.method === "tree-sitter"
      ? parsedSource(file, analysis)
      : sourceOf(snapshot, file, analysis.text),
  );
  memo.set(`parsed:${file.path}`, parsed, file.size * 2);
  parsed.catch(() => memo.delete(`parsed:${file.path}`, parsed));
  return parsed;
}

/**
 * The line view of a snapshot's file whose text the caller has read, built once and shared by every
 * scanner while it stays in a bounded per-snapshot memo (several scanners read the same files).
 */
export function sourceOf(snapshot: RepoSnapshot, file: RepoFile, text: string): SourceText {
  const memo = memoOf(snapshot);
  const known = memo.get(`plain:${file.path}`) as SourceText | undefined;
  if (known && known.text === text) return known;
  const source = sourceText(file.path, file.language, text, file.isTest);
  memo.set(`plain:${file.path}`, source, text.length * 2);
  return source;
}

/**
 * The line view of a parsed file, taken from its syntax tree: comments (and docstrings) blanked with
 * their delimiters, code lines as the tree counts them, and test lines from the tree's test regions
 * (a Rust `#[cfg(test)]` module, a Python test class, a `describe` block) as well as the file's path.
 */
function parsedSource(file: RepoFile, analysis: SyntaxAnalysis): SourceText {
  // The line arrays are split when first read: most files are only searched in a view or two.
  let lines: readonly string[] | undefined;
  let code: readonly string[] | undefined;
  let codeOutsideStrings: readonly string[] | undefined;
  return {
    path: file.path,
    language: file.language,
    text: analysis.text,
    get lines() {
      lines ??= splitLines(analysis.text);
      return lines;
    },
    get code() {
      code ??= splitLines(withoutComments(analysis));
      return code;
    },
    get codeOutsideStrings() {
      codeOutsideStrings ??= splitLines(analysis.codeText);
      return codeOutsideStrings;
    },
    isCodeLine: (line) => analysis.lineKinds[line - 1] === LINE_CODE,
    isTestLine: (line) => file.isTest || isTestLine(analysis, line),
  };
}

/** Characters of source whose line views a snapshot keeps (each weighs about twice its text). */
const SOURCE_MEMO_WEIGHT = 96 * 1024 * 1024;
const memos = new WeakMap<RepoSnapshot, WeightedLru<SourceText | Promise<SourceText>>>();

function memoOf(snapshot: RepoSnapshot): WeightedLru<SourceText | Promise<SourceText>> {
  let memo = memos.get(snapshot);
  if (!memo) {
    memo = new WeightedLru(SOURCE_MEMO_WEIGHT);
    memos.set(snapshot, memo);
  }
  return memo;
}

/** Builds the line view of a text; comments are blanked with the lexical pass for the language. */
export function sourceText(
  path: string,
  language: string | null,
  text: string,
  isTestFile: boolean,
): SourceText {
  const lines = splitLines(text);
  const syntax = syntaxFor(language);
  const lexed = syntax ? lex(text, syntax) : undefined;
  const code = lexed ? blankComments(lines, lexed.comments) : [...lines];
  const regions = language === "rust" && !isTestFile ? rustTestRegions(code) : [];
  return {
    path,
    language,
    text,
    lines,
    code,
    isCodeLine: (line) => (lexed ? lexed.code[line - 1] === true : (lines[line - 1] ?? "").trim() !== ""),
    isTestLine: (line) => isTestFile || regions.some(([start, end]) => line >= start && line <= end),
  };
}

/**
 * Every match of a global pattern on the code lines, in file order. With `outsideStrings`, string
 * contents are blanked first, so `"info!(…)"` in a message is not a call; with `startInCode`, a match
 * may run into a string (`= "0"`) but may not begin inside one (a message that quotes the pattern).
 */
export function matchCode(
  source: SourceText,
  pattern: RegExp,
  options: { outsideStrings?: boolean; startInCode?: boolean } = {},
): CodeMatch[] {
  const found: CodeMatch[] = [];
  if (!mayMatchText(source.text, pattern)) return found;
  source.code.forEach((line, index) => {
    const outside = () => source.codeOutsideStrings?.[index] ?? blankStrings(line);
    const text = options.outsideStrings ? outside() : line;
    // Most lines do not match; a failed test is far cheaper than matchAll, which copies the pattern.
    if (!mayMatchLine(pattern, text)) return;
    const blanked = options.startInCode ? outside() : undefined;
    for (const match of text.matchAll(pattern)) {
      // Leading blanks are not where a match starts (`^\s*from flask` inside a string literal).
      const start = match.index + match[0].length - match[0].trimStart().length;
      if (blanked && insideString(line, blanked, start)) continue;
      found.push({ line: index + 1, column: match.index + 1, match: match as RegExpExecArray });
    }
  });
  return found;
}

// Searches from the pattern's lastIndex, as matchAll does, and leaves lastIndex as it was. A pattern
// without the g flag is let through, so matchAll still rejects it.
function mayMatchLine(pattern: RegExp, text: string): boolean {
  if (!pattern.global) return true;
  const from = pattern.lastIndex;
  const found = pattern.test(text);
  pattern.lastIndex = from;
  return found;
}

/** True when the character at `offset` is string content (blanked) rather than code or a quote. */
function insideString(line: string, blanked: string, offset: number): boolean {
  return blanked[offset] === " " && line[offset] !== " ";
}

function blankComments(lines: string[], comments: readonly CommentSpan[]): string[] {
  const code = [...lines];
  for (const span of comments) {
    const index = span.line - 1;
    const line = code[index];
    if (line === undefined || span.text.length === 0) continue;
    const start = line.indexOf(span.text, span.column - 1);
    if (start === -1) continue;
    code[index] = line.slice(0, start) + " ".repeat(span.text.length) + line.slice(start + span.text.length);
  }
  return code;
}

const globals = new WeakMap<RegExp, RegExp>();

/** The pattern with the `g` flag, as `matchAll` needs (made once per pattern). */
export function withGlobal(pattern: RegExp): RegExp {
  if (pattern.flags.includes("g")) return pattern;
  let global = globals.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, `${pattern.flags}g`);
    globals.set(pattern, global);
  }
  return global;
}

const wholeText = new WeakMap<RegExp, RegExp | null>();

/**
 * `mayMatch` for one pattern a line-by-line search is about to try on every line: most patterns
 * appear in few files, and one scan of the text is far cheaper than a test per line. Not for a
 * pattern whose lookaround could read past a line's end (whitespace, negated classes, anchors,
 * any character): on the whole text it would see the next line, so such patterns are always tried.
 */
function mayMatchText(text: string, pattern: RegExp): boolean {
  let scan = wholeText.get(pattern);
  if (scan === undefined) {
    scan = LOOKAROUND_ACROSS_LINES.test(pattern.source) ? null : (combinePatterns([pattern])[0] ?? null);
    wholeText.set(pattern, scan);
  }
  return scan === null || scan.test(text);
}

const LOOKAROUND_ACROSS_LINES = /\(\?<?[=!](?:[^()\\]|\\.)*(?:\\[sSWDB]|\[\^|[.$^])/;

const combined = new Map<string, RegExp[]>();

/**
 * A cheap pre-check on the raw text: can any of the patterns match anywhere (comments included)?
 * A file that fails it cannot produce a code match, so it need not be lexed. Patterns that share
 * flags are tried as one alternation, so the text is scanned once per flag set, not once per pattern.
 */
export function mayMatch(text: string, patterns: readonly RegExp[]): boolean {
  const key = patterns.map((pattern) => `${pattern.flags}/${pattern.source}`).join("\n");
  let scans = combined.get(key);
  if (!scans) {
    scans = combinePatterns(patterns);
    combined.set(key, scans);
  }
  return scans.some((scan) => scan.test(text));
}

// Backreferences and named groups are numbered or named per pattern, so those patterns stay apart.
function combinePatterns(patterns: readonly RegExp[]): RegExp[] {
  const groups = new Map<string, string[]>();
  const alone: RegExp[] = [];
  for (const pattern of patterns) {
    const flags = `${pattern.flags.replace(/[dgmy]/g, "")}m`;
    if (/\\[1-9k]|\(\?<[A-Za-z]/.test(pattern.source)) alone.push(new RegExp(pattern.source, flags));
    else groups.set(flags, [...(groups.get(flags) ?? []), pattern.source]);
  }
  const scans = [...groups].map(
    ([flags, sources]) => new RegExp(sources.map((source) => `(?:${source})`).join("|"), flags),
  );
  return [...scans, ...alone];
}

/** Blanks the contents of quoted strings on one line (quotes kept), so identifiers inside text do not match. */
export function blankStrings(line: string): string {
  return line.replace(
    /"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`/g,
    (literal) => `${literal[0]}${" ".repeat(literal.length - 2)}${literal[0]}`,
  );
}

/** A string literal on one line: its unescaped-enough value and 1-based column of the opening quote. */
export interface StringLiteral {
  value: string;
  column: number;
}

/** The single-line string literals of a code line (double, single and backtick quotes). */
export function stringLiterals(line: string, language: string | null): StringLiteral[] {
  // In Rust a single quote starts a char literal or a lifetime, never a string.
  const pattern = language === "rust" ? /"((?:\\.|[^"\\])*)"/g : /(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
  return [...line.matchAll(pattern)].map((match) => ({
    value: (language === "rust" ? match[1] : match[2]) ?? "",
    column: match.index + 1,
  }));
}

/**
 * Line ranges of items under `#[cfg(test)]` (usually `mod tests { … }`): from the attribute to the
 * item's closing brace, or its semicolon for `mod tests;` and `use` items.
 */
export function rustTestRegions(code: readonly string[]): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  for (let index = 0; index < code.length; index++) {
    const line = code[index] ?? "";
    const attribute = /#\[cfg\s*\(([^\]]*)\)\s*\]/.exec(line);
    if (!attribute || !cfgRequiresTest(attribute[1] ?? "")) continue;
    let depth = 0;
    let opened = false;
    let end = -1;
    for (let cursor = index; cursor < code.length && end === -1; cursor++) {
      const text = blankStrings(code[cursor] ?? "");
      const from = cursor === index ? attribute.index + attribute[0].length : 0;
      for (let column = from; column < text.length; column++) {
        const ch = text[column];
        if (ch === "{") {
          depth++;
          opened = true;
        } else if (ch === "}") {
          depth--;
          if (opened && depth === 0) {
            end = cursor;
            break;
          }
        } else if (ch === ";" && !opened && depth === 0) {
          end = cursor;
          break;
        }
      }
    }
    const last = end === -1 ? code.length - 1 : end;
    regions.push([index + 1, last + 1]);
    index = last;
  }
  return regions;
}
