import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";
import { answer, cli, FILES, json } from "./review-fixture.js";

const kit = useLlmKit();

async function setup() {
  const repo = await makeRepo(FILES);
  const env = { OPENAI_API_KEY: "sk-test", CODEAUDIT_CACHE_DIR: await tempDir() };
  const args = [
    "review",
    repo,
    "--provider",
    "openai",
    "--areas",
    "security,reliability",
    "--concurrency",
    "1",
  ];
  return { repo, env, args };
}

describe("codeaudit review when areas cannot finish", () => {
  it("marks an area whose answers stay unusable as failed, writes everything else, and exits 3", async () => {
    const { env, args } = await setup();
    kit.openai
      .reply({ rawJson: "I reviewed it and all is fine." })
      .reply({ rawJson: '{"findings": "none"}' })
      .reply({ json: answer({ summary: "Reliability is fine." }) })
      .reply({ json: { summary: "Partly reviewed." } });
    const result = await cli([...args, "--format", "json"], env);
    expect(result.code).toBe(3);
    expect(kit.openai.pending).toBe(0);
    const report = json(result.stdout);
    const security = report.areas.find((area) => area.id === "security");
    expect(security?.status).toBe("failed");
    expect(security?.reason).toMatch(
      /^openai gpt-5\.4 gave no usable review after one repair round: the answer does not match the schema: - findings: /,
    );
    expect(report.areas.find((area) => area.id === "reliability")).toMatchObject({
      status: "completed",
      summary: "Reliability is fine.",
    });
    expect(report.usage.calls).toBe(4);
    // The repair round showed the model what was wrong with its first answer.
    const repair = kit.openai.body(1).messages as Array<{ role: string; content: string }>;
    expect(repair.at(-1)?.content).toMatch(/^Your answer cannot be used: the answer is not valid JSON/);

    // A rerun retries the failed area only: the reviewed one and the summary come from the cache.
    kit.openai.reply({ rawJson: "Still fine." }).reply({ rawJson: "Fine." });
    const markdown = await cli(args, env);
    expect(markdown.code).toBe(3);
    expect(kit.openai.requests).toHaveLength(6);
    expect(markdown.stdout).toContain(
      "> **Failed or incomplete areas:** security, failed (openai gpt-5.4 gave no usable review",
    );
    expect(markdown.stdout).toContain("Reliability is fine.");
  });

  it("stops at --max-cost: keeps what is done, marks the rest partial with the reason, and exits 3", async () => {
    const { env, args } = await setup();
    // The first call reports enough usage that the next one could pass the $1 cap.
    kit.openai.reply({
      json: answer({ summary: "Security reviewed." }),
      usage: { input: 380_000, output: 1000 },
    });
    const result = await cli([...args, "--max-cost", "1", "--format", "json"], env);
    expect(result.code).toBe(3);
    expect(kit.openai.requests).toHaveLength(1);
    const report = json(result.stdout);
    expect(report.areas.find((area) => area.id === "security")).toMatchObject({ status: "completed" });
    expect(report.areas.find((area) => area.id === "reliability")).toMatchObject({
      status: "partial",
      reason: "0 of 1 batch reviewed (reliability); not reviewed: --max-cost was reached",
    });
    expect(report.warnings.find((warning) => warning.startsWith("cost budget reached"))).toMatch(
      /^cost budget reached: \$0\.9650 spent of --max-cost \$1\.00, .*; 1 batch was not reviewed$/,
    );
    expect(report.usage).toMatchObject({
      calls: 1,
      inputTokens: 380_000,
      outputTokens: 1000,
      costUsd: 0.965,
    });
    // No executive-summary call past the cap: the computed summary stands.
    expect(report.summary.executiveSummary).toMatch(/ has 3 files with /);
  });

  it("writes what is done when interrupted (Ctrl-C) and exits 3", async () => {
    const { env, args } = await setup();
    kit.openai.reply({ json: answer(), delayMs: 5000 });
    const running = cli([...args, "--format", "json"], env);
    for (let wait = 0; kit.openai.requests.length === 0 && wait < 200; wait++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(kit.openai.requests).toHaveLength(1);
    process.emit("SIGINT");
    const result = await running;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      "codeaudit: interrupted: stopping the model calls and writing what is done",
    );
    const report = json(result.stdout);
    expect(report.areas.filter((area) => area.id === "security" || area.id === "reliability")).toEqual([
      expect.objectContaining({
        id: "security",
        status: "partial",
        reason: expect.stringContaining("cancelled"),
      }),
      expect.objectContaining({
        id: "reliability",
        status: "partial",
        reason: expect.stringContaining("cancelled"),
      }),
    ]);
    expect(report.warnings).toContain(
      "the review was cancelled: 2 batches were not reviewed; the report holds what was done",
    );
    expect(report.usage.calls).toBe(0);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });
});
