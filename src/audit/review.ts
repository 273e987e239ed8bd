import { createHash } from "node:crypto";
import { AREAS, type Area, type Report } from "../../schemas/index.js";
import type { ScanOptions } from "../../tools/scanner.js";
import { type IngestOptions, ingest } from "../ingest/ingest.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { LlmRuntime } from "../llm/create-llm-runtime.js";
import { buildReport } from "../merge/build-report.js";
import { buildReviewPlan } from "../plan/build-review-plan.js";
import { runScanners } from "../prescan/run-scanners.js";
import { loadRedactor } from "../redact/report-redactor.js";
import type { AgentSettings } from "../review/agent-settings.js";
import { writeExecutiveSummary } from "../review/executive-summary.js";
import type { ProgressListener } from "../review/progress.js";
import { createFenceNonce, loadPrompts, type PromptSet, promptRecords } from "../review/prompts.js";
import type { ReviewCache } from "../review/review-cache.js";
import { type AreaStats, reviewRepository } from "../review/review-repository.js";
import { addSpent, reportUsage, type Spent } from "../review/spent.js";

export interface ReviewTargetRequest extends IngestOptions, ScanOptions {
  /** A ready runtime (`createLlmRuntime`): its ledger is the report's usage. */
  runtime: LlmRuntime;
  /** Areas to review; all when absent. */
  areas?: readonly Area[];
  concurrency?: number;
  /** Reuse and store answers here; no caching when absent. */
  cache?: ReviewCache;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Also told when ingest and the pre-scans start. */
  onStage?: (message: string) => void;
  settings?: Partial<AgentSettings>;
  /**
   * Derive the fence nonce from the run's inputs instead of drawing it at random, so the same
   * review sends byte-identical requests (needed by `--record` / `--replay`).
   */
  stableNonce?: boolean;
  prompts?: PromptSet;
  now?: Date;
}

export interface ReviewTargetResult {
  report: Report;
  snapshot: RepoSnapshot;
  stats: Partial<Record<Area, AreaStats>>;
}

const NOT_SELECTED = "Not selected with --areas: no model review of this area in this run.";

/**
 * The full review: ingest, pre-scans, plan, the model review of every area, verification and merge,
 * then the executive summary from one last call (the computed summary stays when it fails). The
 * report is always built from whatever finished: failed or unfinished areas are marked as such.
 */
export async function reviewTarget(
  target: string,
  request: ReviewTargetRequest,
): Promise<ReviewTargetResult> {
  const prompts = request.prompts ?? (await loadPrompts());
  request.onStage?.("listing files");
  const snapshot = await ingest(target, request);
  request.onStage?.("running the pre-scans");
  const prescan = await runScanners(snapshot, request);
  const redactor = await loadRedactor(snapshot, prescan.results);
  const { runtime } = request;
  const areas = request.areas ?? AREAS;
  const plan = await buildReviewPlan(snapshot, prescan, {
    provider: runtime.config.provider,
    model: runtime.config.model,
    areas,
  });
  const nonce = request.stableNonce
    ? createHash("sha256").update(`codeaudit-fence\n${plan.repoMap.text}`).digest("hex").slice(0, 32)
    : createFenceNonce();
  const spent = () => {
    const totals = runtime.ledger.totals();
    const tokens =
      totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens + totals.outputTokens;
    return { tokens, costUsd: totals.costUsd };
  };
  const review = await reviewRepository({
    snapshot,
    prescan,
    plan,
    redactor,
    prompts,
    client: runtime.client,
    nonce,
    concurrency: request.concurrency ?? 4,
    ...(request.settings ? { settings: request.settings } : {}),
    ...(request.cache ? { cache: request.cache } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    spent,
    ...(request.maxFileBytes ? { maxFileBytes: request.maxFileBytes } : {}),
  });
  const build = (
    executiveSummary?: string,
    extraWarnings: string[] = [],
    reused: Spent[] = review.reused,
  ) => {
    const usage = reportUsage(
      runtime.ledger.toReportUsage({ provider: runtime.config.provider, model: runtime.config.model }),
      addSpent(reused),
    );
    return buildReport({
      snapshot,
      prescan,
      mode: "review",
      reviewFindings: review.reviewFindings,
      scannerVerdicts: review.scannerVerdicts,
      areaReviews: review.areaReviews,
      notReviewedReason: NOT_SELECTED,
      usage: usage.usage,
      verification: review.verification,
      ...(executiveSummary ? { executiveSummary } : {}),
      // The prompts of the areas a model was asked about, not of those skipped for having no files.
      prompts: promptRecords(
        prompts,
        areas.filter((area) => review.areaReviews[area]?.status !== "skipped"),
      ),
      warnings: [
        ...review.warnings,
        ...extraWarnings,
        ...runtime.ledger.warnings,
        ...(usage.note ? [usage.note] : []),
      ],
      redactor,
      ...(request.now ? { now: request.now } : {}),
    });
  };
  const draft = build();
  const reviewed = draft.areas.some((area) => area.status === "completed" || area.status === "partial");
  if (!reviewed || request.signal?.aborted || runtime.budget.exceeded)
    return { report: draft, snapshot, stats: review.stats };
  request.onStage?.("writing the executive summary");
  const summary = await writeExecutiveSummary(draft, {
    client: runtime.client,
    redactor,
    nonce,
    ...(request.cache ? { cache: request.cache } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const reused = summary.reused ? [...review.reused, summary.reused] : review.reused;
  const report =
    "summary" in summary ? build(summary.summary, [], reused) : build(undefined, [summary.warning], reused);
  return { report, snapshot, stats: review.stats };
}
