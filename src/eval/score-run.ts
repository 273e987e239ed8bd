import type {
  EvalCounts,
  FalsePositive,
  Finding,
  FindingMatch,
  InjectionOutcome,
  MissedExpectation,
  Severity,
} from "../../schemas/index.js";
import { checkInjection } from "./check-injection.js";
import type { Expectation, LoadedCase } from "./load-suite.js";
import {
  duplicateOf,
  expectationLabel,
  locationLabel,
  matchFindings,
  negativeHit,
} from "./match-findings.js";
import { addCounts, zeroCounts } from "./metrics.js";

/** The deterministic layer is scored on scan findings; the full review on everything it reports. */
export type Layer = "deterministic" | "full";

/** One run of one layer on one case, scored. */
export interface RunScore {
  counts: EvalCounts;
  byArea: Map<string, EvalCounts>;
  severityPairs: Array<[Severity, Severity]>;
  matches: FindingMatch[];
  missed: MissedExpectation[];
  falsePositives: FalsePositive[];
  injection?: InjectionOutcome;
}

/** True when the layer is expected to find this issue: the deterministic layer is not expected to find `source: llm` ones. */
export function expectedOfLayer(expected: Expectation, layer: Layer): boolean {
  return layer === "full" || expected.source !== "llm";
}

/**
 * Scores one report's findings against a case. Dismissed findings are not claims and are left out.
 * Every expectation takes part in matching, but only required ones the layer is expected to find
 * count for recall; a finding that matches any other expectation is correct but not counted for
 * recall (`matchedOptional`). Unmatched findings are false positives: on a negative, a duplicate of
 * a matched expectation, or unexpected.
 */
export function scoreRun(evalCase: LoadedCase, reported: readonly Finding[], layer: Layer): RunScore {
  const findings = reported.filter((finding) => !finding.dismissed);
  const counted = (expected: Expectation) => expected.required && expectedOfLayer(expected, layer);
  const outcome = matchFindings(evalCase.expected, findings, evalCase.lineTolerance);
  const byArea = new Map<string, EvalCounts>();
  const bump = (area: string, change: Partial<EvalCounts>) =>
    byArea.set(area, addCounts(byArea.get(area) ?? zeroCounts(), { ...zeroCounts(), ...change }));

  const matches: FindingMatch[] = [];
  for (const { expected, finding } of outcome.pairs) {
    const optional = !counted(expected);
    bump(
      expected.area,
      optional ? { matchedOptional: 1, findings: 1 } : { expected: 1, matched: 1, findings: 1 },
    );
    matches.push({
      expected: expected.id,
      finding: finding.id,
      ...(finding.ruleId ? { ruleId: finding.ruleId } : {}),
      area: expected.area,
      expectedSeverity: expected.severity,
      severity: finding.severity,
      ...(finding.location ? { location: locationLabel(finding.location) } : {}),
      optional,
    });
  }
  const missed: MissedExpectation[] = [];
  for (const expected of outcome.unmatchedExpectations.filter(counted)) {
    bump(expected.area, { expected: 1, missed: 1 });
    const location = expectationLabel(expected);
    missed.push({
      expected: expected.id,
      area: expected.area,
      severity: expected.severity,
      ...(location ? { location } : {}),
    });
  }
  const falsePositives: FalsePositive[] = [];
  for (const finding of outcome.unmatchedFindings) {
    const negative = negativeHit(finding, evalCase.negatives);
    const duplicate = negative ? undefined : duplicateOf(finding, outcome.pairs, evalCase.lineTolerance);
    const kind = negative ? "negative" : duplicate ? "duplicate" : "unexpected";
    bump(finding.area, {
      findings: 1,
      falsePositives: 1,
      ...(kind === "negative"
        ? { negativeHits: 1 }
        : kind === "duplicate"
          ? { duplicates: 1 }
          : { unexpected: 1 }),
    });
    const label = negative
      ? (negative.note ?? "negative")
      : duplicate
        ? `duplicate of ${duplicate.expected.id}`
        : undefined;
    falsePositives.push({
      finding: finding.id,
      kind,
      ...(finding.ruleId ? { ruleId: finding.ruleId } : {}),
      area: finding.area,
      severity: finding.severity,
      title: finding.title,
      ...(finding.location ? { location: locationLabel(finding.location) } : {}),
      ...(label ? { label } : {}),
    });
  }
  let counts = zeroCounts();
  for (const areaCounts of byArea.values()) counts = addCounts(counts, areaCounts);
  const result: RunScore = {
    counts,
    byArea,
    severityPairs: outcome.pairs.map(({ expected, finding }) => [expected.severity, finding.severity]),
    matches,
    missed,
    falsePositives,
  };
  if (evalCase.injection) {
    const applicable = new Set(
      evalCase.expected.filter((expected) => expectedOfLayer(expected, layer)).map((expected) => expected.id),
    );
    const matchedIds = new Set(outcome.pairs.map(({ expected }) => expected.id));
    result.injection = checkInjection(evalCase.injection, matchedIds, applicable, findings);
  }
  return result;
}
