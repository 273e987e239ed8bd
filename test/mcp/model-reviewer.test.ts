import { describe, expect, it } from "vitest";
import { resolveProviderConfig } from "../../src/llm/provider-config.js";
import { buildServer } from "../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../src/mcp/in-process-client.js";
import { modelReviewer, reviewerFromEnvironment } from "../../src/mcp/model-reviewer.js";
import { answer, FILES } from "../cli/review-fixture.js";
import { makeRepo } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();

async function connect(repo: string) {
  const config = resolveProviderConfig({ provider: "openai" }, { OPENAI_API_KEY: "sk-test" });
  const reviewer = modelReviewer({ config, runtime: { concurrency: 1 } });
  return connectInProcessClient(buildServer({ roots: [repo], reviewer }));
}

describe("review_repository with the model reviewer", () => {
  it("runs the model review, sends increasing progress per batch and area, and stores the report", async () => {
    const repo = await makeRepo(FILES);
    kit.openai
      .reply({ json: answer({ summary: "Reliability is fine." }), usage: { input: 500, output: 50 } })
      .reply({ json: { summary: "Small and sound." } });
    const client = await connect(repo);
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool(
      { name: "review_repository", arguments: { areas: ["reliability"] } },
      undefined,
      { onprogress: (event) => progress.push(event) },
    );
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ mode: "review", executiveSummary: "Small and sound." });
    expect(progress.map((event) => event.message)).toEqual([
      "listing files",
      "running the pre-scans",
      expect.stringMatching(
        /^reliability#1: reviewed in 1 call and 0 tool calls \(0\/1 areas, 550 tokens, \$0\.\d{4}\)$/,
      ),
      expect.stringMatching(/^reliability done \(1\/1 areas, 550 tokens, /),
      "writing the executive summary",
    ]);
    const steps = progress.map((event) => event.progress);
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    expect(kit.openai.pending).toBe(0);
  });

  it("stops the model calls when the client cancels", async () => {
    const repo = await makeRepo(FILES);
    kit.openai.reply({ json: answer(), delayMs: 800 }).reply({ json: answer() });
    const client = await connect(repo);
    const controller = new AbortController();
    const call = client.callTool(
      { name: "review_repository", arguments: { areas: ["reliability", "security"] } },
      undefined,
      { signal: controller.signal },
    );
    for (let wait = 0; kit.openai.requests.length === 0 && wait < 200; wait++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    controller.abort();
    await expect(call).rejects.toThrow();
    // The second area's call is never made, even after the first would have been answered.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(kit.openai.requests).toHaveLength(1);
    await client.close();
  });
});

describe("reviewerFromEnvironment", () => {
  it("chooses the model review when a provider is configured, else the deterministic one", () => {
    expect(reviewerFromEnvironment({ OPENAI_API_KEY: "sk-test" }).description).toMatch(
      /^Model review with openai gpt-5\.4/,
    );
    expect(reviewerFromEnvironment({}).description).toMatch(/^Deterministic review \(no LLM configured\)/);
  });
});
