import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLlmRuntime } from "../../src/llm/create-llm-runtime.js";
import { generateStructured } from "../../src/llm/generate-structured.js";
import { resolveProviderConfig } from "../../src/llm/provider-config.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const LOCAL = "http://127.0.0.1:8765/v1";
const kit = useLlmKit({ openaiBaseUrls: [LOCAL] });

describe("createLlmRuntime", () => {
  it("retries a 429, validates the answer and reports usage and cost through the whole stack", async () => {
    kit.anthropic
      .rateLimit(1)
      .reply({ json: { ok: true }, usage: { input: 1000, output: 200, cacheRead: 5000, cacheWrite: 300 } });
    const sleeps: number[] = [];
    let now = 0;
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    };
    const runtime = createLlmRuntime(
      resolveProviderConfig({}, { ANTHROPIC_API_KEY: "sk-ant" }),
      { maxCostUsd: 1 },
      { retry: { sleep, now: () => now } },
    );
    const result = await generateStructured(
      runtime.client,
      { system: [{ text: "s", cache: true }], messages: [{ role: "user", content: "u" }], maxTokens: 1000 },
      z.object({ ok: z.boolean() }),
      { name: "answer" },
    );
    expect(result.value).toEqual({ ok: true });
    expect(sleeps).toEqual([1000]);
    expect(kit.anthropic.requests).toHaveLength(2);
    // claude-sonnet-5-5: $2 in, $10 out, $0.20 cache read, $2.50 cache write per million.
    const cost = (1000 * 2 + 200 * 10 + 5000 * 0.2 + 300 * 2.5) / 1_000_000;
    expect(runtime.ledger.toReportUsage()).toEqual({
      calls: 1,
      inputTokens: 6300,
      outputTokens: 200,
      cachedTokens: 5000,
      costUsd: cost,
      provider: "anthropic",
      model: "claude-sonnet-5-5",
    });
    expect(runtime.budget.spentUsd).toBeCloseTo(cost, 12);
  });

  it("drives an OpenAI-compatible server without a key", async () => {
    kit.openai.reply({ text: "hello", model: "qwen3" });
    const runtime = createLlmRuntime(resolveProviderConfig({ baseUrl: LOCAL, model: "qwen3" }, {}));
    const response = await runtime.client.generate({
      system: [],
      messages: [{ role: "user", content: "hi" }],
      maxTokens: 5,
    });
    expect(response.text).toBe("hello");
    expect(runtime.ledger.toReportUsage()).toMatchObject({ calls: 1, costUsd: 0, model: "qwen3" });
    expect(runtime.ledger.warnings).toEqual([
      "no price is known for model qwen3: its cost is reported as $0 and --max-cost cannot limit it",
    ]);
  });

  it("refuses to build a client that could not call anything", () => {
    expect(() => createLlmRuntime(resolveProviderConfig({ provider: "anthropic" }, {}))).toThrow(
      "no model can be called: ANTHROPIC_API_KEY is not set",
    );
  });
});
