import type { Area, Finding, Verification } from "../../schemas/index.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { LlmClient } from "../llm/types.js";
import { type AreaReview, scannerFindings } from "../merge/build-report.js";
import type { ScannerVerdict } from "../merge/scanner-verdict.js";
import type { ReviewPlan } from "../plan/build-review-plan.js";
import { createChunkTextProvider } from "../plan/chunk-text.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import type { Redactor } from "../redact/redactor.js";
import { type AgentSettings, DEFAULT_AGENT_SETTINGS } from "./agent-settings.js";
import { areaResult } from "./area-result.js";
import { openAgentToolbox } from "./mcp-tools.js";
import type { ProgressListener } from "./progress.js";
import type { PromptSet } from "./prompts.js";
import type { BatchOutcome } from "./review-batch.js";
import type { ReviewCache } from "./review-cache.js";
import { type AreaWork, runBatches } from "./run-batches.js";
import { areaScanContext } from "./scan-context.js";
import { collectScannerVerdicts } from "./scanner-decisions.js";
import type { Spent } from "./spent.js";
import { ToolSupport } from "./tool-support.js";
import { verifyClaims } from "./verify-claims.js";

export interface ReviewRepositoryInput {
  snapshot: RepoSnapshot;
  prescan: PrescanResult;
  plan: ReviewPlan;
  /** Knows the secret values: everything sent (chunks, findings, tool results) goes through it. */
  redactor: Redactor;
  prompts: PromptSet;
  /** The runtime's client: retries, concurrency, `--max-cost` and usage already applied. */
  client: LlmClient;
  /** The fence nonce of this run. */
  nonce: string;
  concurrency: number;
  settings?: Partial<AgentSettings>;
  cache?: ReviewCache;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  spent?: () => { tokens: number; costUsd: number };
  maxFileBytes?: number;
}

/** Calls and tokens one area used, for measurements and logs. */
export interface AreaStats {
  batches: number;
  cached: number;
  calls: number;
  toolCalls: number;
  tokens: number;
}

/** What the model review adds to the report. */
export interface ReviewRepositoryResult {
  areaReviews: Partial<Record<Area, AreaReview>>;
  reviewFindings: Finding[];
  scannerVerdicts: Map<string, ScannerVerdict>;
  verification: Verification;
  warnings: string[];
  stats: Partial<Record<Area, AreaStats>>;
  /** What the answers served from the cache cost when they were produced. */
  reused: Spent[];
}

const NOTHING_TO_REVIEW =
  "No file of the repository belongs to this area, so the model had nothing to read (no call was made, as the dry-run plan shows); its pre-scan findings stand as reported.";

/**
 * The model review of every planned area: batches run through the agent loop with our MCP tools,
 * then findings are verified and merged, scanner decisions resolved, and each area gets its status,
 * summary and strengths. Failures stay inside their area; only a rejected key is thrown.
 */
