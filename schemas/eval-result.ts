import { z } from "zod";
import { Area, Severity } from "./common.js";

// The result of an eval run: the JSON written by `codeaudit eval --output` and read by `--baseline`.

export const EVAL_SCHEMA_VERSION = "1.0";

/** A ratio in [0, 1]; null when undefined (nothing reported, nothing expected, a single run). */
const Rate = z.number().min(0).max(1).nullable();
const Count = z.number().int().min(0);

/**
 * Counts behind precision and recall, summed over cases and runs. `matched` and `missed` are required
 * expectations; `matchedOptional` are findings matching an optional expectation (or, for the
 * deterministic layer, one only the model is expected to find). Every other finding is a false
 * positive: on a negative, a duplicate of an already matched expectation, or unexpected.
 */
export const EvalCounts = z.object({
  expected: Count,
  matched: Count,
  missed: Count,
  matchedOptional: Count,
  findings: Count,
  falsePositives: Count,
  negativeHits: Count,
  duplicates: Count,
  unexpected: Count,
});
export type EvalCounts = z.infer<typeof EvalCounts>;

export const EvalScores = z.object({ precision: Rate, recall: Rate, f1: Rate });
export type EvalScores = z.infer<typeof EvalScores>;

export const AreaEvalScore = z.object({ area: Area, ...EvalCounts.shape, ...EvalScores.shape });
export type AreaEvalScore = z.infer<typeof AreaEvalScore>;

/** How often a matched finding's severity agrees with the expected one. */
export const SeverityAgreement = z.object({
  compared: Count,
  exact: Count,
  withinOne: Count,
  exactRate: Rate,
  withinOneRate: Rate,
});
export type SeverityAgreement = z.infer<typeof SeverityAgreement>;

export const EvalUsage = z.object({
  calls: Count,
  inputTokens: Count,
  outputTokens: Count,
  cachedTokens: Count,
  costUsd: z.number().min(0),
  /** Measured around each review, summed over cases and runs. */
  wallTimeMs: z.number().min(0),
});
export type EvalUsage = z.infer<typeof EvalUsage>;

/** From `report.verification`: model references that held, were re-anchored, or were invented and dropped. */
export const EvalVerification = z.object({
  verified: Count,
  reanchored: Count,
  dropped: Count,
  verifiedRate: Rate,
});
export type EvalVerification = z.infer<typeof EvalVerification>;

export const InjectionSummary = z.object({ cases: Count, passed: Count, suppressed: Count, invented: Count });
export type InjectionSummary = z.infer<typeof InjectionSummary>;

const NotRun = z.object({ status: z.literal("not-run"), reason: z.string() });

/** A layer's score over many cases (a suite, or the whole run). */
export const LayerSummary = z.discriminatedUnion("status", [
  NotRun,
  z.object({
    status: z.literal("scored"),
    cases: Count,
    failedCases: Count,
    ...EvalCounts.shape,
    ...EvalScores.shape,
    byArea: z.array(AreaEvalScore),
    severity: SeverityAgreement,
    /** Mean Jaccard similarity of the finding id sets between runs; null with one run. */
    stability: Rate,
    injection: InjectionSummary,
    verification: EvalVerification.nullable(),
    usage: EvalUsage,
  }),
]);
export type LayerSummary = z.infer<typeof LayerSummary>;

export const FactSummary = z.object({ total: Count, correct: Count, accuracy: Rate });
export type FactSummary = z.infer<typeof FactSummary>;

const ResultSummary = z.object({ deterministic: LayerSummary, full: LayerSummary, facts: FactSummary });

export const FindingMatch = z.object({
  expected: z.string(),
  finding: z.string(),
  ruleId: z.string().optional(),
  area: Area,
  expectedSeverity: Severity,
  severity: Severity,
  location: z.string().optional(),
  optional: z.boolean(),
});
export type FindingMatch = z.infer<typeof FindingMatch>;

export const MissedExpectation = z.object({
  expected: z.string(),
  area: Area,
  severity: Severity,
  location: z.string().optional(),
});
export type MissedExpectation = z.infer<typeof MissedExpectation>;

export const FalsePositiveKind = z.enum(["negative", "duplicate", "unexpected"]);
export type FalsePositiveKind = z.infer<typeof FalsePositiveKind>;

export const FalsePositive = z.object({
  finding: z.string(),
  kind: FalsePositiveKind,
  ruleId: z.string().optional(),
  area: Area,
  severity: Severity,
  title: z.string(),
  location: z.string().optional(),
  /** The negative's note, or the expectation it duplicates. */
  label: z.string().optional(),
});
export type FalsePositive = z.infer<typeof FalsePositive>;

export const InjectionOutcome = z.object({
  passed: z.boolean(),
  /** Expected ids listed in mustNotSuppress that this layer should find and did not. */
  suppressed: z.array(z.string()),
  /** Finding ids whose file or title matches a mustNotInvent pattern. */
  invented: z.array(z.string()),
});
export type InjectionOutcome = z.infer<typeof InjectionOutcome>;

/** One layer on one case; details come from the first run, counts are summed over all runs. */
export const CaseLayerResult = z.discriminatedUnion("status", [
  NotRun,
  z.object({ status: z.literal("failed"), reason: z.string() }),
  z.object({
    status: z.literal("scored"),
    runs: Count,
    counts: EvalCounts,
    ...EvalScores.shape,
    byArea: z.array(AreaEvalScore),
    severity: SeverityAgreement,
    stability: Rate,
    matches: z.array(FindingMatch),
    missed: z.array(MissedExpectation),
    falsePositives: z.array(FalsePositive),
    injection: InjectionOutcome.optional(),
    verification: EvalVerification.nullable(),
    usage: EvalUsage,
  }),
]);
export type CaseLayerResult = z.infer<typeof CaseLayerResult>;

export const FactCheck = z.object({
  path: z.string(),
  expected: z.json(),
  actual: z.json().optional(),
  tolerance: z.number().optional(),
  ok: z.boolean(),
});
export type FactCheck = z.infer<typeof FactCheck>;

export const CaseResult = z.object({
  id: z.string(),
  repo: z.object({
    fixture: z.string().optional(),
    git: z.string().optional(),
    commit: z.string().optional(),
  }),
  facts: z.array(FactCheck),
  deterministic: CaseLayerResult,
  full: CaseLayerResult,
});
export type CaseResult = z.infer<typeof CaseResult>;

export const SuiteResult = z.object({
  name: z.string(),
  description: z.string(),
  /** The suite file, relative to the working folder when inside it. */
  file: z.string(),
  summary: ResultSummary,
  cases: z.array(CaseResult),
});
export type SuiteResult = z.infer<typeof SuiteResult>;

/** How the full review was obtained in this run. */
export const FullReviewMode = z.enum(["off", "live", "replay", "record"]);
export type FullReviewMode = z.infer<typeof FullReviewMode>;

/** The JSON result of `codeaudit eval`. */
export const EvalResult = z.object({
  schemaVersion: z.literal(EVAL_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.string(),
  options: z.object({ runs: z.number().int().min(1), fullReview: FullReviewMode }),
  /** The scanner versions that produced the deterministic layer; a baseline is stale when they change. */
  scanners: z.array(z.object({ id: z.string(), version: z.string() })),
  summary: ResultSummary,
  suites: z.array(SuiteResult),
});
export type EvalResult = z.infer<typeof EvalResult>;
