import pLimit from "p-limit";
import type { Area } from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { LlmClient } from "../llm/types.js";
import type { AreaPlan, PlanChunk } from "../plan/build-review-plan.js";
import type { ChunkTextProvider } from "../plan/chunk-text.js";
import type { AgentSettings } from "./agent-settings.js";
import { reviewSystem, type SentChunk } from "./batch-prompt.js";
import type { AgentToolbox } from "./mcp-tools.js";
import type { ProgressListener } from "./progress.js";
import type { PromptSet } from "./prompts.js";
import { type BatchOutcome, failure, reviewBatch } from "./review-batch.js";
import type { ReviewCache } from "./review-cache.js";
import type { AreaScanContext } from "./scan-context.js";
import type { ToolSupport } from "./tool-support.js";

/** One area to review: its plan and the pre-scan findings its calls show. */
export interface AreaWork {
  plan: AreaPlan;
  scan: AreaScanContext;
}

export interface RunBatchesInput {
  work: readonly AreaWork[];
  snapshot: RepoSnapshot;
  repoMap: string;
  chunkText: ChunkTextProvider;
  prompts: PromptSet;
  client: LlmClient;
  toolbox: AgentToolbox;
  toolSupport: ToolSupport;
  settings: AgentSettings;
  nonce: string;
  concurrency: number;
  cache?: ReviewCache;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  spent?: () => { tokens: number; costUsd: number };
}

/**
 * Runs every area's batches, `concurrency` at a time in area order, so batches in flight finish their
 * tool loops before new ones start (a cost cap then stops at whole batches). A rejected key stops
 * everything and is thrown once the batches in flight have ended.
 */
export async function runBatches(input: RunBatchesInput): Promise<Map<Area, BatchOutcome[]>> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(input.signal?.reason);
  input.signal?.addEventListener("abort", onAbort, { once: true });
  const limit = pLimit(input.concurrency);
  const outcomes = new Map<Area, BatchOutcome[]>();
  const batchesTotal = input.work.reduce((sum, work) => sum + work.plan.batches.length, 0);
  let batchesDone = 0;
  let areasDone = 0;
  let authError: unknown;

  const areaTasks = input.work.map(async ({ plan, scan }) => {
    const byId = new Map(plan.chunks.map((chunk) => [chunk.id, chunk]));
    const system = reviewSystem(input.prompts, plan.area, input.repoMap, input.nonce);
    const batches = plan.batches;
    const results = await Promise.all(
      batches.map((batch) =>
        limit(async () => {
          let outcome: BatchOutcome;
          try {
            const chunks = await sendChunks(
              batch.chunkIds.flatMap((id) => byId.get(id) ?? []),
              input,
            );
            outcome = await reviewBatch({
              area: plan.area,
              id: batch.id,
              chunks,
              scan,
              system,
              nonce: input.nonce,
              client: input.client,
              toolbox: input.toolbox,
              toolSupport: input.toolSupport,
              settings: input.settings,
              prompts: { preamble: input.prompts.preamble, area: input.prompts.areas[plan.area] },
              signal: stop.signal,
              ...(input.cache ? { cache: input.cache } : {}),
            });
          } catch (error) {
            outcome = failure(batch.id, error, stop.signal);
          }
          if (outcome.status === "failed" && isAuthError(outcome.error)) {
            authError ??= outcome.error;
            stop.abort(outcome.error);
          }
          batchesDone++;
          report(`${batch.id}: ${describe(outcome)}`);
          return outcome;
        }),
      ),
    );
    outcomes.set(plan.area, results);
    areasDone++;
    report(`${plan.area} done`);
  });

  function report(message: string) {
    if (!input.onProgress) return;
    const spent = input.spent?.() ?? { tokens: 0, costUsd: 0 };
    input.onProgress({
      message,
      areasDone,
      areasTotal: input.work.length,
      batchesDone,
      batchesTotal,
      ...spent,
    });
  }

  try {
    await Promise.all(areaTasks);
  } finally {
    input.signal?.removeEventListener("abort", onAbort);
  }
  if (authError) throw authError;
  return outcomes;
}

async function sendChunks(chunks: readonly PlanChunk[], input: RunBatchesInput): Promise<SentChunk[]> {
  return Promise.all(
    chunks.map(async (chunk) => ({
      file: chunk.file,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      text: await input.chunkText(chunk),
      isTest: input.snapshot.file(chunk.file)?.isTest ?? false,
    })),
  );
}

function isAuthError(error: unknown): boolean {
  return error instanceof CodeauditError && error.code === "LLM_AUTH";
}

function describe(outcome: BatchOutcome): string {
  if (outcome.status !== "done") return outcome.reason;
  if (outcome.cached) return "reviewed (from the cache, no call)";
  return `reviewed in ${outcome.calls} call${outcome.calls === 1 ? "" : "s"} and ${outcome.toolCalls} tool call${outcome.toolCalls === 1 ? "" : "s"}`;
}
