import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";
import { answer, claim, cli, FETCH_LINE, FILES, json, SECRET } from "./review-fixture.js";

const kit = useLlmKit();

type Block = { type: string; [key: string]: unknown };
type Message = { role: string; content: Block[] };

describe("codeaudit review with an Anthropic model", () => {
  it("waits out a 429's retry-after, sends thinking and tool turns back as they came, and counts usage once", async () => {
    const repo = await makeRepo(FILES);
    kit.anthropic
      .rateLimit(0)
      .reply({
        thinking: true,
        toolUse: { name: "grep", input: { pattern: "githubToken|fetch\\(" } },
        usage: { input: 3000, output: 60, cacheWrite: 4000 },
      })
      .reply({
        json: answer({
          findings: [
            claim("reliability", {
              title: "Profile fetch has no timeout",
              file: "src/client.ts",
              startLine: 4,
              evidence: FETCH_LINE,
            }),
          ],
        }),
        usage: { input: 3200, output: 400, cacheRead: 4000 },
      })
      .reply({ json: { summary: "One reliability gap." }, usage: { input: 500, output: 50 } });
    const result = await cli(["review", repo, "--areas", "reliability", "--format", "json"], {
      ANTHROPIC_API_KEY: "sk-ant-test",
      CODEAUDIT_CACHE_DIR: await tempDir(),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(kit.anthropic.pending).toBe(0);
    // The 429 and its retry are two requests for one call.
    expect(kit.anthropic.requests).toHaveLength(4);
    expect(kit.anthropic.body(1)).toEqual(kit.anthropic.body(0));
    for (const request of kit.anthropic.requests) expect(JSON.stringify(request.body)).not.toContain(SECRET);

    const first = kit.anthropic.body(1);
    const system = first.system as Array<{ text: string; cache_control?: unknown }>;
    expect(system.map((block) => block.cache_control)).toEqual([
      { type: "ephemeral" },
      { type: "ephemeral" },
    ]);
    expect(system[1]?.text).toMatch(/<repository_map-[0-9a-f]{32}>/);
    expect(first.output_config).toMatchObject({ format: { type: "json_schema" } });
    expect((first.tools as Array<{ name: string }>).map((tool) => tool.name)).toContain("read_file");

    const followUp = kit.anthropic.body(2).messages as Message[];
    expect(followUp).toHaveLength(3);
    expect(followUp[1]?.role).toBe("assistant");
    expect(followUp[1]?.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const toolResult = followUp[2]?.content[0] as Block;
    expect(toolResult).toMatchObject({
      type: "tool_result",
      tool_use_id: followUp[1]?.content[1]?.id,
    });
    expect(String(toolResult.content)).toContain(
      'src/settings.ts:3:  githubToken: "[REDACTED:github-token]",',
    );
    expect(String(toolResult.content)).toContain("src/client.ts:4:");

    const report = json(result.stdout);
    expect(report.usage).toEqual({
      calls: 3,
      inputTokens: 3000 + 4000 + 3200 + 4000 + 500,
      outputTokens: 60 + 400 + 50,
      cachedTokens: 4000,
      costUsd: report.usage.costUsd,
      provider: "anthropic",
      model: "claude-sonnet-5-5",
    });
    expect(report.usage.costUsd).toBeGreaterThan(0);
    expect(report.findings.filter((finding) => finding.source === "llm")).toHaveLength(1);
    expect(report.summary.executiveSummary).toBe("One reliability gap.");
  });
});
