import {
  AREAS,
  type Area,
  type Finding,
  SEVERITIES,
  type Severity,
  type SeverityCounts,
} from "../../schemas/index.js";

/** Points an open finding takes off its area's 10. Documented in the README; change both together. */
export const SEVERITY_PENALTY: Record<Severity, number> = {
  critical: 4,
  high: 2,
  medium: 1,
  low: 0.5,
  info: 0,
};

/** Findings that count: not dismissed. */
export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => !finding.dismissed);
}

/** Counts open findings per severity. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as SeverityCounts;
  for (const finding of openFindings(findings)) counts[finding.severity]++;
  return counts;
}

/** 10 minus the penalties of the area's open findings (a finding tagged with several areas counts in each), floored at 0. */
export function areaScore(area: Area, findings: readonly Finding[]): number {
  const penalty = openFindings(findings)
    .filter((finding) => finding.areas.includes(area))
    .reduce((sum, finding) => sum + SEVERITY_PENALTY[finding.severity], 0);
  return round1(Math.max(0, 10 - penalty));
}

/**
 * Overall readiness: the mean of the area scores, capped at 4 while any critical finding is open and
 * at 7 while any high finding is open, so a single blocker is never averaged away.
 */
export function readinessScore(
  areaScores: ReadonlyMap<Area, number>,
  findings: readonly Finding[],
): number | undefined {
  const scores = AREAS.map((area) => areaScores.get(area)).filter(
    (score): score is number => score !== undefined,
  );
  if (scores.length === 0) return undefined;
  let score = scores.reduce((sum, value) => sum + value, 0) / scores.length;
  const counts = countBySeverity(findings);
  if (counts.critical > 0) score = Math.min(score, 4);
  else if (counts.high > 0) score = Math.min(score, 7);
  return round1(score);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
