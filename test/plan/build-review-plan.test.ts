import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { countTokens } from "../../src/llm/token-count.js";
import { buildReviewPlan, prescanContext } from "../../src/plan/build-review-plan.js";
import { makeRepo } from "../helpers/fixture-repo.js";
import { finding, prescanWith } from "./plan-fixtures.js";

function module(name: string, functions: number): string {
  return Array.from(
    { length: functions },
    (_, index) =>
      `export function ${name}${index}(value: number): number {\n  return value * ${index} + ${name.length};\n}\n`,
  ).join("\n");
}

const FILES = {
  "src/a.ts": module("alpha", 120),
  "src/b.ts": module("beta", 3),
  "src/c.ts": module("gamma", 3),
  "README.md": "# Demo\n",
};

describe("buildReviewPlan", () => {
  it("chunks files to the budget, packs chunks into calls, reads hit files first and estimates the cost", async () => {
    const snapshot = await ingest(await makeRepo(FILES, { git: false }));
    const prescan = prescanWith({ secrets: [finding("security", "high", "src/c.ts", 2)] });
    const plan = await buildReviewPlan(snapshot, prescan, {
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      areas: ["security", "documentation"],
      chunkTokens: 500,
      maxCallsPerArea: 3,
      promptTokens: 1000,
      outputTokensPerCall: 2000,
    });
    const [security, documentation] = plan.areas;
    if (!security || !documentation) throw new Error("missing areas");

    // src/c.ts has the hit, so it is read first; src/a.ts is larger than one call and gets split.
    expect(security.hitFiles).toEqual(["src/c.ts"]);
    expect(security.chunks[0]?.file).toBe("src/c.ts");
    const aChunks = security.chunks.filter((chunk) => chunk.file === "src/a.ts");
    expect(aChunks.length).toBeGreaterThan(1);
    for (const batch of security.batches) expect(batch.tokens).toBeLessThanOrEqual(500);
    expect(security.batches).toHaveLength(3);
    // The call cap left part of src/a.ts unread, and the plan says so.
    expect(security.omittedFiles).toEqual(["src/a.ts"]);
    const lastRead = aChunks[aChunks.length - 1]?.endLine ?? 0;
    expect(lastRead).toBeLessThan(snapshot.file("src/a.ts")?.lines ?? 0);

    // Every chunk id names its real lines, and batches only hold the area's chunks.
    for (const chunk of security.chunks)
      expect(chunk.id).toBe(`${chunk.file}:${chunk.startLine}-${chunk.endLine}`);
    const ids = new Set(security.chunks.map((chunk) => chunk.id));
    expect(security.batches.flatMap((batch) => batch.chunkIds).every((id) => ids.has(id))).toBe(true);

    // Each call: prompt + repo map + the area's pre-scan findings + its chunks (with fences).
    const overhead = 1000 + plan.repoMap.tokens + countTokens(prescanContext(prescan, "security"));
    for (const batch of security.batches) {
      const chunkTokens = batch.chunkIds.reduce(
        (sum, id) => sum + (security.chunks.find((chunk) => chunk.id === id)?.tokens ?? 0) + 16,
        0,
      );
      expect(batch.tokens).toBe(chunkTokens);
      expect(batch.inputTokens).toBe(overhead + chunkTokens);
    }

    expect(documentation).toMatchObject({ files: 1, hitFiles: [], omittedFiles: [] });
    expect(documentation.chunks.map((chunk) => chunk.id)).toEqual(["README.md:1-1"]);

    const calls = [...security.batches, ...documentation.batches];
    const inputTokens = calls.reduce((sum, batch) => sum + batch.inputTokens, 0);
    expect(plan.estimate).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      calls: 4,
      inputTokens,
      outputTokens: 8000,
    });
    // claude-sonnet-5-5 lists $2 in / $10 out per million tokens.
    expect(plan.estimate.costUsd).toBeCloseTo((inputTokens * 2 + 8000 * 10) / 1_000_000, 12);
  });

  it("estimates $0 for a model without a known price, and plans nothing for an area with no files", async () => {
    const snapshot = await ingest(await makeRepo(FILES, { git: false }));
    const plan = await buildReviewPlan(snapshot, prescanWith({}), {
      provider: "openai",
      model: "llama3.3",
      areas: ["ci-cd"],
    });
    expect(plan.areas).toEqual([
      { area: "ci-cd", chunks: [], batches: [], files: 0, hitFiles: [], omittedFiles: [], prescanTokens: 0 },
    ]);
    expect(plan.estimate).toEqual({
      provider: "openai",
      model: "llama3.3",
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    });
  });
});
