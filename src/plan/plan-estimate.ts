import { costOf, defaultPriceTable, findPrice, type ModelPrice, type PriceTable } from "../llm/pricing.js";

/** Tokens of one model call. */
export interface CallTokens {
  inputTokens: number;
  outputTokens: number;
}

export interface PlanEstimate {
  provider: string;
  model: string;
  /** The area calls plus the executive-summary call. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The price used, or undefined when the model has none (cost then 0). */
  price?: ModelPrice;
  /** The executive-summary call, counted in the totals; absent when no area has anything to read. */
  summaryCall?: CallTokens;
}

/**
 * The calls, tokens and cost of a plan: one call per batch, plus the executive summary made once
 * any area was reviewed (a review with nothing to read makes no call at all).
 */
export function estimatePlan(
  batches: readonly CallTokens[],
  summaryCall: CallTokens,
  options: { provider: string; model: string; prices?: PriceTable },
): PlanEstimate {
  const calls = batches.length > 0 ? [...batches, summaryCall] : [];
  const inputTokens = calls.reduce((sum, call) => sum + call.inputTokens, 0);
  const outputTokens = calls.reduce((sum, call) => sum + call.outputTokens, 0);
  const price = findPrice(options.model, options.prices ?? defaultPriceTable());
  return {
    provider: options.provider,
    model: options.model,
    calls: calls.length,
    inputTokens,
    outputTokens,
    costUsd: price
      ? costOf({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, price)
      : 0,
    ...(price ? { price } : {}),
    ...(batches.length > 0
      ? { summaryCall: { inputTokens: summaryCall.inputTokens, outputTokens: summaryCall.outputTokens } }
      : {}),
  };
}
