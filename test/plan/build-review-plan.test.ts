import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { countTokens } from "../../src/llm/token-count.js";
import {
  buildReviewPlan,
  type CallSizing,
  type ChunkToSend,
  prescanContext,
} from "../../src/plan/build-review-plan.js";
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

    // Four area calls, then the executive summary, counted flat without measured sizes.
    const calls = [...security.batches, ...documentation.batches];
    const inputTokens = calls.reduce((sum, batch) => sum + batch.inputTokens, 0) + 1000;
    expect(plan.estimate).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      calls: 5,
      inputTokens,
      outputTokens: 10000,
      summaryCall: { inputTokens: 1000, outputTokens: 2000 },
    });
    // claude-sonnet-5-5 lists $2 in / $10 out per million tokens.
    expect(plan.estimate.costUsd).toBeCloseTo((inputTokens * 2 + 10000 * 10) / 1_000_000, 12);
    expect(plan.assumptions).toContain(
      "one executive-summary call at the end, in the total but in no area's row: 1,000 input and 2,000 output tokens, a flat guess",
    );
  });

  it("adds up measured call sizes when given, per area, without changing the batches", async () => {
    const files = { ...FILES, "test/b.test.ts": 'import { beta0 } from "../src/b";\nbeta0(1);\n' };
    const snapshot = await ingest(await makeRepo(files, { git: false }));
    const prescan = prescanWith({ secrets: [finding("security", "high", "src/c.ts", 2)] });
    const base = {
      provider: "openai",
      model: "gpt-5.4",
      areas: ["security", "testing", "documentation"] as const,
      chunkTokens: 500,
      maxCallsPerArea: 3,
      promptTokens: 1000,
    };
    const seen: ChunkToSend[] = [];
    const callSizing: CallSizing = {
      // No measured overhead for documentation: that area falls back to the flat estimate.
      overheadTokens: { security: 700, testing: 800 },
      chunkTokens: (chunk) => {
        seen.push(chunk);
        return 10 * (chunk.endLine - chunk.startLine + 1) + (chunk.isTest ? 1 : 0);
      },
      summaryCall: (reviewed) => ({ inputTokens: 100 * reviewed.length + 7, outputTokens: 50 }),
      assumptions: ["sized by the test"],
    };
    const flat = await buildReviewPlan(snapshot, prescan, base);
    const sized = await buildReviewPlan(snapshot, prescan, { ...base, callSizing });
    const shape = (plan: typeof flat) =>
      plan.areas.map((area) => ({
        chunks: area.chunks,
        batches: area.batches.map(({ id, chunkIds, tokens }) => ({ id, chunkIds, tokens })),
      }));
    expect(shape(sized)).toEqual(shape(flat));

    const [security, testing, documentation] = sized.areas;
    if (!security || !testing || !documentation) throw new Error("missing areas");
    const lines = (id: string) => {
      const chunk = sized.areas.flatMap((area) => area.chunks).find((entry) => entry.id === id);
      return chunk ? chunk.endLine - chunk.startLine + 1 : Number.NaN;
    };
    for (const batch of security.batches) {
      const chunkTokens = batch.chunkIds.reduce((sum, id) => sum + 10 * lines(id), 0);
      expect(batch.inputTokens).toBe(700 + sized.repoMap.tokens + chunkTokens);
    }
    const testBatch = testing.batches.find((batch) => batch.chunkIds.includes("test/b.test.ts:1-2"));
    expect(testBatch?.inputTokens).toBe(
      800 +
        sized.repoMap.tokens +
        (testBatch?.chunkIds ?? []).reduce(
          (sum, id) => sum + 10 * lines(id) + (id.startsWith("test/") ? 1 : 0),
          0,
        ),
    );
    const flatDocumentation = flat.areas[2]?.batches.map((batch) => batch.inputTokens);
    expect(documentation.batches.map((batch) => batch.inputTokens)).toEqual(flatDocumentation);

    // Each chunk is measured once, with its exact lines as read and whether it is test code.
    expect(new Set(seen.map((chunk) => `${chunk.file}:${chunk.startLine}`)).size).toBe(seen.length);
    const first = seen.find((chunk) => chunk.file === "src/c.ts");
    expect(first).toEqual({
      file: "src/c.ts",
      startLine: 1,
      endLine: 11,
      text: FILES["src/c.ts"].trimEnd(),
      isTest: false,
    });

    expect(seen.find((chunk) => chunk.file === "test/b.test.ts")?.isTest).toBe(true);
    expect(seen.some((chunk) => chunk.file === "README.md")).toBe(false);

    // The summary is sized for the three areas that have calls.
    const areaCalls = sized.areas.flatMap((area) => area.batches);
    expect(sized.estimate).toMatchObject({
      calls: areaCalls.length + 1,
      inputTokens: areaCalls.reduce((sum, batch) => sum + batch.inputTokens, 0) + 307,
      outputTokens: areaCalls.length * 3000 + 50,
      summaryCall: { inputTokens: 307, outputTokens: 50 },
    });
    expect(sized.assumptions).toContain("sized by the test");
    expect(sized.assumptions).toContain(
      "one executive-summary call at the end, in the total but in no area's row: 307 input and 50 output tokens",
    );
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