export async function reviewRepository(input: ReviewRepositoryInput): Promise<ReviewRepositoryResult> {
  const settings = { ...DEFAULT_AGENT_SETTINGS, ...input.settings };
  const areaReviews: Partial<Record<Area, AreaReview>> = {};
  const work: AreaWork[] = [];
  for (const plan of input.plan.areas) {
    const scan = areaScanContext(input.prescan, plan.area, input.redactor, settings.maxScanFindings);
    if (plan.batches.length === 0) areaReviews[plan.area] = { status: "skipped", reason: NOTHING_TO_REVIEW };
    else work.push({ plan, scan });
  }
  const toolbox = await openAgentToolbox(input.snapshot, {
    redactor: input.redactor,
    maxResultChars: settings.maxToolResultChars,
    ...(input.maxFileBytes ? { maxFileBytes: input.maxFileBytes } : {}),
  });
  const toolSupport = new ToolSupport();
  let outcomes: Map<Area, BatchOutcome[]>;
  try {
    outcomes = await runBatches({
      work,
      snapshot: input.snapshot,
      repoMap: input.redactor.redactText(input.plan.repoMap.text),
      chunkText: createChunkTextProvider(input.snapshot, {
        transform: (text, file) => input.redactor.redactFile(file, text),
      }),
      prompts: input.prompts,
      client: input.client,
      toolbox,
      toolSupport,
      settings,
      nonce: input.nonce,
      concurrency: input.concurrency,
      ...(input.cache ? { cache: input.cache } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      ...(input.spent ? { spent: input.spent } : {}),
    });
  } finally {
    await toolbox.close();
  }

  const stats: Partial<Record<Area, AreaStats>> = {};
  for (const { plan } of work) {
    const results = outcomes.get(plan.area) ?? [];
    const prompt = input.prompts.areas[plan.area];
    areaReviews[plan.area] = areaResult(
      plan.area,
      results,
      { id: prompt.id, version: prompt.version },
      input.snapshot,
      input.redactor,
    );
    stats[plan.area] = areaStats(results);
  }
  const done = work.flatMap(({ plan }) =>
    (outcomes.get(plan.area) ?? []).flatMap((outcome) =>
      outcome.status === "done" ? [{ area: plan.area, outcome }] : [],
    ),
  );
  const scanner = scannerFindings(input.prescan.results).map((finding) =>
    input.redactor.redactFinding(finding),
  );
  const verified = await verifyClaims(
    done.map(({ area, outcome }) => ({ area, findings: outcome.output.findings })),
    input.snapshot,
    input.redactor,
    scanner,
  );
  const decisions = collectScannerVerdicts(
    work.map(({ plan, scan }) => ({
      area: plan.area,
      shown: new Set(scan.findings.map((finding) => finding.id)),
      decisions: done
        .filter((entry) => entry.area === plan.area)
        .flatMap((entry) => entry.outcome.output.scannerFindings),
    })),
    input.redactor,
  );
  return {
    areaReviews,
    reviewFindings: verified.findings,
    scannerVerdicts: decisions.verdicts,
    verification: verified.verification,
    warnings: [
      ...new Set([
        ...done.flatMap(({ outcome }) => outcome.notes),
        ...decisions.warnings,
        ...(toolSupport.warning ? [toolSupport.warning] : []),
        ...stopWarnings(outcomes),
        ...partialWarnings(areaReviews, outcomes),
      ]),
    ],
    stats,
    reused: done.flatMap(({ outcome }) => (outcome.reused ? [outcome.reused] : [])),
  };
}

function areaStats(outcomes: readonly BatchOutcome[]): AreaStats {
  const stats: AreaStats = { batches: outcomes.length, cached: 0, calls: 0, toolCalls: 0, tokens: 0 };
  for (const outcome of outcomes) {
    if (outcome.status !== "done") continue;
    if (outcome.cached) stats.cached++;
    stats.calls += outcome.calls;
    stats.toolCalls += outcome.toolCalls;
    const usage = outcome.usage;
    stats.tokens += usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
  }
  return stats;
}

/**
 * A line for each area that is partial because some of its batches failed (the Markdown report shows
 * failed areas in its header, but a partial one only here); cost-cap and cancel stops have their own.
 */
function partialWarnings(
  reviews: Partial<Record<Area, AreaReview>>,
  outcomes: ReadonlyMap<Area, BatchOutcome[]>,
): string[] {
  return [...outcomes].flatMap(([area, results]) => {
    const review = reviews[area];
    const failed = results.some((outcome) => outcome.status === "failed");
    return review?.status === "partial" && failed ? [`${area}: partial review: ${review.reason ?? ""}`] : [];
  });
}

/** One warning each for a cost cap and a cancellation that left batches unreviewed. */
function stopWarnings(outcomes: ReadonlyMap<Area, BatchOutcome[]>): string[] {
  const all = [...outcomes.values()].flat();
  const warnings: string[] = [];
  const budget = all.filter((outcome) => outcome.status === "budget");
  const first = budget[0];
  if (first && first.status === "budget")
    warnings.push(
      `${first.error instanceof Error ? first.error.message : first.reason}; ${budget.length} batch${budget.length === 1 ? " was" : "es were"} not reviewed`,
    );
  const cancelled = all.filter((outcome) => outcome.status === "cancelled").length;
  if (cancelled > 0)
    warnings.push(
      `the review was cancelled: ${cancelled} batch${cancelled === 1 ? " was" : "es were"} not reviewed; the report holds what was done`,
    );
  return warnings;
}
