import { normaliseWhitespace } from "./finding-id.js";

/** Where a finding points and what it says, as far as deciding "same root cause" needs. */
export interface Comparable {
  title: string;
  file: string;
  startLine: number;
  endLine: number;
  evidence: string;
  category?: string | null;
}

const STOP_WORDS = new Set(
  "a an and are as at be by can for from has have in into is it its no not of on or that the this to too with without when while via may might could".split(
    " ",
  ),
);

/** The meaningful words of a title, lower-case and lightly stemmed ("timeouts" and "timeout" agree). */
export function titleWords(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => word.replace(/(ing|ed|es|s)$/, "") || word);
  return new Set(words);
}

/** Shared words over the smaller title's words: 1 when one title's words are all in the other. */
export function titleOverlap(a: string, b: string): number {
  const left = titleWords(a);
  const right = titleWords(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared / Math.min(left.size, right.size);
}

/** True when one quote's whitespace-normalised text contains the other's. */
export function evidenceMatches(a: string, b: string): boolean {
  const left = normaliseWhitespace(a);
  const right = normaliseWhitespace(b);
  if (left === "" || right === "") return false;
  return left.includes(right) || right.includes(left);
}

/**
 * The dedupe rule for one root cause: the same file, overlapping lines, and something that says it
 * is the same problem: the same category, clearly similar titles, or the same quoted code with
 * titles that still share a key word. Two different problems on one line stay apart unless their
 * titles agree too.
 */
export function sameRootCause(a: Comparable, b: Comparable): boolean {
  if (a.file !== b.file || a.startLine > b.endLine || b.startLine > a.endLine) return false;
  const category = a.category?.trim().toLowerCase();
  if (category && category === b.category?.trim().toLowerCase()) return true;
  const overlap = titleOverlap(a.title, b.title);
  return overlap >= 0.5 || (overlap >= 0.3 && evidenceMatches(a.evidence, b.evidence));
}
