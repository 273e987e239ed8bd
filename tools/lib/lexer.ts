/**
 * A careful lexical pass that tells code, comments and strings apart for languages without a parsed
 * grammar (and as the fast path for counting). It knows each family's comment and string syntax,
 * including nested Rust block comments, Rust lifetimes vs char literals, raw strings, Python
 * docstrings and shell `#` that is not a comment (`$#`, `${#x}`).
 */

import { isBlankLine, isLineSpace } from "./syntax-mask.js";

export interface LexSyntax {
  line: string[];
  block: Array<[string, string]>;
  nestedBlocks?: boolean;
  /** `#` only starts a comment at line start or after whitespace (shell, yaml, toml, dockerfile). */
  hashNeedsSpace?: boolean;
  /** Comments only at the start of a line (Dockerfile). */
  lineStartOnly?: boolean;
  quotes: string[];
  tripleQuotes?: boolean;
  /** A triple-quoted string standing alone as a statement is documentation (Python docstrings). */
  docstrings?: boolean;
  /** Triple-quoted strings take no escapes (Kotlin and Scala raw strings): `"""C:\"""` ends there. */
  rawTriple?: boolean;
  rustStrings?: boolean;
  /** Backtick strings can span lines (JS template literals, Go raw strings). */
  multilineBacktick?: boolean;
}

const C_LIKE: LexSyntax = { line: ["//"], block: [["/*", "*/"]], quotes: ['"', "'"] };
const HASH: LexSyntax = { line: ["#"], block: [], quotes: ['"', "'"], hashNeedsSpace: true };

const SYNTAX: Record<string, LexSyntax> = {
  rust: { line: ["//"], block: [["/*", "*/"]], nestedBlocks: true, quotes: ['"'], rustStrings: true },
  javascript: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  typescript: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  tsx: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  vue: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  svelte: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  go: { ...C_LIKE, quotes: ['"', "'", "`"], multilineBacktick: true },
  java: C_LIKE,
  kotlin: { ...C_LIKE, nestedBlocks: true, quotes: ['"', "'"], tripleQuotes: true, rawTriple: true },
  scala: { ...C_LIKE, quotes: ['"', "'"], tripleQuotes: true, rawTriple: true },
  c: C_LIKE,
  cpp: C_LIKE,
  csharp: C_LIKE,
  swift: { ...C_LIKE, nestedBlocks: true, quotes: ['"'], tripleQuotes: true },
  dart: C_LIKE,
  php: { line: ["//", "#"], block: [["/*", "*/"]], quotes: ['"', "'"] },
  groovy: C_LIKE,
  zig: { line: ["//"], block: [], quotes: ['"', "'"] },
  css: { line: [], block: [["/*", "*/"]], quotes: ['"', "'"] },
  scss: C_LIKE,
  python: { line: ["#"], block: [], quotes: ['"', "'"], tripleQuotes: true, docstrings: true },
  ruby: { ...HASH, block: [["=begin", "=end"]] },
  shell: HASH,
  perl: HASH,
  powershell: { line: ["#"], block: [["<#", "#>"]], quotes: ['"', "'"] },
  r: HASH,
  elixir: { ...HASH, tripleQuotes: true },
  julia: { ...HASH, block: [["#=", "=#"]] },
  nim: HASH,
  yaml: HASH,
  toml: { ...HASH, tripleQuotes: true },
  makefile: { line: ["#"], block: [], quotes: [], hashNeedsSpace: true },
  dockerfile: { line: ["#"], block: [], quotes: [], lineStartOnly: true },
  dotenv: { line: ["#"], block: [], quotes: ['"', "'"], hashNeedsSpace: true },
  ignore: { line: ["#"], block: [], quotes: [], lineStartOnly: true },
  ini: { line: [";", "#"], block: [], quotes: [], lineStartOnly: true },
  terraform: { line: ["#", "//"], block: [["/*", "*/"]], quotes: ['"'] },
  hcl: { line: ["#", "//"], block: [["/*", "*/"]], quotes: ['"'] },
  protobuf: C_LIKE,
  sql: { line: ["--"], block: [["/*", "*/"]], quotes: ["'", '"'] },
  lua: { line: ["--"], block: [["--[[", "]]"]], quotes: ['"', "'"] },
  haskell: { line: ["--"], block: [["{-", "-}"]], nestedBlocks: true, quotes: ['"'] },
  ocaml: { line: [], block: [["(*", "*)"]], nestedBlocks: true, quotes: ['"'] },
  erlang: { line: ["%"], block: [], quotes: ['"'] },
  html: { line: [], block: [["<!--", "-->"]], quotes: [] },
  xml: { line: [], block: [["<!--", "-->"]], quotes: [] },
  markdown: { line: [], block: [["<!--", "-->"]], quotes: [] },
};

/** The lexical syntax for a language, or undefined when codeaudit does not know its comments. */
export function syntaxFor(language: string | null): LexSyntax | undefined {
  return language ? SYNTAX[language] : undefined;
}

