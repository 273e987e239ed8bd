import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordedReview } from "../../src/audit/recorded-review.js";
import { reviewTarget } from "../../src/audit/review.js";
import { ingest } from "../../src/ingest/ingest.js";
import { createLlmRuntime } from "../../src/llm/create-llm-runtime.js";
import { resolveProviderConfig } from "../../src/llm/provider-config.js";
import { buildReviewPlan } from "../../src/plan/build-review-plan.js";
import { runScanners } from "../../src/prescan/run-scanners.js";
import type { ReviewProgress } from "../../src/review/progress.js";
import { answer, claim, FETCH_LINE, FILES } from "../cli/review-fixture.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();
const noWait = { sleep: async () => undefined };

function runtime() {
  const config = resolveProviderConfig({ provider: "openai" }, { OPENAI_API_KEY: "sk-test" });
  return createLlmRuntime(config, { concurrency: 1 }, { retry: noWait });
}

describe("reviewTarget", () => {
  it("marks an area failed once its calls keep failing after every retry, and reviews the others", async () => {
    const repo = await makeRepo(FILES);
    for (let attempt = 0; attempt < 5; attempt++) kit.openai.fail(500);
    kit.openai
      .reply({ json: answer({ summary: "Reliability reviewed." }), usage: { input: 700, output: 70 } })
      .reply({ json: { summary: "Security could not be reviewed." } });
    const progress: ReviewProgress[] = [];
    const { report, stats } = await reviewTarget(repo, {
      runtime: runtime(),
      areas: ["security", "reliability"],
      concurrency: 1,
      onProgress: (event) => progress.push(event),
    });
    expect(kit.openai.pending).toBe(0);
    expect(report.areas.find((area) => area.id === "security")).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(
        /^openai request failed \(500 .*\) \[request req_\w+\] \(gave up after 5 attempts\)$/,
      ),
    });
    expect(report.areas.find((area) => area.id === "reliability")?.status).toBe("completed");
    expect(report.usage).toMatchObject({ calls: 2, inputTokens: 820, outputTokens: 100 });
    expect(stats).toEqual({
      security: { batches: 1, cached: 0, calls: 0, toolCalls: 0, tokens: 0 },
      reliability: { batches: 1, cached: 0, calls: 1, toolCalls: 0, tokens: 770 },
    });
    expect(progress.map((event) => event.message)).toEqual([
      expect.stringMatching(/^security#1: openai request failed/),
      "security done",
      "reliability#1: reviewed in 1 call and 0 tool calls",
      "reliability done",
    ]);
    expect(progress.at(-1)).toMatchObject({ areasDone: 2, areasTotal: 2, batchesDone: 2, batchesTotal: 2 });
  });

  it("marks an area partial when some of its batches fail, and says why in the warnings", async () => {
    const lines = Array.from(
      { length: 700 },
      (_, index) => `export const value${index} = compute(${index}, "label-${index}");`,
    );
    const repo = await makeRepo({ ...FILES, "src/big.ts": `${lines.join("\n")}\n` });
    const snapshot = await ingest(repo);
    const plan = await buildReviewPlan(snapshot, await runScanners(snapshot), {
      provider: "openai",
      model: "gpt-5.4",
      areas: ["reliability"],
    });
    const batches = plan.areas[0]?.batches.length ?? 0;
    expect(batches).toBeGreaterThan(1);
    kit.openai.reply({ json: answer({ summary: "First batch fine." }) });
    for (let batch = 1; batch < batches; batch++)
      kit.openai.reply({ rawJson: "nope" }).reply({ rawJson: "nope" });
    kit.openai.reply({ json: { summary: "Partly reviewed." } });
    const { report } = await reviewTarget(repo, {
      runtime: runtime(),
      areas: ["reliability"],
      concurrency: 1,
    });
    expect(kit.openai.pending).toBe(0);
    const reason = `1 of ${batches} batches reviewed (reliability); openai gpt-5.4 gave no usable review after one repair round: the answer is not valid JSON (Unexpected token 'o', "nope" is not valid JSON)`;
    expect(report.areas.find((area) => area.id === "reliability")).toMatchObject({
      status: "partial",
      reason,
      summary: "First batch fine.",
    });
    expect(report.warnings).toContain(`reliability: partial review: ${reason}`);
  });

  it("stops every area at once when the provider rejects the key", async () => {
    const repo = await makeRepo(FILES);
    kit.openai.fail(401);
    await expect(
      reviewTarget(repo, { runtime: runtime(), areas: ["security", "reliability"], concurrency: 1 }),
    ).rejects.toMatchObject({ code: "LLM_AUTH", message: expect.stringContaining("check OPENAI_API_KEY") });
    expect(kit.openai.requests).toHaveLength(1);
  });
});

describe("recordedReview", () => {
  it("records every answer, then replays the same review offline with identical requests", async () => {
    const repo = await makeRepo(FILES, { name: "service" });
    const dir = await tempDir();
    // Every area the fixture has files for (eight batches) answers; whichever asks first also uses a tool.
    kit.openai.reply({ toolUse: { name: "grep", input: { pattern: "fetch" } } }).reply({
      json: answer({
        findings: [
          claim("testing", {
            title: "No test covers fetchProfile",
            file: "src/client.ts",
            startLine: 4,
            evidence: FETCH_LINE,
          }),
        ],
      }),
    });
    for (let batch = 1; batch < 8; batch++) kit.openai.reply({ json: answer() });
    kit.openai.reply({ json: { summary: "Untested." } });
    const env = { OPENAI_API_KEY: "sk-test" };
    const options = { recordingKey: "suite/case", run: 1 };
    const recorded = await recordedReview(env)(repo, { ...options, mode: "record", recordDir: dir });
    expect(kit.openai.pending).toBe(0);
    expect(kit.openai.requests).toHaveLength(10);
    expect(await readdir(path.join(dir, "suite", "case"))).toHaveLength(10);

    // Replay: no key, no network (the kit fails any request), the same report.
    const replayed = await recordedReview({})(repo, {
      ...options,
      run: 2,
      mode: "replay",
      replayDir: dir,
    });
    expect(kit.openai.requests).toHaveLength(10);
    const strip = (report: typeof recorded) => ({ ...report, generatedAt: "", scanners: [] });
    expect(strip(replayed)).toEqual(strip(recorded));
    expect(replayed.findings.filter((finding) => finding.source === "llm")).toHaveLength(1);
  });
});
