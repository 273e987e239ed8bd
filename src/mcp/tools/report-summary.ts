import { z } from "zod";
import { type Report, Severity, SeverityCounts } from "../../../schemas/index.js";

/** What scan_repository and review_repository return: a handle to the stored report and its headline. */
export const ReportSummaryOutput = z.object({
  handle: z.string().describe("Pass to get_report, or read the resource at `uri`."),
  uri: z.string(),
  repository: z.string(),
  mode: z.enum(["scan", "review"]),
  readinessScore: z.number().optional(),
  bySeverity: SeverityCounts,
  findingCount: z.number().int(),
  executiveSummary: z.string().optional(),
  topFindings: z.array(
    z.object({ id: z.string(), severity: Severity, title: z.string(), location: z.string().optional() }),
  ),
  failedScanners: z.array(z.string()),
  note: z.string().optional(),
});
export type ReportSummaryOutput = z.infer<typeof ReportSummaryOutput>;

/** The resource URI of a stored report (JSON; append `/markdown` for the written audit). */
export function reportUri(handle: string): string {
  return `codeaudit://reports/${handle}`;
}

/** The headline of a stored report: scores, counts and the ten most severe open findings. */
export function summarizeReport(handle: string, report: Report, note?: string): ReportSummaryOutput {
  const open = report.findings.filter((finding) => !finding.dismissed);
  return {
    handle,
    uri: reportUri(handle),
    repository: report.repo.name,
    mode: report.mode,
    ...(report.summary.readinessScore !== undefined ? { readinessScore: report.summary.readinessScore } : {}),
    bySeverity: report.summary.bySeverity,
    findingCount: report.findings.length,
    ...(report.summary.executiveSummary ? { executiveSummary: report.summary.executiveSummary } : {}),
    topFindings: open.slice(0, 10).map((finding) => ({
      id: finding.id,
      severity: finding.severity,
      title: finding.title,
      ...(finding.location ? { location: `${finding.location.file}:${finding.location.startLine}` } : {}),
    })),
    failedScanners: report.scanners.filter((run) => run.status === "failed").map((run) => run.id),
    ...(note ? { note } : {}),
  };
}

/** A few readable lines for clients that show only text content. */
export function summaryText(summary: ReportSummaryOutput): string {
  const counts = Object.entries(summary.bySeverity)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(", ");
  const lines = [
    `Report ${summary.handle} (${summary.mode}) for ${summary.repository}: ${summary.findingCount} findings (${counts}).`,
  ];
  if (summary.readinessScore !== undefined) lines.push(`Readiness score: ${summary.readinessScore} / 10.`);
  if (summary.executiveSummary) lines.push(summary.executiveSummary);
  for (const finding of summary.topFindings)
    lines.push(`- [${finding.severity}] ${finding.title}${finding.location ? ` (${finding.location})` : ""}`);
  if (summary.failedScanners.length > 0) lines.push(`Failed scanners: ${summary.failedScanners.join(", ")}.`);
  if (summary.note) lines.push(summary.note);
  lines.push(`Page through it with get_report {"handle": "${summary.handle}"} or read ${summary.uri}.`);
  return lines.join("\n");
}
