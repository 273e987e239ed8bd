import { describe, expect, it } from "vitest";
import { countTokens } from "../../src/llm/token-count.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";
import { answer, cli, FILES } from "./review-fixture.js";

const kit = useLlmKit();

type Json = Record<string, unknown>;

interface PlannedBatch {
  id: string;
  chunkIds: string[];
  inputTokens: number;
}

interface DryRunPlan {
  areas: Array<{ area: string; batches: PlannedBatch[] }>;
  estimate: { calls: number; inputTokens: number; summaryCall?: { inputTokens: number } };
}

const ENV = { OPENAI_API_KEY: "sk-test" };

/** What a request body really carries, counted with the estimate's tokenizer: every message, the tools and the answer format. */
function measuredTokens(body: Json): number {
  const messages = body.messages as Array<{ content: string | null }>;
  const text = messages.reduce((sum, message) => sum + countTokens(message.content ?? ""), 0);
  const tools = body.tools === undefined ? 0 : countTokens(JSON.stringify(body.tools));
  return text + tools + countTokens(JSON.stringify(body.response_format));
}

/** The chunk ids (`file:start-end`) a batch request's user turn carries, read from its file fences. */
function chunkIdsOf(body: Json): string[] {
  const messages = body.messages as Array<{ role: string; content: string | null }>;
  const user = messages.find((message) => message.role === "user")?.content ?? "";
  return [...user.matchAll(/<repository_file-[0-9a-f]+ path="([^"]+)" lines="(\d+-\d+)"/g)].map(
    (match) => `${match[1]}:${match[2]}`,
  );
}

function formatName(body: Json): string {
  return String(((body.response_format as Json).json_schema as Json).name);
}

/**
 * Plans with --dry-run, then runs the same review with a model that answers every batch at once
 * (no tool calls), and pairs each planned batch with the request that carried its chunks.
 */
async function estimateAgainstRequests(files: Record<string, string>, areas?: string) {
  const repo = await makeRepo(files);
  const selection = areas ? ["--areas", areas] : [];
  const dry = await cli(
    ["review", repo, "--dry-run", "--format", "json", "--provider", "openai", ...selection],
    ENV,
  );
  expect(dry.code).toBe(0);
  expect(kit.openai.requests).toHaveLength(0);
  const plan = JSON.parse(dry.stdout) as DryRunPlan;
  const batches = plan.areas.flatMap((area) => area.batches);
  expect(batches.length).toBeGreaterThan(0);

  for (const _batch of batches) kit.openai.reply({ json: answer() });
  kit.openai.reply({ json: { summary: "Small and tidy." } });
  const review = await cli(
    ["review", repo, "--format", "json", "--provider", "openai", "--concurrency", "1", ...selection],
    { ...ENV, CODEAUDIT_CACHE_DIR: await tempDir() },
  );
  expect(review.code).toBe(0);
  expect(kit.openai.pending).toBe(0);
  const bodies = kit.openai.bodies;
  expect(bodies).toHaveLength(batches.length + 1);

  const summary = bodies.filter((body) => formatName(body) === "executive_summary");
  expect(summary).toHaveLength(1);
  const pairs = batches.map((batch) => {
    const body = bodies.find(
      (candidate) =>
        formatName(candidate) === "area_review" &&
        JSON.stringify(chunkIdsOf(candidate)) === JSON.stringify(batch.chunkIds) &&
        JSON.stringify(candidate.messages).includes(`(\`${batch.id.split("#")[0]}\`)`),
    );
    if (!body) throw new Error(`no request carried batch ${batch.id}`);
    return { id: batch.id, estimated: batch.inputTokens, measured: measuredTokens(body) };
  });
  const summaryMeasured = measuredTokens(summary[0] as Json);
  const measuredTotal = pairs.reduce((sum, pair) => sum + pair.measured, 0) + summaryMeasured;
  return { plan, pairs, measuredTotal, summaryMeasured };
}

function expectWithin(estimated: number, measured: number, tolerance: number, what: string): void {
  const error = (estimated - measured) / measured;
  expect(
    Math.abs(error),
    `${what}: estimated ${estimated}, measured ${measured} (${(error * 100).toFixed(1)}%)`,
  ).toBeLessThanOrEqual(tolerance);
}

describe("the dry-run estimate against the requests the review sends", () => {
  it("estimates every batch within 15% and the whole review within 10%, all areas", async () => {
    const { plan, pairs, measuredTotal, summaryMeasured } = await estimateAgainstRequests(FILES);
    expect(pairs.length).toBeGreaterThan(3);
    for (const pair of pairs) expectWithin(pair.estimated, pair.measured, 0.15, pair.id);
    // The summary call is part of the estimate, one call more than the batches, and errs high.
    expect(plan.estimate.calls).toBe(pairs.length + 1);
    expect(plan.estimate.summaryCall?.inputTokens).toBeGreaterThanOrEqual(summaryMeasured);
    expectWithin(plan.estimate.inputTokens, measuredTotal, 0.1, "total");
  });

  it("counts the line-number gutter of large chunks, batch by batch", async () => {
    // About 900 short lines: several full batches, where the `N│ ` gutter is a large share of the text.
    const lines = Array.from({ length: 900 }, (_, index) => `export const v${index} = f(${index});`);
    const files = { ...FILES, "src/table.ts": `${lines.join("\n")}\n` };
    const { plan, pairs, measuredTotal } = await estimateAgainstRequests(files, "reliability");
    expect(pairs.length).toBeGreaterThan(1);
    for (const pair of pairs) expectWithin(pair.estimated, pair.measured, 0.15, pair.id);
    expectWithin(plan.estimate.inputTokens, measuredTotal, 0.1, "total");
  });
});