/** A comment's text and where it starts (1-based line and column). */
export interface CommentSpan {
  line: number;
  column: number;
  text: string;
}

export interface LexResult {
  /** Per line (index 0 is line 1): does the line hold code, a comment? */
  code: boolean[];
  comment: boolean[];
  comments: CommentSpan[];
}

type State =
  | { kind: "code" }
  | { kind: "block"; close: string; open: string; depth: number; nestedBlocks: boolean }
  | { kind: "string"; quote: string; raw: boolean; doc: boolean };

/** Splits text into code, comments and strings; strings count as code lines. */
export function lex(text: string, syntax: LexSyntax): LexResult {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "" && text.endsWith("\n")) lines.pop();
  const code = new Array<boolean>(lines.length).fill(false);
  const comment = new Array<boolean>(lines.length).fill(false);
  const comments: CommentSpan[] = [];
  const starts = tokenStarts(syntax);
  let state: State = { kind: "code" };

  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = (lines[lineIndex] ?? "").replace(/\r$/, "");
    // A line of whitespace is blank even inside a block comment or a string, as counters count it.
    if (isBlankLine(line, lineIndex === 0)) continue;
    // A leading byte-order mark is encoding, not text: `\uFEFF// note` is a comment line.
    let i = lineIndex === 0 && line.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < line.length) {
      if (state.kind === "block") {
        // Scan to the end of the outermost comment (or of the line), then record the segment once.
        const segmentStart = i;
        comment[lineIndex] = true;
        while (i < line.length && state.kind === "block") {
          const closeAt = line.indexOf(state.close, i);
          const reopenAt = state.nestedBlocks ? line.indexOf(state.open, i) : -1;
          if (reopenAt !== -1 && (closeAt === -1 || reopenAt < closeAt)) {
            state.depth++;
            i = reopenAt + state.open.length;
          } else if (closeAt === -1) {
            i = line.length;
          } else {
            state.depth--;
            i = closeAt + state.close.length;
            if (state.depth === 0) {
              pushComment(comments, line.slice(segmentStart, closeAt), lineIndex, segmentStart);
              state = { kind: "code" };
            }
          }
        }
        if (state.kind === "block") pushComment(comments, line.slice(segmentStart), lineIndex, segmentStart);
        continue;
      }
      if (state.kind === "string") {
        if (state.doc) comment[lineIndex] = true;
        else code[lineIndex] = true;
        const end = findStringEnd(line, i, state.quote, state.raw);
        if (end === -1) {
          if (state.doc) pushComment(comments, line.slice(i), lineIndex, i);
          i = line.length;
          break;
        }
        if (state.doc) pushComment(comments, line.slice(i, end), lineIndex, i);
        i = end + state.quote.length;
        state = { kind: "code" };
        continue;
      }
      if (isLineSpace(line.charCodeAt(i))) {
        i++;
        continue;
      }
      // Most characters start neither a comment nor a string; skipping the matchers for them keeps the
      // pass linear and cheap (it runs over every file, several times per catalogue).
      if (!mayStartToken(starts, line, i)) {
        code[lineIndex] = true;
        i++;
        continue;
      }
      const lineComment = matchLineComment(line, i, syntax);
      if (lineComment) {
        comment[lineIndex] = true;
        comments.push({ line: lineIndex + 1, column: i + 1, text: line.slice(i + lineComment.length) });
        i = line.length;
        break;
      }
      const block = syntax.block.find(([open]) => line.startsWith(open, i));
      if (block) {
        comment[lineIndex] = true;
        state = {
          kind: "block",
          open: block[0],
          close: block[1],
          depth: 1,
          nestedBlocks: syntax.nestedBlocks ?? false,
        };
        i += block[0].length;
        continue;
      }
      const str = matchStringStart(line, i, syntax, code[lineIndex] === true);
      if (str) {
        if (str.doc) comment[lineIndex] = true;
        else code[lineIndex] = true;
        const bodyStart = i + str.prefix.length;
        const end = findStringEnd(line, bodyStart, str.quote, str.raw);
        if (end === -1) {
          if (str.multiline) {
            state = { kind: "string", quote: str.quote, raw: str.raw, doc: str.doc };
            if (str.doc) comments.push({ line: lineIndex + 1, column: i + 1, text: line.slice(bodyStart) });
          }
          i = line.length;
          break;
        }
        if (str.doc) comments.push({ line: lineIndex + 1, column: i + 1, text: line.slice(bodyStart, end) });
        i = end + str.quote.length;
        continue;
      }
      code[lineIndex] = true;
      i++;
    }
  }
  return { code, comment, comments };
}

/** First characters (ASCII) that may open a comment or string; prefix letters only count after a non-word character. */
interface TokenStarts {
  always: Uint8Array;
  afterNonWord: Uint8Array;
}

const startsBySyntax = new WeakMap<LexSyntax, TokenStarts>();

