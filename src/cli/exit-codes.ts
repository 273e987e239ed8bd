import { type Report, type Severity, severityRank } from "../../schemas/index.js";

export const EXIT = { ok: 0, findings: 1, usage: 2, partial: 3 } as const;

/** Exit code for a written report: 3 when an area failed, 1 when an open finding reaches --fail-on, else 0. */
export function exitCodeFor(report: Report, failOn: Severity | undefined): number {
  if (report.areas.some((area) => area.status === "failed" || area.status === "partial")) return EXIT.partial;
  if (
    failOn &&
    report.findings.some(
      (finding) => !finding.dismissed && severityRank(finding.severity) <= severityRank(failOn),
    )
  ) {
    return EXIT.findings;
  }
  return EXIT.ok;
}
