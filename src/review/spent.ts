import { z } from "zod";
import type { Usage } from "../../schemas/index.js";
import { addUsage } from "../llm/answer-error.js";
import { costOf, findPrice } from "../llm/pricing.js";
import { emptyUsage, type TokenUsage } from "../llm/types.js";

/** What producing one answer cost: stored with the answer in the cache, counted again when it is reused. */
export const Spent = z.object({
  calls: z.number().int().min(0),
  usage: z.object({
    inputTokens: z.number().int().min(0),
    outputTokens: z.number().int().min(0),
    cacheReadTokens: z.number().int().min(0),
    cacheWriteTokens: z.number().int().min(0),
  }),
  costUsd: z.number().min(0),
});
export type Spent = z.infer<typeof Spent>;

/** What `calls` calls using `usage` cost with this model's list price (0 when unknown). */
export function spentOn(model: string, calls: number, usage: TokenUsage): Spent {
  const price = findPrice(model);
  return { calls, usage, costUsd: price ? costOf(usage, price) : 0 };
}

/** Sums what several reused answers cost. */
export function addSpent(entries: readonly Spent[]): Spent & { answers: number } {
  return {
    answers: entries.length,
    calls: entries.reduce((sum, entry) => sum + entry.calls, 0),
    usage: entries.map((entry) => entry.usage).reduce(addUsage, emptyUsage()),
    costUsd: entries.reduce((sum, entry) => sum + entry.costUsd, 0),
  };
}

/**
 * The report's usage: what this run spent, so a rerun served from the cache shows no call. Answers
 * reused from the cache are reported beside it with what they cost when they were made.
 */
export function reportUsage(
  run: Usage,
  reused: Spent & { answers: number },
): { usage: Usage; note?: string } {
  if (reused.answers === 0) return { usage: run };
  const { usage } = reused;
  const costUsd = Math.round(reused.costUsd * 1_000_000) / 1_000_000;
  const note = `${reused.answers} model answer${reused.answers === 1 ? " was" : "s were"} reused from the review cache ($CODEAUDIT_CACHE_DIR/reviews) with no call; making ${reused.answers === 1 ? "it" : "them"} took ${reused.calls} call${reused.calls === 1 ? "" : "s"} costing $${costUsd.toFixed(4)}`;
  return {
    usage: {
      ...run,
      reusedFromCache: {
        answers: reused.answers,
        calls: reused.calls,
        inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
        outputTokens: usage.outputTokens,
        costUsd,
      },
    },
    note,
  };
}
