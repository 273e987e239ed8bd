import { CodeauditError } from "../errors.js";
import { createAnthropicClient } from "./anthropic-client.js";
import { CostBudget } from "./cost-budget.js";
import { createOpenAiClient } from "./openai-client.js";
import type { PriceTable } from "./pricing.js";
import type { ProviderConfig } from "./provider-config.js";
import { createReplayClient, withRecording } from "./replay-client.js";
import type { LlmClient } from "./types.js";
import { UsageLedger } from "./usage-ledger.js";
import { DEFAULT_CONCURRENCY, withMetering } from "./with-metering.js";
import { type RetryDeps, type RetryPolicy, withRetries } from "./with-retries.js";

export interface LlmRuntimeOptions {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** `--max-cost` in USD; no cap when absent. */
  maxCostUsd?: number;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Serve recorded answers from this folder instead of calling the provider. */
  replayDir?: string;
  /** Also write every answer to this folder. */
  recordDir?: string;
  prices?: PriceTable;
}

export interface LlmRuntimeDeps {
  retry?: Partial<RetryDeps>;
  /** Replaces the provider adapter (tests, or a caller with its own client). */
  baseClient?: LlmClient;
}

/** A ready client plus the ledger and budget it reports into. */
export interface LlmRuntime {
  /** Retries, concurrency, budget and usage already applied: call `generate` and nothing else. */
  client: LlmClient;
  ledger: UsageLedger;
  budget: CostBudget;
  config: ProviderConfig;
}

/** The provider adapter for a resolved configuration, with no retries or metering. */
export function createProviderClient(config: ProviderConfig, timeoutMs?: number): LlmClient {
  if (!config.ready) {
    throw new CodeauditError(
      "USAGE",
      `no model can be called: ${config.missing ?? "the provider is not configured"}`,
    );
  }
  if (config.provider === "anthropic") {
    return createAnthropicClient({
      apiKey: config.apiKey ?? "",
      model: config.model,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }
  return createOpenAiClient({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    model: config.model,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

/**
 * Builds the client stack the review uses: adapter (or replay) → recording → retries (with a shared
 * rate-limit cooldown) → metering (concurrency, `--max-cost`, usage and cost).
 */
export function createLlmRuntime(
  config: ProviderConfig,
  options: LlmRuntimeOptions = {},
  deps: LlmRuntimeDeps = {},
): LlmRuntime {
  let client =
    deps.baseClient ??
    (options.replayDir
      ? createReplayClient({ dir: options.replayDir, provider: config.provider, model: config.model })
      : createProviderClient(config, options.timeoutMs));
  if (options.recordDir) client = withRecording(client, options.recordDir);
  client = withRetries(client, options.retry, deps.retry);
  const ledger = new UsageLedger();
  const budget = new CostBudget(options.maxCostUsd);
  client = withMetering(client, {
    ledger,
    budget,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ...(options.prices ? { prices: options.prices } : {}),
  });
  return { client, ledger, budget, config };
}
