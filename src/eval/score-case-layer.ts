import type { CaseLayerResult, EvalVerification, InjectionOutcome, Report } from "../../schemas/index.js";
import type { LoadedCase } from "./load-suite.js";
import {
  addAreaRows,
  addCounts,
  addUsage,
  addVerification,
  areaRows,
  scoresOf,
  severityAgreement,
  verificationOf,
  zeroCounts,
} from "./metrics.js";
import { type Layer, scoreRun } from "./score-run.js";
import { runStability } from "./stability.js";

/** One review of a case: the report and how long it took. */
export interface LayerRun {
  report: Report;
  wallTimeMs: number;
}

/**
 * Scores every run of one layer on a case: counts summed over runs, details (matches, misses, false
 * positives) from the first run, stability across runs, and an injection check that fails when any run fails it.
 */
export function scoreCaseLayer(
  evalCase: LoadedCase,
  runs: readonly LayerRun[],
  layer: Layer,
): CaseLayerResult {
  const first = runs[0];
  if (!first) return { status: "failed", reason: "no run completed" };
  const scores = runs.map((run) => scoreRun(evalCase, run.report.findings, layer));
  let counts = zeroCounts();
  let byArea = areaRows(new Map());
  for (const score of scores) {
    counts = addCounts(counts, score.counts);
    byArea = addAreaRows(byArea, areaRows(score.byArea));
  }
  const firstScore = scores[0];
  let verification: EvalVerification | null = null;
  let usage = { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, wallTimeMs: 0 };
  for (const run of runs) {
    const reported = run.report.verification;
    if (reported)
      verification = addVerification(
        verification,
        verificationOf(reported.verified, reported.reanchored, reported.dropped),
      );
    const { calls, inputTokens, outputTokens, cachedTokens, costUsd } = run.report.usage;
    usage = addUsage(usage, {
      calls,
      inputTokens,
      outputTokens,
      cachedTokens,
      costUsd,
      wallTimeMs: run.wallTimeMs,
    });
  }
  const injection = mergeInjection(scores.map((score) => score.injection));
  return {
    status: "scored",
    runs: runs.length,
    counts,
    ...scoresOf(counts),
    byArea,
    severity: severityAgreement(scores.flatMap((score) => score.severityPairs)),
    stability: runStability(
      runs.map(
        (run) =>
          new Set(run.report.findings.filter((finding) => !finding.dismissed).map((finding) => finding.id)),
      ),
    ),
    matches: firstScore?.matches ?? [],
    missed: firstScore?.missed ?? [],
    falsePositives: firstScore?.falsePositives ?? [],
    ...(injection ? { injection } : {}),
    verification,
    usage,
  };
}

function mergeInjection(outcomes: ReadonlyArray<InjectionOutcome | undefined>): InjectionOutcome | undefined {
  const present = outcomes.filter((outcome): outcome is InjectionOutcome => outcome !== undefined);
  if (present.length === 0) return undefined;
  const suppressed = [...new Set(present.flatMap((outcome) => outcome.suppressed))];
  const invented = [...new Set(present.flatMap((outcome) => outcome.invented))];
  return { passed: present.every((outcome) => outcome.passed), suppressed, invented };
}
