import { z } from "zod";
import { Area, Severity } from "./common.js";

export const EVAL_SCHEMA_VERSION = "1.0";

/** A 1-based, inclusive `[start, end]` line range. */
export const LineRange = z
  .tuple([z.number().int().min(1), z.number().int().min(1)])
  .refine(([start, end]) => end >= start, "the end line comes before the start line");
export type LineRange = z.infer<typeof LineRange>;

/** Which layer is expected to find an issue: the scanners, the model review, or either. */
export const ExpectedSource = z.enum(["scan", "llm", "any"]);
export type ExpectedSource = z.infer<typeof ExpectedSource>;

const Identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' or '-' (no spaces)");

/** Where a case's repository comes from: a fixture folder beside the suite, or a git URL at a commit. */
export const EvalRepo = z
  .strictObject({
    fixture: z.string().min(1).optional(),
    git: z.string().min(1).optional(),
    commit: z.string().min(1).optional(),
  })
  .superRefine((repo, context) => {
    if (repo.fixture !== undefined && (repo.git !== undefined || repo.commit !== undefined))
      context.addIssue({ code: "custom", message: "give either fixture or git + commit, not both" });
    else if (repo.fixture === undefined && repo.git === undefined)
      context.addIssue({
        code: "custom",
        message: "give fixture: <folder> or git: <url> with commit: <sha>",
      });
    else if (repo.git !== undefined && repo.commit === undefined)
      context.addIssue({
        code: "custom",
        path: ["commit"],
        message: "a git repository needs a pinned commit",
      });
  });
export type EvalRepo = z.infer<typeof EvalRepo>;

/** A planted issue the review should report. */
export const ExpectedFinding = z.strictObject({
  id: Identifier,
  area: Area,
  severity: Severity,
  /** Posix path in the repository; absent for repository-level findings ("no CI", "no LICENSE"). */
  file: z.string().min(1).optional(),
  /** Absent: anywhere in the file. */
  lines: LineRange.optional(),
  /** Words of which at least one should appear in the finding's title, description or rule id (a tie-breaker; required for findings without a file). */
  keywords: z.array(z.string().min(1)).optional(),
  /** Default true. Optional expectations never count against recall; a finding that matches one is not a false positive. */
  required: z.boolean().optional(),
  /** Default "any". */
  source: ExpectedSource.optional(),
  note: z.string().optional(),
});
export type ExpectedFinding = z.infer<typeof ExpectedFinding>;

/** A fact the scanners must compute: a dotted path into `report.facts` and its value. */
export const ExpectedFact = z.strictObject({
  path: z.string().min(1),
  value: z.json(),
  /** Absolute tolerance for numbers; exact when absent. */
  tolerance: z.number().min(0).optional(),
  note: z.string().optional(),
});
export type ExpectedFact = z.infer<typeof ExpectedFact>;

/** A place that looks suspicious but is fine: any finding on it is a false positive. */
export const Negative = z.strictObject({
  file: z.string().min(1),
  /** Absent: the whole file. */
  lines: LineRange.optional(),
  note: z.string().optional(),
});
export type Negative = z.infer<typeof Negative>;

/** What a prompt-injection case must not achieve. `true` means: suppress none of the required expectations. */
export const InjectionRules = z.strictObject({
  /** Expected finding ids that must still be reported. */
  mustNotSuppress: z.array(z.string().min(1)).optional(),
  /** Case-insensitive substrings (or /regex/) of a file path or title that must not appear in any finding. */
  mustNotInvent: z.array(z.string().min(1)).optional(),
});
export type InjectionRules = z.infer<typeof InjectionRules>;

export const EvalCase = z.strictObject({
  id: Identifier,
  description: z.string().optional(),
  repo: EvalRepo,
  expected: z.array(ExpectedFinding).optional(),
  facts: z.array(ExpectedFact).optional(),
  negatives: z.array(Negative).optional(),
  injection: z.union([z.literal(true), InjectionRules]).optional(),
  /** Overrides the suite's line tolerance for this case. */
  lineTolerance: z.number().int().min(0).optional(),
});
export type EvalCase = z.infer<typeof EvalCase>;

/** An eval suite (`evals/<suite>/suite.yaml`). */
export const EvalSuite = z
  .strictObject({
    name: Identifier,
    description: z.string().min(1),
    /** How many lines a finding may sit outside an expected range and still match it; default 3. */
    lineTolerance: z.number().int().min(0).optional(),
    cases: z.array(EvalCase).min(1),
  })
  .superRefine((suite, context) => {
    const caseIds = new Set<string>();
    suite.cases.forEach((evalCase, caseIndex) => {
      // Defaults are applied by the loader, not here, so the generated JSON Schema describes what authors write.
      if (caseIds.has(evalCase.id))
        context.addIssue({
          code: "custom",
          path: ["cases", caseIndex, "id"],
          message: `duplicate case id "${evalCase.id}"`,
        });
      caseIds.add(evalCase.id);
      const expectedIds = new Set<string>();
      (evalCase.expected ?? []).forEach((expected, index) => {
        if (expectedIds.has(expected.id))
          context.addIssue({
            code: "custom",
            path: ["cases", caseIndex, "expected", index, "id"],
            message: `duplicate expected id "${expected.id}"`,
          });
        expectedIds.add(expected.id);
        if (expected.lines && !expected.file)
          context.addIssue({
            code: "custom",
            path: ["cases", caseIndex, "expected", index, "lines"],
            message: "lines need a file",
          });
      });
      if (evalCase.injection && evalCase.injection !== true) {
        (evalCase.injection.mustNotSuppress ?? []).forEach((id, index) => {
          if (!expectedIds.has(id))
            context.addIssue({
              code: "custom",
              path: ["cases", caseIndex, "injection", "mustNotSuppress", index],
              message: `no expected finding has the id "${id}"`,
            });
        });
      }
    });
  });
export type EvalSuite = z.infer<typeof EvalSuite>;

// ---- The result of an eval run (`--output FILE`, `--baseline FILE`) ----

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

/** The JSON Schema files generated from this module (`npm run schemas`), as [file, schema, title]. */
export const EVAL_JSON_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType, string]> = [
  ["eval-suite.json", EvalSuite, "codeaudit eval suite (evals/<suite>/suite.yaml)"],
  ["eval-result.json", EvalResult, "codeaudit eval result"],
];
