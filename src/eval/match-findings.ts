import type { Area, Finding, LineRange, Location, Negative } from "../../schemas/index.js";
import type { Expectation } from "./load-suite.js";

/** Lines between two ranges: 0 when they overlap, else the size of the gap. */
export function lineDistance(a: LineRange, b: LineRange): number {
  return Math.max(0, Math.max(a[0], b[0]) - Math.min(a[1], b[1]));
}

/** Overlapping lines over the lines the two ranges cover together (0 when they do not overlap). */
export function lineOverlap(a: LineRange, b: LineRange): number {
  const shared = Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1;
  if (shared <= 0) return 0;
  return shared / (Math.max(a[1], b[1]) - Math.min(a[0], b[0]) + 1);
}

/** A finding speaks for an area when it is its main area or one of its tags. */
export function areaCompatible(area: Area, finding: Pick<Finding, "area" | "areas">): boolean {
  return finding.area === area || finding.areas.includes(area);
}

/** How many of the keywords appear (case-insensitively) in the finding's title, description, rule id or evidence. */
export function keywordHits(keywords: readonly string[], finding: Finding): number {
  if (keywords.length === 0) return 0;
  const haystack = [finding.title, finding.description, finding.ruleId ?? "", finding.evidence ?? ""]
    .join("\n")
    .toLowerCase();
  return keywords.filter((keyword) => haystack.includes(keyword.toLowerCase())).length;
}

function rangeOf(location: Location): LineRange {
  return [location.startLine, location.endLine];
}

/**
 * How well a finding fits an expectation, or undefined when it cannot match: the file must be the
 * same, the lines within `tolerance` of each other and the area compatible (the expected area or one
 * of its `acceptAreas` is the finding's area or one of its tags). Expectations without a
 * file match findings without a location whose text holds one of the keywords. Higher is better:
 * line overlap first, then keywords, then the same main area.
 */
export function matchScore(expected: Expectation, finding: Finding, tolerance: number): number | undefined {
  if (![expected.area, ...expected.acceptAreas].some((area) => areaCompatible(area, finding)))
    return undefined;
  const hits = keywordHits(expected.keywords, finding);
  const sameArea = finding.area === expected.area ? 0.05 : 0;
  if (!expected.file) {
    if (finding.location) return undefined;
    if (expected.keywords.length > 0 && hits === 0) return undefined;
    return 1 + hits * 0.1 + sameArea;
  }
  if (!finding.location || normalisePath(finding.location.file) !== normalisePath(expected.file))
    return undefined;
  if (!expected.lines) return 1 + hits * 0.1 + sameArea;
  const found = rangeOf(finding.location);
  const distance = lineDistance(expected.lines, found);
  if (distance > tolerance) return undefined;
  return 1 + lineOverlap(expected.lines, found) - distance * 0.01 + hits * 0.1 + sameArea;
}

export interface MatchedPair {
  expected: Expectation;
  finding: Finding;
}

export interface MatchOutcome {
  pairs: MatchedPair[];
  unmatchedExpectations: Expectation[];
  unmatchedFindings: Finding[];
}

/** One-to-one matching, greedy by best score; ties go to the earlier expectation, then the earlier finding. */
export function matchFindings(
  expectations: readonly Expectation[],
  findings: readonly Finding[],
  tolerance: number,
): MatchOutcome {
  const candidates: Array<{ expectedIndex: number; findingIndex: number; score: number }> = [];
  expectations.forEach((expected, expectedIndex) => {
    findings.forEach((finding, findingIndex) => {
      const score = matchScore(expected, finding, tolerance);
      if (score !== undefined) candidates.push({ expectedIndex, findingIndex, score });
    });
  });
  candidates.sort(
    (a, b) => b.score - a.score || a.expectedIndex - b.expectedIndex || a.findingIndex - b.findingIndex,
  );
  const usedExpectations = new Set<number>();
  const usedFindings = new Set<number>();
  const pairs: Array<MatchedPair & { expectedIndex: number }> = [];
  for (const candidate of candidates) {
    if (usedExpectations.has(candidate.expectedIndex) || usedFindings.has(candidate.findingIndex)) continue;
    usedExpectations.add(candidate.expectedIndex);
    usedFindings.add(candidate.findingIndex);
    const expected = expectations[candidate.expectedIndex];
    const finding = findings[candidate.findingIndex];
    if (expected && finding) pairs.push({ expected, finding, expectedIndex: candidate.expectedIndex });
  }
  pairs.sort((a, b) => a.expectedIndex - b.expectedIndex);
  return {
    pairs: pairs.map(({ expected, finding }) => ({ expected, finding })),
    unmatchedExpectations: expectations.filter((_, index) => !usedExpectations.has(index)),
    unmatchedFindings: findings.filter((_, index) => !usedFindings.has(index)),
  };
}

/**
 * The matched pair an unmatched finding repeats: it could have matched that expectation and either
 * overlaps its lines, or comes from the same rule as the finding that did match. A finding that is
 * merely within the line tolerance of an unrelated expectation is not called a duplicate.
 */
export function duplicateOf(
  finding: Finding,
  pairs: readonly MatchedPair[],
  tolerance: number,
): MatchedPair | undefined {
  return pairs.find(({ expected, finding: matched }) => {
    if (matchScore(expected, finding, tolerance) === undefined) return false;
    if (finding.ruleId !== undefined && finding.ruleId === matched.ruleId) return true;
    if (!expected.lines || !finding.location) return true;
    return lineDistance(expected.lines, rangeOf(finding.location)) === 0;
  });
}

/** The negative a finding lands on: same file, and (when the negative has lines) overlapping them exactly. */
export function negativeHit(finding: Finding, negatives: readonly Negative[]): Negative | undefined {
  const location = finding.location;
  if (!location) return undefined;
  return negatives.find(
    (negative) =>
      normalisePath(negative.file) === normalisePath(location.file) &&
      (!negative.lines || lineDistance(negative.lines, rangeOf(location)) === 0),
  );
}

/** A `file:start-end` label for a location. */
export function locationLabel(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  return location.startLine === location.endLine
    ? `${location.file}:${location.startLine}`
    : `${location.file}:${location.startLine}-${location.endLine}`;
}

/** An expectation's `file:start-end`, or its file alone. */
export function expectationLabel(expected: Pick<Expectation, "file" | "lines">): string | undefined {
  if (!expected.file) return undefined;
  if (!expected.lines) return expected.file;
  const [start, end] = expected.lines;
  return start === end ? `${expected.file}:${start}` : `${expected.file}:${start}-${end}`;
}

function normalisePath(file: string): string {
  return file.replace(/^\.\//, "");
}
