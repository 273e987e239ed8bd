import { abortedCall } from "./call-failure.js";
import { LlmCallError } from "./llm-error.js";
import { RateLimitGate } from "./rate-limit-gate.js";
import { sleep as defaultSleep } from "./sleep.js";
import type { GenerateRequest, GenerateResponse, LlmClient } from "./types.js";

export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking to wait longer than this is not waited for: the call fails with its message. */
  maxRetryAfterMs: number;
  /** Fraction of the backoff randomised away (0 = none, 1 = full jitter). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  jitter: 0.5,
};

/** One retry about to happen, for logs and tests. */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: LlmCallError;
}

export interface RetryDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Shared with the other clients of the same provider so one 429 holds them all. */
  gate: RateLimitGate;
  onRetry?: (event: RetryEvent) => void;
}

/** Exponential backoff for `attempt` (0-based) with jitter taken off the top. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * (1 - policy.jitter * random()));
}

/**
 * Wraps a client with the retry policy: rate limits, overload (529), 5xx, 408/409, resets and timeouts
 * are retried with backoff (the server's `retry-after` wins); auth, bad requests and anything that is
 * not an LlmCallError (validation failures included) are not. Cancellation stops at once, sleeps too.
 */
export function withRetries(
  client: LlmClient,
  policy: Partial<RetryPolicy> = {},
  deps: Partial<RetryDeps> = {},
): LlmClient {
  const settings = { ...DEFAULT_RETRY_POLICY, ...policy };
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const gate = deps.gate ?? new RateLimitGate({ now, sleep });

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortedCall(client.provider, signal.reason);
      await gate.wait(signal);
      try {
        return await client.generate(request, signal);
      } catch (error) {
        if (!(error instanceof LlmCallError) || !error.retryable) throw error;
        if (signal?.aborted) throw abortedCall(client.provider, error);
        if (attempt >= settings.maxRetries) {
          throw final(error, `${error.message} (gave up after ${attempt + 1} attempts)`);
        }
        if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.maxRetryAfterMs) {
          throw final(
            error,
            `${error.message}; the server asked to wait ${Math.round(error.retryAfterMs / 1000)}s, longer than codeaudit waits (${Math.round(settings.maxRetryAfterMs / 1000)}s)`,
          );
        }
        const delayMs = error.retryAfterMs ?? backoffDelay(attempt, settings, random);
        if (error.kind === "rate_limit") gate.pause(delayMs);
        deps.onRetry?.({ attempt: attempt + 1, delayMs, error });
        await sleep(delayMs, signal);
      }
    }
  }

  return { provider: client.provider, model: client.model, generate };
}

/** The error a caller sees when retrying stops: the same failure, no longer retryable, with why. */
function final(error: LlmCallError, message: string): LlmCallError {
  return new LlmCallError(message, {
    provider: error.provider,
    kind: error.kind,
    retryable: false,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    requestId: error.requestId,
    apiType: error.apiType,
    cause: error,
  });
}