function tokenStarts(syntax: LexSyntax): TokenStarts {
  const known = startsBySyntax.get(syntax);
  if (known) return known;
  const always = new Uint8Array(128);
  const afterNonWord = new Uint8Array(128);
  const mark = (table: Uint8Array, text: string) => {
    const code = text.charCodeAt(0);
    if (code < 128) table[code] = 1;
  };
  for (const token of syntax.line) mark(always, token);
  for (const [open] of syntax.block) mark(always, open);
  for (const quote of syntax.quotes) mark(always, quote);
  // The string prefixes matchStringStart knows: Rust b"…", r"…", br#"…"# and char literals; Python-style r/b/u/f.
  if (syntax.rustStrings) {
    for (const quote of ['"', "'"]) mark(always, quote);
    for (const letter of ["b", "r"]) mark(afterNonWord, letter);
  }
  if (syntax.tripleQuotes) {
    for (const quote of ['"', "'"]) mark(always, quote);
    for (const letter of "rRbBuUfF") mark(afterNonWord, letter);
  }
  const starts = { always, afterNonWord };
  startsBySyntax.set(syntax, starts);
  return starts;
}

// Non-ASCII characters take the full path, so the table never has to know every token.
function mayStartToken(starts: TokenStarts, line: string, i: number): boolean {
  const code = line.charCodeAt(i);
  if (code >= 128 || starts.always[code] === 1) return true;
  if (starts.afterNonWord[code] !== 1) return false;
  return i === 0 || !isWordCode(line.charCodeAt(i - 1));
}

/** Same as /\w/ on one UTF-16 code unit. */
function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}

function pushComment(comments: CommentSpan[], text: string, lineIndex: number, column: number): void {
  comments.push({ line: lineIndex + 1, column: column + 1, text });
}

function matchLineComment(line: string, i: number, syntax: LexSyntax): string | undefined {
  for (const token of syntax.line) {
    if (!line.startsWith(token, i)) continue;
    if (syntax.lineStartOnly && line.slice(0, i).trim() !== "") continue;
    if (token === "#" && syntax.hashNeedsSpace && i > 0 && !/\s/.test(line[i - 1] as string)) continue;
    return token;
  }
  return undefined;
}

interface StringStart {
  prefix: string;
  quote: string;
  raw: boolean;
  multiline: boolean;
  doc: boolean;
}

function matchStringStart(
  line: string,
  i: number,
  syntax: LexSyntax,
  lineHasCode: boolean,
): StringStart | undefined {
  const ch = line[i] as string;
  if (syntax.rustStrings) {
    const raw = /^(b?r)(#*)"/.exec(line.slice(i, i + 40));
    if (raw && (i === 0 || !/[\w]/.test(line[i - 1] as string))) {
      return { prefix: raw[0], quote: `"${raw[2]}`, raw: true, multiline: true, doc: false };
    }
    if (ch === "'") {
      const charLiteral = /^'(\\(u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'/u.exec(line.slice(i, i + 16));
      if (charLiteral) return { prefix: "'", quote: "'", raw: false, multiline: false, doc: false };
      return undefined; // a lifetime or label
    }
    if (ch === "b" && line[i + 1] === '"' && (i === 0 || !/\w/.test(line[i - 1] as string))) {
      return { prefix: 'b"', quote: '"', raw: false, multiline: true, doc: false };
    }
    if (ch === '"') return { prefix: '"', quote: '"', raw: false, multiline: true, doc: false };
    return undefined;
  }
  if (syntax.tripleQuotes) {
    const triple = /^([rRbBuUfF]{0,2})("""|''')/.exec(line.slice(i, i + 5));
    if (triple && (i === 0 || triple[1] === "" || !/\w/.test(line[i - 1] as string))) {
      const quote = triple[2] as string;
      return {
        prefix: triple[0],
        quote,
        raw: syntax.rawTriple === true || /r/i.test(triple[1] ?? ""),
        multiline: true,
        doc: syntax.docstrings === true && !lineHasCode && line.slice(0, i).trim() === "",
      };
    }
  }
  const prefixed = syntax.tripleQuotes ? /^([rRbBuUfF]{1,2})(["'])/.exec(line.slice(i, i + 4)) : null;
  if (prefixed && (i === 0 || !/\w/.test(line[i - 1] as string))) {
    return {
      prefix: prefixed[0],
      quote: prefixed[2] as string,
      raw: /r/i.test(prefixed[1] ?? ""),
      multiline: false,
      doc: false,
    };
  }
  if (syntax.quotes.includes(ch)) {
    return {
      prefix: ch,
      quote: ch,
      raw: false,
      multiline: ch === "`" && syntax.multilineBacktick === true,
      doc: false,
    };
  }
  return undefined;
}

function findStringEnd(line: string, from: number, quote: string, raw: boolean): number {
  let i = from;
  while (i < line.length) {
    if (!raw && line[i] === "\\") {
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) return i;
    i++;
  }
  return -1;
}
