import { z } from "zod";
import { Area, Severity } from "./common.js";

// The eval suite file format: `evals/<suite>/suite.yaml`, written by people, validated on load.

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
  /** Other areas a matching finding may be filed under (a container running as root: infrastructure or security). */
  acceptAreas: z.array(Area).optional(),
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
        (evalCase.injection.mustNotInvent ?? []).forEach((pattern, index) => {
          const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
          if (!regex) return;
          try {
            new RegExp(regex[1] ?? "", regex[2]);
          } catch {
            context.addIssue({
              code: "custom",
              path: ["cases", caseIndex, "injection", "mustNotInvent", index],
              message: "not a valid regular expression",
            });
          }
        });
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
