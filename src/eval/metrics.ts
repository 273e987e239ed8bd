import {
  AREAS,
  type AreaEvalScore,
  type EvalCounts,
  type EvalScores,
  type EvalUsage,
  type EvalVerification,
  type Severity,
  type SeverityAgreement,
  severityRank,
} from "../../schemas/index.js";

/** All-zero counts. */
export function zeroCounts(): EvalCounts {
  return {
    expected: 0,
    matched: 0,
    missed: 0,
    matchedOptional: 0,
    findings: 0,
    falsePositives: 0,
    negativeHits: 0,
    duplicates: 0,
    unexpected: 0,
  };
}

/** The field-by-field sum of two counts. */
export function addCounts(a: EvalCounts, b: EvalCounts): EvalCounts {
  const sum = zeroCounts();
  for (const key of Object.keys(sum) as Array<keyof EvalCounts>) sum[key] = a[key] + b[key];
  return sum;
}

/** Rounded to 4 decimals so results diff cleanly. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : round4(numerator / denominator);
}

/**
 * Precision counts every reported finding (matched to a required or optional expectation, or a false
 * positive); recall counts required expectations only. Null means undefined: nothing reported, or
 * nothing expected. F1 is 0 when nothing expected was found, null when recall is undefined.
 */
export function scoresOf(counts: EvalCounts): EvalScores {
  const precision = ratio(counts.matched + counts.matchedOptional, counts.findings);
  const recall = ratio(counts.matched, counts.expected);
  let f1: number | null;
  if (recall === null) f1 = null;
  else if (precision === null || precision + recall === 0) f1 = recall === 0 ? 0 : null;
  else f1 = round4((2 * precision * recall) / (precision + recall));
  return { precision, recall, f1 };
}

/** One row per area with counts and scores, in report order. */
export function areaRows(byArea: ReadonlyMap<string, EvalCounts>): AreaEvalScore[] {
  return AREAS.map((area) => {
    const counts = byArea.get(area) ?? zeroCounts();
    return { area, ...counts, ...scoresOf(counts) };
  });
}

/** Sums per-area rows (same areas, same order). */
export function addAreaRows(a: readonly AreaEvalScore[], b: readonly AreaEvalScore[]): AreaEvalScore[] {
  const byArea = new Map<string, EvalCounts>();
  for (const row of [...a, ...b]) byArea.set(row.area, addCounts(byArea.get(row.area) ?? zeroCounts(), row));
  return areaRows(byArea);
}

/** Exact and within-one-level agreement over pairs of (expected, reported) severities. */
export function severityAgreement(pairs: ReadonlyArray<readonly [Severity, Severity]>): SeverityAgreement {
  const exact = pairs.filter(([expected, actual]) => expected === actual).length;
  const withinOne = pairs.filter(
    ([expected, actual]) => Math.abs(severityRank(expected) - severityRank(actual)) <= 1,
  ).length;
  return fromAgreementCounts(pairs.length, exact, withinOne);
}

/** Sums two agreements. */
export function addAgreement(a: SeverityAgreement, b: SeverityAgreement): SeverityAgreement {
  return fromAgreementCounts(a.compared + b.compared, a.exact + b.exact, a.withinOne + b.withinOne);
}

function fromAgreementCounts(compared: number, exact: number, withinOne: number): SeverityAgreement {
  return {
    compared,
    exact,
    withinOne,
    exactRate: ratio(exact, compared),
    withinOneRate: ratio(withinOne, compared),
  };
}

/** All-zero usage. */
export function zeroUsage(): EvalUsage {
  return { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, wallTimeMs: 0 };
}

/** The sum of two usages (cost rounded to micro-dollars, time to milliseconds). */
export function addUsage(a: EvalUsage, b: EvalUsage): EvalUsage {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e6) / 1e6,
    wallTimeMs: Math.round(a.wallTimeMs + b.wallTimeMs),
  };
}

/** Verification counts with the share of references that held (verified or re-anchored). */
export function verificationOf(verified: number, reanchored: number, dropped: number): EvalVerification {
  return {
    verified,
    reanchored,
    dropped,
    verifiedRate: ratio(verified + reanchored, verified + reanchored + dropped),
  };
}

/** Sums two verifications; null stands for "no verification reported". */
export function addVerification(
  a: EvalVerification | null,
  b: EvalVerification | null,
): EvalVerification | null {
  if (!a) return b;
  if (!b) return a;
  return verificationOf(a.verified + b.verified, a.reanchored + b.reanchored, a.dropped + b.dropped);
}
