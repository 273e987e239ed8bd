import type { Area, Report } from "../../schemas/index.js";
import { SCANNER_IDS } from "../../tools/registry.js";
import type { ScanOptions } from "../../tools/scanner.js";
import { CodeauditError } from "../errors.js";
import { type IngestOptions, ingest } from "../ingest/ingest.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { buildReport } from "../merge/build-report.js";
import { type PrescanResult, runScanners } from "../prescan/run-scanners.js";

/** What `review_repository` asks of a reviewer. */
export interface ReviewRequest {
  /** Real absolute path of the repository folder, already confined to the server's roots. */
  folder: string;
  /** Areas to review; all when absent. */
  areas?: Area[];
}

/** How a reviewer reports progress and learns it was cancelled. */
export interface ReviewRunContext {
  signal: AbortSignal;
  progress(done: number, total: number | undefined, message: string): void;
}

/** Runs a full review; the MCP server only validates input, reports progress and stores the result. */
export interface Reviewer {
  /** Shown in the tool description and result so agents know what kind of review they get. */
  readonly description: string;
  review(request: ReviewRequest, context: ReviewRunContext): Promise<Report>;
}

export const NO_MODEL_REASON =
  "No LLM reviewer is configured for this MCP server: this is the deterministic review (every scanner, no model), the same report `codeaudit review` writes without an API key.";

export interface DeterministicReviewerDeps {
  ingest?: (folder: string, options: IngestOptions) => Promise<RepoSnapshot>;
  scanOptions?: ScanOptions;
  maxFileBytes?: number;
}

/** Throws ABORTED once the review was cancelled. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CodeauditError("ABORTED", "the review was cancelled");
}

/** The review the CLI runs without a key: every scanner, one progress step each as it finishes, cancellable between scanners. */
export function deterministicReviewer(deps: DeterministicReviewerDeps = {}): Reviewer {
  return {
    description:
      "Deterministic review (no LLM configured): runs every scanner and builds the report `codeaudit review` writes without an API key; the model areas are marked as not reviewed.",
    async review(request, context) {
      const total = SCANNER_IDS.length + 2;
      context.progress(0, total, "listing files");
      const snapshot = await (deps.ingest ?? ingest)(request.folder, { maxFileBytes: deps.maxFileBytes });
      throwIfAborted(context.signal);
      // One catalogue run, so a large repository is parsed ahead and scheduled as `scan` does it.
      const prescan: PrescanResult = await runScanners(snapshot, {
        ...deps.scanOptions,
        signal: context.signal,
        onScannerDone: (run, done) => context.progress(done, total, `scanner ${run.id} ${run.status}`),
      });
      throwIfAborted(context.signal);
      context.progress(total - 1, total, "building the report");
      const report = buildReport({ snapshot, prescan, mode: "review", notReviewedReason: NO_MODEL_REASON });
      context.progress(total, total, "done");
      return report;
    },
  };
}
