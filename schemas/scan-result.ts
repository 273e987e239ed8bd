import { z } from "zod";
import { RawFinding } from "./finding.js";

/** Why a file was listed but never read. */
export const SkipReason = z.enum([
  "binary",
  "too-large",
  "symlink-outside-root",
  "unreadable",
  "not-regular-file",
]);
export type SkipReason = z.infer<typeof SkipReason>;

export const SkippedFile = z.object({
  path: z.string(),
  reason: SkipReason,
  detail: z.string().optional(),
});
export type SkippedFile = z.infer<typeof SkippedFile>;

/**
 * The common shape of every scanner's result. Each scanner narrows `facts` with its own schema
 * (see `tools/<scanner>.ts`); this envelope is what crosses boundaries generically.
 */
export function scanResultSchema<F extends z.ZodType>(facts: F) {
  return z.object({
    scanner: z.string().min(1),
    version: z.string().min(1),
    facts,
    findings: z.array(RawFinding),
  });
}

export const ScanResult = scanResultSchema(z.record(z.string(), z.unknown()));
export type ScanResult = z.infer<typeof ScanResult>;

/** How each scanner fared in a run; a failed scanner does not stop the others. */
export const ScannerRun = z.object({
  id: z.string(),
  version: z.string(),
  status: z.enum(["ok", "failed"]),
  error: z.string().optional(),
  durationMs: z.number().min(0),
});
export type ScannerRun = z.infer<typeof ScannerRun>;
