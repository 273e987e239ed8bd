import { DISTINCTIVE_CHARS, type IndexedLine, visibleLength } from "./evidence-lines.js";

/** A 1-based, inclusive line range. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

/**
 * Whether a normalised evidence line stands for a normalised file line. Lines at the edges of the
 * quote may be a distinctive fragment of their file line (models often quote just the expression);
 * lines inside the quote must be whole.
 */
function lineMatches(evidenceLine: string, fileLine: string, atEdge: boolean): boolean {
  if (evidenceLine === fileLine) return true;
  return atEdge && visibleLength(evidenceLine) >= DISTINCTIVE_CHARS && fileLine.includes(evidenceLine);
}

function matchesAt(file: readonly IndexedLine[], evidence: readonly string[], position: number): boolean {
  if (position + evidence.length > file.length) return false;
  return evidence.every((line, offset) => {
    const fileLine = file[position + offset];
    return (
      fileLine !== undefined &&
      lineMatches(line, fileLine.text, offset === 0 || offset === evidence.length - 1)
    );
  });
}

function spanAt(file: readonly IndexedLine[], first: number, last: number): LineSpan | undefined {
  const start = file[first];
  const end = file[last];
  return start && end ? { startLine: start.line, endLine: end.line } : undefined;
}

function allMatches(file: readonly IndexedLine[], evidence: readonly string[]): LineSpan[] {
  const spans: LineSpan[] = [];
  for (let position = 0; position + evidence.length <= file.length; position++) {
    if (!matchesAt(file, evidence, position)) continue;
    const span = spanAt(file, position, position + evidence.length - 1);
    if (span) spans.push(span);
  }
  return spans;
}

/** The span nearest the cited line; on a tie, the earlier one. */
function closest(spans: readonly LineSpan[], near: number): LineSpan | undefined {
  let best: LineSpan | undefined;
  for (const span of spans) {
    if (!best || Math.abs(span.startLine - near) < Math.abs(best.startLine - near)) best = span;
  }
  return best;
}

/** Where the evidence sits inside the cited lines (the first place if twice), or undefined. */
export function matchWithinCited(
  file: readonly IndexedLine[],
  evidence: readonly string[],
  cited: LineSpan,
): LineSpan | undefined {
  return allMatches(file, evidence).find(
    (span) => span.startLine >= cited.startLine && span.endLine <= cited.endLine,
  );
}

/** The whole evidence found anywhere in the file, closest to the cited line; short quotes are too common to trust. */
export function findWholeEvidence(
  file: readonly IndexedLine[],
  evidence: readonly string[],
  near: number,
): LineSpan | undefined {
  if (visibleLength(evidence.join("")) < DISTINCTIVE_CHARS) return undefined;
  return closest(allMatches(file, evidence), near);
}

/**
 * Anchors on the longest quoted line when it is distinctive and occurs once in the file, then widens
 * the span over neighbouring lines that also match the quote, so only real, matching lines are kept.
 */
export function findByLongestLine(
  file: readonly IndexedLine[],
  evidence: readonly string[],
): LineSpan | undefined {
  let anchor = -1;
  evidence.forEach((line, index) => {
    const current = evidence[anchor];
    if (current === undefined || visibleLength(line) > visibleLength(current)) anchor = index;
  });
  const anchorLine = evidence[anchor];
  if (anchorLine === undefined || visibleLength(anchorLine) < DISTINCTIVE_CHARS) return undefined;
  const position =
    uniquePosition(file, (text) => text === anchorLine) ??
    uniquePosition(file, (text) => text.includes(anchorLine));
  if (position === undefined) return undefined;

  const isEdge = (index: number) => index === 0 || index === evidence.length - 1;
  let first = position;
  while (anchor - (position - first) - 1 >= 0 && first - 1 >= 0) {
    const evidenceIndex = anchor - (position - first) - 1;
    const previous = file[first - 1];
    const quoted = evidence[evidenceIndex];
    if (!previous || quoted === undefined || !lineMatches(quoted, previous.text, isEdge(evidenceIndex)))
      break;
    first--;
  }
  let last = position;
  while (anchor + (last - position) + 1 < evidence.length && last + 1 < file.length) {
    const evidenceIndex = anchor + (last - position) + 1;
    const next = file[last + 1];
    const quoted = evidence[evidenceIndex];
    if (!next || quoted === undefined || !lineMatches(quoted, next.text, isEdge(evidenceIndex))) break;
    last++;
  }
  return spanAt(file, first, last);
}

function uniquePosition(file: readonly IndexedLine[], test: (text: string) => boolean): number | undefined {
  let found: number | undefined;
  for (let position = 0; position < file.length; position++) {
    if (!test(file[position]?.text ?? "")) continue;
    if (found !== undefined) return undefined;
    found = position;
  }
  return found;
}
