import { splitLines } from "../../tools/lib/evidence.js";

/** A non-blank line of a file, whitespace-normalised, with its 1-based line number. */
export interface IndexedLine {
  readonly text: string;
  readonly line: number;
}

/** Evidence shorter than this (in non-space characters) is too common to re-anchor or match as a fragment. */
export const DISTINCTIVE_CHARS = 12;

/** Collapses whitespace runs and trims, so indentation and alignment never decide a match. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

/** Number of non-space characters, the measure of how distinctive a quoted line is. */
export function visibleLength(text: string): number {
  return text.replace(/\s+/g, "").length;
}

/** The file's non-blank lines, normalised; blank lines never decide a match, so they are left out. */
export function indexFile(text: string): IndexedLine[] {
  const indexed: IndexedLine[] = [];
  splitLines(text).forEach((raw, position) => {
    const normalised = normalizeLine(raw);
    if (normalised !== "") indexed.push({ text: normalised, line: position + 1 });
  });
  return indexed;
}

// Our own fence can show a line-number gutter ("12│ code"); a model that copies it still quoted real lines.
const GUTTER = /^\d+ ?│ ?/;
const MARKDOWN_FENCE_OPEN = /^```[\w+-]*$/;

/**
 * The ways to read the quoted evidence as normalised non-blank lines: as written, without a Markdown
 * code fence around it, and without a copied line-number gutter. Empty when nothing is quoted.
 */
export function evidenceVariants(evidence: string): string[][] {
  const lines = splitLines(evidence)
    .map(normalizeLine)
    .filter((line) => line !== "");
  if (lines.length === 0) return [];
  const unfenced = withoutMarkdownFence(lines);
  const candidates = [
    lines,
    unfenced,
    withoutGutter(lines),
    withoutGutter(unfenced),
    withoutNumbering(lines),
    withoutNumbering(unfenced),
  ];
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = JSON.stringify(candidate);
    if (candidate.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withoutMarkdownFence(lines: string[]): string[] {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (lines.length < 3 || !first || !MARKDOWN_FENCE_OPEN.test(first) || last !== "```") return lines;
  return lines.slice(1, -1);
}

function withoutGutter(lines: string[]): string[] {
  if (!lines.every((line) => GUTTER.test(line))) return lines;
  return lines.map((line) => normalizeLine(line.replace(GUTTER, ""))).filter((line) => line !== "");
}

// read_file returns "<line>\t<text>"; after whitespace normalisation a copied number is "12 code".
// Strip it only when every line has one and they increase, so code that starts with a number stays.
const NUMBERING = /^(\d+) /;

function withoutNumbering(lines: string[]): string[] {
  const numbers = lines.map((line) => NUMBERING.exec(line)?.[1]);
  if (numbers.some((number) => number === undefined)) return lines;
  const values = numbers.map(Number);
  if (!values.every((value, index) => index === 0 || value > (values[index - 1] ?? 0))) return lines;
  return lines.map((line) => normalizeLine(line.replace(NUMBERING, ""))).filter((line) => line !== "");
}
