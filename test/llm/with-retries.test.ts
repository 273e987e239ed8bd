import { describe, expect, it } from "vitest";
import { createAnthropicClient } from "../../src/llm/anthropic-client.js";
import { LlmCallError, retryAfterMs } from "../../src/llm/llm-error.js";
import { createOpenAiClient } from "../../src/llm/openai-client.js";
import { RateLimitGate } from "../../src/llm/rate-limit-gate.js";
import { sleep } from "../../src/llm/sleep.js";
import type { GenerateRequest, LlmClient } from "../../src/llm/types.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, withRetries } from "../../src/llm/with-retries.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();
const request: GenerateRequest = { system: [], messages: [{ role: "user", content: "hi" }], maxTokens: 64 };
const anthropic = () => createAnthropicClient({ apiKey: "sk-ant-test", model: "claude-sonnet-5-5" });
const openai = () => createOpenAiClient({ apiKey: "sk-test", model: "gpt-5.4" });

/** A clock whose sleeps return at once and move time forward, recording every wait. */
function fakeTime() {
  const sleeps: number[] = [];
  let now = 1_000_000;
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

describe("withRetries", () => {
  it("waits what a 429's retry-after says, then succeeds", async () => {
    kit.anthropic.rateLimit(2).reply({ text: "ok" });
    const time = fakeTime();
    const events: number[] = [];
    const client = withRetries(anthropic(), {}, { ...time, onRetry: (event) => events.push(event.delayMs) });
    const response = await client.generate(request);
    expect(response.text).toBe("ok");
    expect(kit.anthropic.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([2000]);
    expect(events).toEqual([2000]);
  });

  it("backs off exponentially with jitter through 500, 529, resets and malformed bodies", async () => {
    kit.anthropic.fail(500).overloaded().reset().malformedBody().reply({ text: "finally" });
    const time = fakeTime();
    const client = withRetries(anthropic(), { baseDelayMs: 100, jitter: 0.5 }, time);
    await expect(client.generate(request)).resolves.toMatchObject({ text: "finally" });
    // 100·2^n, less half of 50% jitter.
    expect(time.sleeps).toEqual([75, 150, 300, 600]);
  });

  it("retries OpenAI 503s and connection resets the same way", async () => {
    kit.openai.overloaded().reset().reply({ text: "ok" });
    const time = fakeTime();
    const client = withRetries(openai(), { baseDelayMs: 10, jitter: 0 }, time);
    await expect(client.generate(request)).resolves.toMatchObject({ text: "ok" });
    expect(time.sleeps).toEqual([10, 20]);
  });

  it("never retries auth, bad requests, not-found or unprocessable requests", async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      kit.reset();
      kit.anthropic.fail(status).reply({ text: "never reached" });
      const time = fakeTime();
      const error = await withRetries(anthropic(), {}, time)
        .generate(request)
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status, retryable: false });
      expect(kit.anthropic.requests).toHaveLength(1);
      expect(time.sleeps).toEqual([]);
    }
  });

  it("never retries errors that are not call failures (validation, bugs)", async () => {
    let calls = 0;
    const failing: LlmClient = {
      provider: "fake",
      model: "m",
      generate: async () => {
        calls++;
        throw new TypeError("schema validation failed");
      },
    };
    await expect(withRetries(failing, {}, fakeTime()).generate(request)).rejects.toThrow(
      "schema validation failed",
    );
    expect(calls).toBe(1);
  });

  it("gives up after maxRetries and says how many attempts it made", async () => {
    kit.anthropic.fail(500).fail(500).fail(500);
    const error = (await withRetries(anthropic(), { maxRetries: 2 }, fakeTime())
      .generate(request)
      .catch((caught: unknown) => caught)) as LlmCallError;
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error.message).toMatch(
      /^anthropic request failed \(500 api_error: Internal server error\) \[request req_\w+\] \(gave up after 3 attempts\)$/,
    );
    expect(error.retryable).toBe(false);
    expect(kit.anthropic.requests).toHaveLength(3);
  });

  it("does not wait for a retry-after longer than it is willing to", async () => {
    kit.anthropic.rateLimit(3600).reply({ text: "never" });
    const time = fakeTime();
    const error = (await withRetries(anthropic(), {}, time)
      .generate(request)
      .catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain("the server asked to wait 3600s, longer than codeaudit waits (120s)");
    expect(time.sleeps).toEqual([]);
  });

  it("honours retry-after-ms and an HTTP-date retry-after", () => {
    const now = Date.parse("2026-11-21T10:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500.4" }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "Sat, 21 Nov 2026 10:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "retry-after": "1.5" }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("caps the backoff at maxDelayMs", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000, jitter: 0 };
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it("cancels during the backoff sleep as soon as the signal aborts", async () => {
    kit.anthropic.rateLimit(60).reply({ text: "never" });
    const controller = new AbortController();
    const client = withRetries(anthropic(), {}, { sleep });
    const pending = client.generate(request, controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    expect(kit.anthropic.requests).toHaveLength(1);
  });

  it("holds other calls on the same provider while a 429 cooldown lasts", async () => {
    kit.anthropic.rateLimit(5).reply({ text: "first" }).reply({ text: "second" });
    let now = 0;
    const waits: Array<{ ms: number; release: () => void }> = [];
    const sleepUntilReleased = (ms: number) =>
      new Promise<void>((resolve) => {
        waits.push({
          ms,
          release: () => {
            now += ms;
            resolve();
          },
        });
      });
    const gate = new RateLimitGate({ now: () => now, sleep: sleepUntilReleased });
    const deps = { now: () => now, sleep: sleepUntilReleased, gate };
    const first = withRetries(anthropic(), {}, deps).generate(request);
    await until(() => waits.length === 1);
    const second = withRetries(anthropic(), {}, deps).generate(request);
    await until(() => waits.length === 2);
    // The second call is waiting on the cooldown and has not reached the server.
    expect(kit.anthropic.requests).toHaveLength(1);
    expect(waits.map((wait) => wait.ms)).toEqual([5000, 5000]);
    for (const wait of waits) wait.release();
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(kit.anthropic.requests).toHaveLength(3);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error("condition not met");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
