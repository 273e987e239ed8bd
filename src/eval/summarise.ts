import type { CaseLayerResult, FactCheck, FactSummary, LayerSummary } from "../../schemas/index.js";
import {
  addAgreement,
  addAreaRows,
  addCounts,
  addUsage,
  addVerification,
  areaRows,
  round4,
  scoresOf,
  severityAgreement,
  zeroCounts,
  zeroUsage,
} from "./metrics.js";

type ScoredCase = Extract<CaseLayerResult, { status: "scored" }>;

/**
 * Sums a layer over cases (micro-averaged: precision and recall come from the summed counts). A layer
 * run on no case is "not-run" with the first case's reason; stability is the mean over cases that measured it.
 */
export function summariseLayer(results: readonly CaseLayerResult[]): LayerSummary {
  const scored = results.filter((result): result is ScoredCase => result.status === "scored");
  const failed = results.filter((result) => result.status === "failed").length;
  if (scored.length === 0 && failed === 0) {
    const notRun = results.find((result) => result.status === "not-run");
    return { status: "not-run", reason: notRun?.status === "not-run" ? notRun.reason : "no cases" };
  }
  let counts = zeroCounts();
  let byArea = areaRows(new Map());
  let severity = severityAgreement([]);
  let verification: ScoredCase["verification"] = null;
  let usage = zeroUsage();
  const injection = { cases: 0, passed: 0, suppressed: 0, invented: 0 };
  const stabilities: number[] = [];
  for (const result of scored) {
    counts = addCounts(counts, result.counts);
    byArea = addAreaRows(byArea, result.byArea);
    severity = addAgreement(severity, result.severity);
    verification = addVerification(verification, result.verification);
    usage = addUsage(usage, result.usage);
    if (result.stability !== null) stabilities.push(result.stability);
    if (result.injection) {
      injection.cases++;
      if (result.injection.passed) injection.passed++;
      injection.suppressed += result.injection.suppressed.length;
      injection.invented += result.injection.invented.length;
    }
  }
  return {
    status: "scored",
    cases: scored.length,
    failedCases: failed,
    ...counts,
    ...scoresOf(counts),
    byArea,
    severity,
    stability:
      stabilities.length === 0
        ? null
        : round4(stabilities.reduce((sum, value) => sum + value, 0) / stabilities.length),
    injection,
    verification,
    usage,
  };
}

/** How many expected facts the scanners computed exactly (or within tolerance). */
export function summariseFacts(checks: readonly FactCheck[]): FactSummary {
  const correct = checks.filter((check) => check.ok).length;
  return {
    total: checks.length,
    correct,
    accuracy: checks.length === 0 ? null : round4(correct / checks.length),
  };
}
