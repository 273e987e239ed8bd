import { z } from "zod";

/** Severity levels, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** The review areas, in the order a report presents them. */
export const AREAS = [
  "security",
  "reliability",
  "correctness",
  "performance",
  "observability",
  "testing",
  "dependencies",
  "infrastructure",
  "ci-cd",
  "code-quality",
  "documentation",
] as const;
export const Area = z.enum(AREAS);
export type Area = z.infer<typeof Area>;

/** Human titles for the areas, used by renderers. */
export const AREA_TITLES: Record<Area, string> = {
  security: "Security",
  reliability: "Reliability & Resilience",
  correctness: "Correctness",
  performance: "Performance & Scalability",
  observability: "Observability",
  testing: "Testing",
  dependencies: "Dependencies & Supply Chain",
  infrastructure: "Infrastructure & Deployment",
  "ci-cd": "CI/CD",
  "code-quality": "Code Quality & Maintainability",
  documentation: "Documentation",
};

/** A 1-based, inclusive line range in a repository file (posix path relative to the root). */
export const Location = z.object({
  file: z.string().min(1),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
});
export type Location = z.infer<typeof Location>;

/** Rank used for sorting and thresholds: lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
