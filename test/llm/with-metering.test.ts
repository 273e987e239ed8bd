import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import { BudgetExceededError, CostBudget } from "../../src/llm/cost-budget.js";
import { FakeLlmClient } from "../../src/llm/fake-client.js";
import type { PriceTable } from "../../src/llm/pricing.js";
import type { GenerateRequest } from "../../src/llm/types.js";
import { UsageLedger } from "../../src/llm/usage-ledger.js";
import { estimateCallCost, withMetering } from "../../src/llm/with-metering.js";

/** $1 per million input and output tokens, so costs are easy to read. */
const prices: PriceTable = {
  currency: "USD",
  unit: "per million tokens",
  checked: "2026-11-21",
  notes: "test",
  models: [
    {
      model: "fake-model",
      provider: "fake",
      input: 1,
      output: 1,
      cacheRead: 0.1,
      cacheWrite: 1.25,
      source: "https://example.com",
      date: "2026-11-21",
    },
  ],
};
const request: GenerateRequest = {
  system: [],
  messages: [{ role: "user", content: "hi" }],
  maxTokens: 1_000_000,
};
const usage = {
  inputTokens: 100_000,
  outputTokens: 100_000,
  cacheReadTokens: 1_000_000,
  cacheWriteTokens: 0,
};

describe("withMetering", () => {
  it("records usage and cost per call and in total", async () => {
    const ledger = new UsageLedger();
    const fake = new FakeLlmClient({
      turns: [
        { text: "a", usage, requestId: "r1" },
        { text: "b", usage },
      ],
    });
    const client = withMetering(fake, { ledger, prices });
    await client.generate(request);
    await client.generate(request);
    expect(ledger.calls[0]).toEqual({
      provider: "fake",
      model: "fake-model",
      usage,
      costUsd: 0.3,
      requestId: "r1",
    });
    expect(ledger.totals()).toEqual({
      calls: 2,
      inputTokens: 200_000,
      outputTokens: 200_000,
      cacheReadTokens: 2_000_000,
      cacheWriteTokens: 0,
      costUsd: 0.6,
    });
    expect(ledger.toReportUsage()).toEqual({
      calls: 2,
      inputTokens: 2_200_000,
      outputTokens: 200_000,
      cachedTokens: 2_000_000,
      costUsd: 0.6,
      provider: "fake",
      model: "fake-model",
    });
  });

  it("stops before the call that could pass --max-cost, keeps what is done, and refuses every later call", async () => {
    const ledger = new UsageLedger();
    const budget = new CostBudget(1.5);
    const fake = new FakeLlmClient({
      turns: [
        { text: "a", usage },
        { text: "b", usage },
        { text: "c", usage },
      ],
    });
    const client = withMetering(fake, { ledger, budget, prices });
    // Each call may cost up to ~$1 (1M output tokens at $1) before it is sent.
    expect(estimateCallCost(request, prices.models[0])).toBeGreaterThan(1);
    expect(estimateCallCost(request, prices.models[0])).toBeLessThan(1.001);
    await client.generate(request);
    await client.generate(request);
    const error = await client.generate(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ code: "BUDGET_EXCEEDED", spentUsd: 0.6, maxCostUsd: 1.5 });
    expect((error as Error).message).toMatch(
      /^cost budget reached: \$0\.6000 spent of --max-cost \$1\.50, and the next model call may cost up to \$1\.00\d\d; no further calls were made and the work already done is kept$/,
    );
    expect(fake.calls).toHaveLength(2);
    expect(ledger.totals().calls).toBe(2);
    // A cheaper call is refused too: scheduling has stopped.
    await expect(client.generate({ ...request, maxTokens: 1 })).rejects.toBe(error);
    expect(budget.exceeded).toBe(error);
  });

  it("counts calls in flight against the budget, so concurrent calls cannot overshoot together", async () => {
    const budget = new CostBudget(1.5);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fake = new FakeLlmClient({
      turns: [
        async () => {
          await gate;
          return { text: "slow", usage };
        },
        { text: "never", usage },
      ],
    });
    const client = withMetering(fake, { ledger: new UsageLedger(), budget, prices, concurrency: 2 });
    const first = client.generate(request);
    await expect(client.generate(request)).rejects.toBeInstanceOf(BudgetExceededError);
    release();
    await expect(first).resolves.toMatchObject({ text: "slow" });
    expect(budget.spentUsd).toBeCloseTo(0.3, 10);
  });

  it("releases a failed call's reservation", async () => {
    const budget = new CostBudget(1.5);
    const fake = new FakeLlmClient({ turns: [new Error("boom"), { text: "ok", usage }] });
    const client = withMetering(fake, { ledger: new UsageLedger(), budget, prices });
    await expect(client.generate(request)).rejects.toThrow("boom");
    await expect(client.generate(request)).resolves.toMatchObject({ text: "ok" });
  });

  it("runs at most `concurrency` calls at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return { text: "x" };
    };
    const fake = new FakeLlmClient({ turns: Array.from({ length: 6 }, () => slow) });
    const client = withMetering(fake, { ledger: new UsageLedger(), prices, concurrency: pLimit(2) });
    await Promise.all(Array.from({ length: 6 }, () => client.generate(request)));
    expect(peak).toBe(2);
    expect(fake.calls).toHaveLength(6);
  });

  it("reports an unknown model at $0 with one warning and never blocks it on the budget", async () => {
    const ledger = new UsageLedger();
    const fake = new FakeLlmClient({
      model: "llama3.3",
      turns: [
        { text: "a", usage },
        { text: "b", usage },
      ],
    });
    const client = withMetering(fake, { ledger, budget: new CostBudget(0.01), prices });
    await client.generate(request);
    await client.generate(request);
    expect(ledger.totals().costUsd).toBe(0);
    expect(ledger.warnings).toEqual([
      "no price is known for model llama3.3: its cost is reported as $0 and --max-cost cannot limit it",
    ]);
  });
});
