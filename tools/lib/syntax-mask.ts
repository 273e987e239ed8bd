import type { CommentSpan } from "./lexer.js";
import { LINE_BLANK, LINE_CODE, LINE_COMMENT } from "./syntax-types.js";

/** Offsets of each line's start; a trailing newline adds no empty last line (as editors and tokei count). */
export function lineStartsOf(text: string): Int32Array<ArrayBuffer> {
  const starts: number[] = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    if (index + 1 < text.length) starts.push(index + 1);
  }
  if (text.length === 0) return new Int32Array(0);
  return Int32Array.from(starts);
}

/** 1-based line of a character offset (binary search over line starts). */
export function lineAtOffset(lineStarts: Int32Array, offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

// Counters decode a file's leading byte-order mark away; anywhere else it is a character.
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Whitespace as line counters (tokei, cloc) see it: space, tab, line feed, vertical tab, form feed and
 * carriage return. A no-break space is not blank to them, so a line holding only one counts as code.
 */
export function isLineSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** True when the line holds nothing but whitespace; `atFileStart` lets a byte-order mark count as none. */
export function isBlankLine(line: string, atFileStart = false): boolean {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (!isLineSpace(code) && !(code === BYTE_ORDER_MARK && atFileStart && index === 0)) return false;
  }
  return true;
}

/**
 * Line kinds from the comment ranges (flat [start, end, …], sorted, non-overlapping): a line with any
 * non-blank character outside a comment is code, else a line with a comment is a comment line, else blank.
 */
export function lineKindsOf(
  text: string,
  lineStarts: Int32Array,
  commentRanges: readonly number[],
): Uint8Array<ArrayBuffer> {
  const kinds = new Uint8Array(lineStarts.length);
  let range = 0;
  let rangeStart = commentRanges[0] ?? Number.POSITIVE_INFINITY;
  let rangeEnd = commentRanges[1] ?? Number.POSITIVE_INFINITY;
  let line = 0;
  let nextLineStart = lineStarts[1] ?? Number.POSITIVE_INFINITY;
  for (let offset = 0; offset < text.length; offset++) {
    while (offset >= nextLineStart) {
      line++;
      nextLineStart = lineStarts[line + 1] ?? Number.POSITIVE_INFINITY;
    }
    while (offset >= rangeEnd) {
      range += 2;
      rangeStart = commentRanges[range] ?? Number.POSITIVE_INFINITY;
      rangeEnd = commentRanges[range + 1] ?? Number.POSITIVE_INFINITY;
    }
    const code = text.charCodeAt(offset);
    if (isLineSpace(code) || (offset === 0 && code === BYTE_ORDER_MARK)) continue;
    if (offset >= rangeStart) {
      if (kinds[line] === LINE_BLANK) kinds[line] = LINE_COMMENT;
    } else {
      kinds[line] = LINE_CODE;
    }
  }
  return kinds;
}

/** The text with every range (flat [start, end, …], sorted) blanked to spaces, keeping line breaks and length. */
export function blankRanges(text: string, ranges: readonly number[]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let cursor = 0;
  for (let index = 0; index < ranges.length; index += 2) {
    const start = Math.max(cursor, ranges[index] as number);
    const end = ranges[index + 1] as number;
    if (end <= start) continue;
    parts.push(text.slice(cursor, start), text.slice(start, end).replace(/[^\r\n]/g, " "));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/** Merges two sorted flat range lists into one sorted list (overlaps are left to `blankRanges`). */
export function mergeRanges(first: readonly number[], second: readonly number[]): number[] {
  const merged: number[] = [];
  let a = 0;
  let b = 0;
  while (a < first.length || b < second.length) {
    const takeFirst =
      b >= second.length || (a < first.length && (first[a] as number) <= (second[b] as number));
    if (takeFirst) merged.push(first[a] as number, first[a + 1] as number);
    else merged.push(second[b] as number, second[b + 1] as number);
    if (takeFirst) a += 2;
    else b += 2;
  }
  return merged;
}

/** One comment span per line each comment range touches, like the lexical pass reports them. */
export function commentSpansOf(
  text: string,
  lineStarts: Int32Array,
  commentRanges: readonly number[],
): CommentSpan[] {
  const spans: CommentSpan[] = [];
  for (let index = 0; index < commentRanges.length; index += 2) {
    const start = commentRanges[index] as number;
    const end = commentRanges[index + 1] as number;
    let line = lineAtOffset(lineStarts, start);
    let from = start;
    while (from < end) {
      const newline = text.indexOf("\n", from);
      const to = newline === -1 || newline >= end ? end : newline;
      const lineStart = lineStarts[line - 1] as number;
      spans.push({ line, column: from - lineStart + 1, text: text.slice(from, to).replace(/\r$/, "") });
      from = to + 1;
      line++;
    }
  }
  return spans;
}
