import { randomBytes } from "node:crypto";
import type { Report } from "../../schemas/index.js";

/** What a client sees of a stored report without fetching it. */
export interface StoredReportInfo {
  handle: string;
  repository: string;
  mode: Report["mode"];
  generatedAt: string;
  findings: number;
}

const HANDLE_PATTERN = /^rpt_[0-9a-f]{16}$/;

/**
 * Reports produced by `scan_repository` and `review_repository`, by handle. Held in memory only, so
 * no tool ever writes into a repository; the oldest report is dropped past `maxReports`.
 */
export class ReportStore {
  private readonly reports = new Map<string, Report>();

  constructor(private readonly maxReports = 50) {}

  /** Stores a report and returns its new handle. */
  save(report: Report): string {
    const handle = `rpt_${randomBytes(8).toString("hex")}`;
    this.reports.set(handle, report);
    for (const oldest of this.reports.keys()) {
      if (this.reports.size <= this.maxReports) break;
      this.reports.delete(oldest);
    }
    return handle;
  }

  /** The report for a handle, or undefined when unknown or already dropped. */
  get(handle: string): Report | undefined {
    return HANDLE_PATTERN.test(handle) ? this.reports.get(handle) : undefined;
  }

  /** Every stored report, oldest first. */
  list(): StoredReportInfo[] {
    return [...this.reports].map(([handle, report]) => describeReport(handle, report));
  }
}

/** The listing entry for one report. */
export function describeReport(handle: string, report: Report): StoredReportInfo {
  return {
    handle,
    repository: report.repo.name,
    mode: report.mode,
    generatedAt: report.generatedAt,
    findings: report.findings.length,
  };
}
