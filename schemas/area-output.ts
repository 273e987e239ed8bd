import { z } from "zod";
import { Area, Severity } from "./common.js";

// These schemas are sent to providers as structured-output JSON Schemas (OpenAI strict mode), so every
// property is required and absent values are `null`. Length limits would emit keywords strict mode
// rejects, so "not blank" is a refinement: checked when parsing, invisible in the JSON Schema.
const text = () => z.string().refine((value) => value.trim().length > 0, "must not be blank");

/** One issue the model reports for the area and chunk it reviewed; verify/ checks its file:line and evidence. */
export const AreaFindingOutput = z.object({
  title: text().describe("One line naming the problem, e.g. 'Session cookie set without Secure flag'."),
  severity: Severity.describe("Per the area's severity rubric."),
  area: Area.describe("The area under review; use alsoAreas for other areas the same root cause touches."),
  alsoAreas: z.array(Area).describe("Other areas this same root cause belongs to; empty when none."),
  description: text().describe("What is wrong, why it matters in production, and the trigger or impact."),
  recommendation: text().describe("The concrete change that fixes it."),
  file: text().describe("Repository-relative path of the cited file, as shown in the data fence."),
  startLine: z.number().int().min(1).describe("First cited line, 1-based."),
  endLine: z.number().int().min(1).describe("Last cited line, 1-based, inclusive."),
  evidence: z
    .string()
    .describe("The cited lines copied verbatim from the file: whole lines, no ellipses, no line numbers."),
  confidence: z.number().min(0).max(1).describe("How sure you are that this is a real problem, 0..1."),
  category: z
    .string()
    .nullable()
    .describe("Optional short kebab-case kind, e.g. 'missing-timeout' or 'sql-injection'; null if none."),
});
export type AreaFindingOutput = z.infer<typeof AreaFindingOutput>;

export const ScannerDecisionAction = z.enum(["confirm", "escalate", "dismiss"]);
export type ScannerDecisionAction = z.infer<typeof ScannerDecisionAction>;

/** The model's verdict on one pre-scan finding it was shown; a dismissal must say why. */
export const ScannerDecision = z
  .object({
    id: text().describe("The pre-scan finding id exactly as given."),
    action: ScannerDecisionAction,
    severity: Severity.nullable().describe("The new severity when escalating; null otherwise."),
    reason: text().describe("Why: the code that confirms, aggravates or defuses the finding."),
  })
  .refine((decision) => decision.action !== "escalate" || decision.severity !== null, {
    message: "an escalation must give the new severity",
    path: ["severity"],
  });
export type ScannerDecision = z.infer<typeof ScannerDecision>;

/** Something the area does well, optionally pointing at where it can be seen. */
export const AreaStrengthOutput = z.object({
  description: text().describe("One sentence naming the practice and why it helps."),
  file: z.string().nullable().describe("Repository-relative path showing it, or null."),
  line: z.number().int().min(1).nullable().describe("1-based line in that file, or null."),
});
export type AreaStrengthOutput = z.infer<typeof AreaStrengthOutput>;

/** Everything the model returns for one area and chunk. */
export const AreaOutput = z.object({
  findings: z.array(AreaFindingOutput),
  scannerFindings: z.array(ScannerDecision).describe("One decision per pre-scan finding you assessed."),
  strengths: z.array(AreaStrengthOutput),
  summary: z.string().describe("Two to five sentences on the state of this area in the code you saw."),
});
export type AreaOutput = z.infer<typeof AreaOutput>;

/** AreaOutput narrowed to one area, so neither the model nor a parse can put a finding under another area. */
export function areaOutputSchema(area: Area) {
  return AreaOutput.extend({
    findings: z.array(AreaFindingOutput.extend({ area: z.enum([area]) })),
  });
}

/** What the final call over the merged findings returns. */
export const ExecutiveSummaryOutput = z.object({
  summary: text().describe(
    "The executive summary: overall maturity, the blockers that matter most, and what is already solid.",
  ),
});
export type ExecutiveSummaryOutput = z.infer<typeof ExecutiveSummaryOutput>;
