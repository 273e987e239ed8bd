import pLimit, { type LimitFunction } from "p-limit";
import { abortedCall } from "./call-failure.js";
import type { CostBudget } from "./cost-budget.js";
import { costOf, defaultPriceTable, findPrice, type ModelPrice, type PriceTable } from "./pricing.js";
import { estimateInputTokens } from "./token-count.js";
import type { GenerateRequest, GenerateResponse, LlmClient } from "./types.js";
import type { UsageLedger } from "./usage-ledger.js";

/**
 * gpt-tokenizer counts differ from other providers' tokenizers (Claude's newer one yields more tokens
 * for the same text), so budget checks add this margin to the input estimate to keep the cap a cap.
 */
export const INPUT_ESTIMATE_MARGIN = 1.3;

export const DEFAULT_CONCURRENCY = 4;

export interface MeteringOptions {
  ledger: UsageLedger;
  budget?: CostBudget;
  /** A shared p-limit, or the number of calls allowed in flight at once. */
  concurrency?: LimitFunction | number;
  prices?: PriceTable;
}

/** The worst-case cost of a request before it is sent: estimated input (with margin) and `maxTokens` of output. */
export function estimateCallCost(request: GenerateRequest, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const inputTokens = Math.ceil(estimateInputTokens(request) * INPUT_ESTIMATE_MARGIN);
  return costOf(
    { inputTokens, outputTokens: request.maxTokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
    price,
  );
}

/**
 * Wraps a client with concurrency, the cost budget and the usage ledger: each call waits for a slot,
 * reserves its worst-case cost (BUDGET_EXCEEDED when that could pass `--max-cost`), then records what
 * it really used. Put it outside `withRetries` so one reservation covers a call and its retries.
 */
export function withMetering(client: LlmClient, options: MeteringOptions): LlmClient {
  const limit =
    typeof options.concurrency === "function"
      ? options.concurrency
      : pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const prices = options.prices ?? defaultPriceTable();
  const configuredPrice = findPrice(client.model, prices);
  if (!configuredPrice) {
    options.ledger.addWarning(
      `no price is known for model ${client.model}: its cost is reported as $0 and --max-cost cannot limit it`,
    );
  }

  async function metered(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw abortedCall(client.provider, signal.reason);
    const reservation = options.budget?.reserve(estimateCallCost(request, configuredPrice));
    let response: GenerateResponse;
    try {
      response = await client.generate(request, signal);
    } catch (error) {
      reservation?.release();
      throw error;
    }
    // A server may answer with a dated snapshot id; price by it when known, else by the configured model.
    const price = findPrice(response.model, prices) ?? configuredPrice;
    const costUsd = price ? costOf(response.usage, price) : 0;
    reservation?.settle(costUsd);
    options.ledger.record(
      {
        provider: response.provider,
        model: response.model || client.model,
        usage: response.usage,
        costUsd,
        ...(response.requestId ? { requestId: response.requestId } : {}),
      },
      response.warnings,
    );
    return response;
  }

  return {
    provider: client.provider,
    model: client.model,
    generate: (request, signal) => limit(() => metered(request, signal)),
  };
}
