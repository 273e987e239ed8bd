import { createHash } from "node:crypto";
import { z } from "zod";
import type { Area, AreaOutput } from "../../schemas/index.js";
import { CodeauditError, errorMessage } from "../errors.js";
import { emptyUsage, type LlmClient, type SystemBlock, type TokenUsage } from "../llm/types.js";
import { runAgentLoop } from "./agent-loop.js";
import { AGENT_VERSION, type AgentSettings } from "./agent-settings.js";
import { parseAreaAnswer, parseAreaValue } from "./area-answer.js";
import { areaOutputFormat, batchUserTurn, type SentChunk } from "./batch-prompt.js";
import type { AgentToolbox } from "./mcp-tools.js";
import type { AreaPrompt, PromptPreamble } from "./prompts.js";
import { cacheKey, type ReviewCache } from "./review-cache.js";
import type { AreaScanContext } from "./scan-context.js";
import { Spent, spentOn } from "./spent.js";
import type { ToolSupport } from "./tool-support.js";

/** Everything one agent run needs. */
export interface BatchInput {
  area: Area;
  id: string;
  chunks: SentChunk[];
  scan: AreaScanContext;
  system: SystemBlock[];
  nonce: string;
  client: LlmClient;
  toolbox: AgentToolbox;
  toolSupport?: ToolSupport;
  settings: AgentSettings;
  prompts: { preamble: PromptPreamble; area: AreaPrompt };
  cache?: ReviewCache;
  signal?: AbortSignal;
}

/** How a batch ended: reviewed (by the model or from the cache), or not, and why. */
export type BatchOutcome =
  | {
      status: "done";
      id: string;
      output: AreaOutput;
      cached: boolean;
      calls: number;
      toolCalls: number;
      usage: TokenUsage;
      /** For an answer from the cache: what producing it cost on the run that asked the model. */
      reused?: Spent;
      notes: string[];
    }
  | { status: "failed" | "budget" | "cancelled"; id: string; reason: string; error: unknown };

/** A batch's cache entry: the answer as read, and what it cost to get. */
const CachedAnswer = z.object({ answer: z.unknown(), spent: Spent });

/**
 * Reviews one batch of chunks for one area: served from the cache when the same chunks, prompts,
 * pre-scan findings and model were reviewed before; otherwise one agent run, cached when it succeeds.
 * Never throws: a failure is an outcome the area's status is computed from.
 */
export async function reviewBatch(input: BatchInput): Promise<BatchOutcome> {
  const key = batchCacheKey(input);
  try {
    const cached = input.cache ? await input.cache.get(key, CachedAnswer) : undefined;
    if (cached !== undefined) {
      const answer = parseAreaValue(cached.answer, input.area);
      if (answer.ok)
        return {
          ...done(input.id, answer.value, true, 0, 0, emptyUsage(), answer.notes),
          reused: cached.spent,
        };
    }
    const notes: string[] = [];
    const result = await runAgentLoop({
      client: input.client,
      system: input.system,
      messages: [
        {
          role: "user",
          content: batchUserTurn({
            area: input.area,
            scan: input.scan,
            chunks: input.chunks,
            nonce: input.nonce,
            maxTurns: input.settings.maxTurns,
          }),
        },
      ],
      tools: input.toolbox.definitionsFor(input.area),
      runTool: (call, signal) => input.toolbox.run(call, input.nonce, signal),
      ...(input.toolSupport ? { toolSupport: input.toolSupport } : {}),
      output: areaOutputFormat(input.area),
      read: (response) => {
        const answer = parseAreaAnswer(response, input.area);
        if (answer.ok) notes.push(...answer.notes);
        return answer;
      },
      maxTurns: input.settings.maxTurns,
      maxTokens: input.settings.maxTokensPerBatch,
      maxOutputTokens: input.settings.maxOutputTokens,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (result.stoppedBy !== "answer")
      notes.push(
        `${input.id}: the agent reached its ${result.stoppedBy === "turns" ? `${input.settings.maxTurns}-turn` : "token"} budget and answered with what it had read`,
      );
    if (input.cache) {
      const spent = spentOn(input.client.model, result.calls, result.usage);
      await input.cache.set(key, "area-batch", { answer: result.value, spent }).catch((error: unknown) => {
        notes.push(`review cache not written (${errorMessage(error)})`);
      });
    }
    return done(input.id, result.value, false, result.calls, result.toolCalls, result.usage, notes);
  } catch (error) {
    return failure(input.id, error, input.signal);
  }
}

function done(
  id: string,
  output: AreaOutput,
  cached: boolean,
  calls: number,
  toolCalls: number,
  usage: TokenUsage,
  notes: string[],
): Extract<BatchOutcome, { status: "done" }> {
  return { status: "done", id, output, cached, calls, toolCalls, usage, notes };
}

/** Sorts a batch failure into a budget stop, a cancellation or a real failure, with a one-line reason. */
export function failure(id: string, error: unknown, signal?: AbortSignal): BatchOutcome {
  const code = error instanceof CodeauditError ? error.code : undefined;
  if (code === "BUDGET_EXCEEDED")
    return { status: "budget", id, reason: "not reviewed: --max-cost was reached", error };
  if (signal?.aborted || code === "ABORTED")
    return { status: "cancelled", id, reason: "not reviewed: the review was cancelled", error };
  return { status: "failed", id, reason: errorMessage(error), error };
}

/** The cache key of a batch: every input that decides the model's answer, hashed. */
export function batchCacheKey(input: BatchInput): string {
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  return cacheKey({
    kind: "area-batch",
    agent: AGENT_VERSION,
    area: input.area,
    provider: input.client.provider,
    model: input.client.model,
    preamble: {
      id: input.prompts.preamble.id,
      version: input.prompts.preamble.version,
      sha: input.prompts.preamble.sha256,
    },
    prompt: {
      id: input.prompts.area.id,
      version: input.prompts.area.version,
      sha: input.prompts.area.sha256,
    },
    chunks: input.chunks.map((chunk) => ({
      file: chunk.file,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      sha: sha(chunk.text),
    })),
    scanFindings: sha(input.scan.text),
    tools: input.toolbox.definitionsFor(input.area).map((tool) => tool.name),
    maxTurns: input.settings.maxTurns,
  });
}
