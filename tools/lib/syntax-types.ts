import type { CommentSpan } from "./lexer.js";

/** What produced a file's line counts: a parsed grammar, the lexical pass, or plain line counting. */
export type CountMethod = "tree-sitter" | "lexical" | "lines";

/** `SyntaxAnalysis.lineKinds` values. */
export const LINE_BLANK = 0;
export const LINE_CODE = 1;
export const LINE_COMMENT = 2;

/** A function-like scope (function, method, closure, lambda, async block), for "what encloses this call". */
export interface SyntaxFunction {
  name: string;
  /** Character offsets into the text, end exclusive. */
  start: number;
  end: number;
  line: number;
  endLine: number;
  isAsync: boolean;
  /** A function passed to a web framework's route registration (`app.get(path, handler)`). */
  isHandler: boolean;
}

/** Lines of a production file that hold tests (a Rust `#[cfg(test)]` module, a `describe` block…). */
export interface TestRegion {
  startLine: number;
  endLine: number;
  kind: string;
}

/** An import / use / require of a module, crate or package, by the name the code uses. */
export interface SyntaxImport {
  module: string;
  line: number;
  /** The local name it is bound to, where the language makes that explicit (Go `import r "math/rand"`). */
  alias?: string;
}

/** One statement of a block a scanner asked about (the body of an `except` or `catch`). */
export interface MarkStatement {
  type: string;
  text: string;
  line: number;
}

/**
 * A syntax node scanners ask about, in a parser-independent shape. Kinds: `except` (Python, `name`
 * is the caught type text, "" when bare), `catch` (JS/TS), `class` (Python; `detail` holds the bases),
 * `non-null` and `any` (TypeScript), `discard` (Go `_ = call()`; `name` is the callee).
 */
export interface SyntaxMark {
  kind: string;
  start: number;
  end: number;
  line: number;
  endLine: number;
  name?: string;
  detail?: string;
  body?: MarkStatement[];
}

/** Everything the scanners need to know about one file's syntax, computed once and cached. */
export interface SyntaxAnalysis {
  method: CountMethod;
  language: string | null;
  text: string;
  /**
   * The text with comments and string-literal contents replaced by spaces (same length, same line
   * breaks), so a regex over it only sees code. Quotes stay, so a literal's span can be found and read
   * back from `text`. With the lexical method only comment-only lines are blanked; with "lines", none.
   */
  codeText: string;
  /** Per line (index 0 is line 1): LINE_BLANK, LINE_CODE or LINE_COMMENT, as tokei/cloc count them. */
  lineKinds: Uint8Array<ArrayBuffer>;
  /** Offset of each line's first character. */
  lineStarts: Int32Array<ArrayBuffer>;
  /** Comment text, one span per line a comment touches (delimiters included with tree-sitter). */
  comments: CommentSpan[];
  testRegions: TestRegion[];
  /** Sorted by start offset. */
  functions: SyntaxFunction[];
  imports: SyntaxImport[];
  marks: SyntaxMark[];
  /** The parser met syntax it could not read; counts are still best effort. */
  hasErrors: boolean;
}
