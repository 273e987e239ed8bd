import { describe, expect, it } from "vitest";
import { costOf, defaultPriceTable, findPrice, priceUsage } from "../../src/llm/pricing.js";

describe("price table", () => {
  it("dates and sources every price, and lists each model once", () => {
    const table = defaultPriceTable();
    expect(table.models.length).toBeGreaterThan(20);
    for (const price of table.models) {
      expect(price.source).toMatch(/^https:\/\//);
      expect(price.date).toMatch(/^2026-\d{2}-\d{2}$/);
    }
    const ids = table.models.map((price) => price.model);
    expect(new Set(ids).size).toBe(ids.length);
    expect(findPrice("claude-sonnet-5-5")?.provider).toBe("anthropic");
    expect(findPrice("gpt-5.4")?.provider).toBe("openai");
  });

  it("finds dated snapshots under their base id", () => {
    expect(findPrice("claude-sonnet-4-5-20250929")?.model).toBe("claude-sonnet-4-5");
    expect(findPrice("gpt-5-mini-2025-08-07")?.model).toBe("gpt-5-mini");
    expect(findPrice("GPT-4o")?.model).toBe("gpt-4o");
    expect(findPrice("llama3.3:70b")).toBeUndefined();
  });

  it("prices input, output, cache reads and cache writes at their own rates", () => {
    const price = findPrice("claude-opus-5-5");
    if (!price) throw new Error("missing price");
    // $4 in, $20 out, $0.20 cache read, $5 cache write per million tokens.
    const usage = {
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheReadTokens: 2_000_000,
      cacheWriteTokens: 200_000,
    };
    expect(costOf(usage, price)).toBeCloseTo(4 + 2 + 0.4 + 1, 10);
  });

  it("charges cache tokens at the input rate when a model has no cache price", () => {
    const price = {
      model: "m",
      provider: "p",
      input: 2,
      output: 8,
      source: "https://example.com",
      date: "2026-11-21",
    };
    expect(
      costOf({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 500_000, cacheWriteTokens: 500_000 }, price),
    ).toBe(2);
  });

  it("reports an unknown model at $0 with a warning instead of failing", () => {
    expect(
      priceUsage(
        { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
        "my-local-model",
      ),
    ).toEqual({
      costUsd: 0,
      warning:
        "no price is known for model my-local-model: its cost is reported as $0 and --max-cost cannot limit it",
    });
  });
});
