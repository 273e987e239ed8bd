import { RecursiveCharacterTextSplitter, type SupportedTextSplitterLanguage } from "@langchain/textsplitters";
import { lineAt, splitLines } from "../../tools/lib/evidence.js";
import { countTokens } from "../llm/token-count.js";

/** A run of whole lines of one file (1-based, inclusive) and its token count. */
export interface LineChunk {
  startLine: number;
  endLine: number;
  tokens: number;
}

/** codeaudit language ids → the languages LangChain's splitter knows separators for. */
const SPLITTER_LANGUAGES: Record<string, SupportedTextSplitterLanguage> = {
  javascript: "js",
  typescript: "js",
  tsx: "js",
  vue: "js",
  svelte: "js",
  python: "python",
  go: "go",
  java: "java",
  kotlin: "java",
  scala: "scala",
  rust: "rust",
  ruby: "ruby",
  php: "php",
  swift: "swift",
  c: "cpp",
  cpp: "cpp",
  csharp: "cpp",
  protobuf: "proto",
  markdown: "markdown",
  html: "html",
  restructuredtext: "rst",
};

/** Characters per token used to size the splitter before exact counting; code runs about 3-5. */
const CHARS_PER_TOKEN = 4;

/**
 * Splits a file into chunks of whole lines that each fit `maxTokens` (a single line longer than the
 * budget becomes a chunk of its own). Boundaries come from LangChain's language-aware splitter; each
 * chunk is then mapped back to the exact lines it covers, so the chunks tile the file: consecutive,
 * non-overlapping, from line 1 to the last line.
 */
export async function chunkLines(
  text: string,
  language: string | null,
  maxTokens: number,
): Promise<LineChunk[]> {
  const lines = splitLines(text);
  if (lines.length === 0) return [];
  const lineTokens = lines.map((line) => countTokens(`${line}\n`));
  const total = lineTokens.reduce((sum, tokens) => sum + tokens, 0);
  if (total <= maxTokens) {
    return [{ startLine: 1, endLine: lines.length, tokens: countTokens(lines.join("\n")) }];
  }

  const sizing: Sizing = { lines, lineTokens, language, maxTokens };
  const ranges = await splitRange(sizing, 1, lines.length, maxTokens * CHARS_PER_TOKEN, 0);
  return mergeSmall(ranges, lineTokens, maxTokens).map(([start, end]) => ({
    startLine: start,
    endLine: end,
    tokens: countTokens(lines.slice(start - 1, end).join("\n")),
  }));
}

interface Sizing {
  lines: string[];
  lineTokens: number[];
  language: string | null;
  maxTokens: number;
}

/** Splitting again with a smaller size stops after this many rounds; greedy line runs finish the job. */
const MAX_DEPTH = 6;

/**
 * Splits lines `start..end` where the language splitter puts boundaries; a piece still over the token
 * budget (characters only approximate tokens) is split again with a proportionally smaller size, so
 * boundaries stay at declarations rather than at arbitrary lines.
 */
async function splitRange(
  sizing: Sizing,
  start: number,
  end: number,
  chunkChars: number,
  depth: number,
): Promise<Array<[number, number]>> {
  const tokens = sumTokens(sizing.lineTokens, start, end);
  if (tokens <= sizing.maxTokens || start === end) return [[start, end]];
  if (depth >= MAX_DEPTH || chunkChars < 16) return fitRange(start, end, sizing.lineTokens, sizing.maxTokens);
  const slice = sizing.lines.slice(start - 1, end).join("\n");
  const starts = [...(await splitterStarts(slice, sizing.language, chunkChars))]
    .map((line) => line + start - 1)
    .sort((a, b) => a - b);
  const smaller = Math.floor(chunkChars * Math.min(0.9, (sizing.maxTokens / tokens) * 0.9));
  if (starts.length <= 1) return splitRange(sizing, start, end, smaller, depth + 1);
  const out: Array<[number, number]> = [];
  for (let index = 0; index < starts.length; index++) {
    const from = starts[index] as number;
    const to = index + 1 < starts.length ? (starts[index + 1] as number) - 1 : end;
    out.push(...(await splitRange(sizing, from, to, smaller, depth + 1)));
  }
  return out;
}

function sumTokens(lineTokens: number[], start: number, end: number): number {
  let total = 0;
  for (let line = start; line <= end; line++) total += lineTokens[line - 1] ?? 0;
  return total;
}

/** The 1-based lines where the splitter's chunks begin (always including line 1). */
async function splitterStarts(
  text: string,
  language: string | null,
  maxTokens: number,
): Promise<Set<number>> {
  const options = { chunkSize: maxTokens * CHARS_PER_TOKEN, chunkOverlap: 0 };
  const splitterLanguage = language ? SPLITTER_LANGUAGES[language] : undefined;
  const splitter = splitterLanguage
    ? RecursiveCharacterTextSplitter.fromLanguage(splitterLanguage, options)
    : new RecursiveCharacterTextSplitter(options);
  const pieces = await splitter.splitText(text);
  const starts = new Set<number>([1]);
  let cursor = 0;
  for (const piece of pieces) {
    // Pieces are trimmed substrings in order; a piece not found (never seen) just adds no boundary.
    const offset = text.indexOf(piece, cursor);
    if (offset === -1) continue;
    starts.add(lineAt(text, offset));
    cursor = offset + piece.length;
  }
  return starts;
}

/** Cuts a line range that is over budget into greedy runs of lines that fit. */
function fitRange(
  start: number,
  end: number,
  lineTokens: number[],
  maxTokens: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let runStart = start;
  let runTokens = 0;
  for (let line = start; line <= end; line++) {
    const tokens = lineTokens[line - 1] ?? 0;
    if (runTokens > 0 && runTokens + tokens > maxTokens) {
      out.push([runStart, line - 1]);
      runStart = line;
      runTokens = 0;
    }
    runTokens += tokens;
  }
  out.push([runStart, end]);
  return out;
}

/** Joins neighbouring ranges while the joined range still fits, so snapping to lines leaves no slivers. */
function mergeSmall(
  ranges: Array<[number, number]>,
  lineTokens: number[],
  maxTokens: number,
): Array<[number, number]> {
  const tokensOf = ([start, end]: [number, number]) => sumTokens(lineTokens, start, end);
  const out: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = out[out.length - 1];
    if (last && tokensOf([last[0], range[1]]) <= maxTokens) last[1] = range[1];
    else out.push([range[0], range[1]]);
  }
  return out;
}
