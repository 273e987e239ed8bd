import type { Usage } from "../../schemas/index.js";
import type { TokenUsage } from "./types.js";

/** One finished model call as billed. */
export interface CallRecord {
  provider: string;
  model: string;
  usage: TokenUsage;
  costUsd: number;
  requestId?: string;
}

export interface UsageTotals extends TokenUsage {
  calls: number;
  costUsd: number;
}

/** Every call's usage and cost, plus the warnings met on the way (unknown prices, format fallbacks). */
export class UsageLedger {
  private readonly records: CallRecord[] = [];
  private readonly warningSet = new Set<string>();

  /** Adds a finished call and any warnings its response carried. */
  record(call: CallRecord, warnings: readonly string[] = []): void {
    this.records.push(call);
    for (const warning of warnings) this.warningSet.add(warning);
  }

  addWarning(warning: string): void {
    this.warningSet.add(warning);
  }

  get calls(): readonly CallRecord[] {
    return this.records;
  }

  /** Distinct warnings, in the order first met. */
  get warnings(): string[] {
    return [...this.warningSet];
  }

  /** Sums over every call. */
  totals(): UsageTotals {
    const totals: UsageTotals = {
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
    };
    for (const call of this.records) {
      totals.calls++;
      totals.inputTokens += call.usage.inputTokens;
      totals.outputTokens += call.usage.outputTokens;
      totals.cacheReadTokens += call.usage.cacheReadTokens;
      totals.cacheWriteTokens += call.usage.cacheWriteTokens;
      totals.costUsd += call.costUsd;
    }
    return totals;
  }

  /**
   * The report's `usage`: `inputTokens` counts every prompt token (uncached, cache reads and cache
   * writes), `cachedTokens` the ones read from cache, cost rounded to a millionth of a dollar.
   */
  toReportUsage(fallback?: { provider?: string; model?: string }): Usage {
    const totals = this.totals();
    const providers = [...new Set(this.records.map((call) => call.provider))];
    const models = [...new Set(this.records.map((call) => call.model))];
    const provider = providers.length > 0 ? providers.join(", ") : fallback?.provider;
    const model = models.length > 0 ? models.join(", ") : fallback?.model;
    return {
      calls: totals.calls,
      inputTokens: totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens,
      outputTokens: totals.outputTokens,
      cachedTokens: totals.cacheReadTokens,
      costUsd: Math.round(totals.costUsd * 1_000_000) / 1_000_000,
      ...(provider ? { provider } : {}),
      ...(model ? { model } : {}),
    };
  }
}
