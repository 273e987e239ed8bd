import { z } from "zod";
import { Area, Location, Severity } from "./common.js";

/**
 * What a scanner (or a verified model answer) emits before merge gives it an id.
 * `location` is absent for findings about something missing (no CI, no LICENSE).
 */
export const RawFinding = z.object({
  ruleId: z.string().min(1).optional(),
  area: Area,
  severity: Severity,
  title: z.string().min(1),
  description: z.string(),
  recommendation: z.string(),
  location: Location.optional(),
  evidence: z.string().optional(),
  confidence: z.number().min(0).max(1).default(1),
});
export type RawFinding = z.infer<typeof RawFinding>;
export type RawFindingInput = z.input<typeof RawFinding>;

export const FindingSource = z.enum(["scan", "llm", "both"]);
export type FindingSource = z.infer<typeof FindingSource>;

/** A finding as it appears in a report. */
export const Finding = z.object({
  id: z.string().min(1),
  area: Area,
  areas: z.array(Area).min(1),
  severity: Severity,
  title: z.string().min(1),
  description: z.string(),
  recommendation: z.string(),
  location: Location.optional(),
  evidence: z.string().optional(),
  source: FindingSource,
  ruleId: z.string().optional(),
  confidence: z.number().min(0).max(1),
  dismissed: z.object({ reason: z.string().min(1) }).optional(),
});
export type Finding = z.infer<typeof Finding>;
