import type { Report } from "../../schemas/index.js";
import type { ScanOptions } from "../../tools/scanner.js";
import { type IngestOptions, ingest } from "../ingest/ingest.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { buildReport } from "../merge/build-report.js";
import { runScanners } from "../prescan/run-scanners.js";

export interface ScanRequest extends IngestOptions, ScanOptions {
  /** Why the model areas were not reviewed, shown in the report (review without a model). */
  notReviewedReason?: string;
  mode?: Report["mode"];
  warnings?: string[];
}

/** The deterministic audit: ingest, run every scanner, merge into a report. */
export async function scanRepository(
  target: string,
  request: ScanRequest = {},
): Promise<{ report: Report; snapshot: RepoSnapshot }> {
  const snapshot = await ingest(target, request);
  const prescan = await runScanners(snapshot, request);
  const report = buildReport({
    snapshot,
    prescan,
    mode: request.mode ?? "scan",
    notReviewedReason:
      request.notReviewedReason ??
      "Scan mode runs the deterministic checks only; run `codeaudit review` with a model for the full review.",
    warnings: request.warnings,
  });
  return { report, snapshot };
}
