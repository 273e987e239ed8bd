import { z } from "zod";
import { Area } from "./common.js";
import { Finding } from "./finding.js";
import { ScannerRun, SkippedFile } from "./scan-result.js";

export const REPORT_SCHEMA_VERSION = "1.0";

export const AreaStatus = z.enum(["completed", "partial", "failed", "skipped"]);
export type AreaStatus = z.infer<typeof AreaStatus>;

/** One review area as reported: its status, score and what the model (or scanners) said of it. */
export const AreaResult = z.object({
  id: Area,
  status: AreaStatus,
  score: z.number().min(0).max(10).optional(),
  summary: z.string().optional(),
  reason: z.string().optional(),
  strengths: z.array(z.string()),
  findingCount: z.number().int().min(0),
  prompt: z.object({ id: z.string(), version: z.string() }).optional(),
});
export type AreaResult = z.infer<typeof AreaResult>;

export const SeverityCounts = z.object({
  critical: z.number().int().min(0),
  high: z.number().int().min(0),
  medium: z.number().int().min(0),
  low: z.number().int().min(0),
  info: z.number().int().min(0),
});
export type SeverityCounts = z.infer<typeof SeverityCounts>;

export const Usage = z.object({
  calls: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cachedTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  provider: z.string().optional(),
  model: z.string().optional(),
  /**
   * Model answers this run took from the review cache instead of calling the model, and what they cost
   * when they were made. Not included in the counts above, which are this run's own spend.
   */
  reusedFromCache: z
    .object({
      answers: z.number().int().min(0),
      calls: z.number().int().min(0),
      inputTokens: z.number().int().min(0),
      outputTokens: z.number().int().min(0),
      costUsd: z.number().min(0),
    })
    .optional(),
});
export type Usage = z.infer<typeof Usage>;

export const Verification = z.object({
  verified: z.number().int().min(0),
  reanchored: z.number().int().min(0),
  dropped: z.number().int().min(0),
});
export type Verification = z.infer<typeof Verification>;

/** The published JSON report. */
export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  repo: z.object({
    name: z.string(),
    root: z.string(),
    url: z.string().optional(),
    commit: z.string().optional(),
    ref: z.string().optional(),
  }),
  generatedAt: z.string(),
  mode: z.enum(["scan", "review"]),
  facts: z.record(z.string(), z.unknown()),
  findings: z.array(Finding),
  areas: z.array(AreaResult),
  summary: z.object({
    readinessScore: z.number().min(0).max(10).optional(),
    bySeverity: SeverityCounts,
    executiveSummary: z.string().optional(),
    mustFix: z.array(z.string()),
    shouldFix: z.array(z.string()),
    strengths: z.array(z.string()),
  }),
  usage: Usage,
  verification: Verification.optional(),
  scanners: z.array(ScannerRun),
  prompts: z.array(z.object({ id: z.string(), version: z.string(), area: Area })),
  skipped: z.array(SkippedFile),
  warnings: z.array(z.string()),
});
export type Report = z.infer<typeof Report>;
