import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";
import { answer, claim, cli, FETCH_LINE, FILES, json, SECRET, scannerIds } from "./review-fixture.js";

const kit = useLlmKit();

type Json = Record<string, unknown>;

/** What differs between the two providers' wire formats, for the assertions below. */
const PROVIDERS = {
  openai: {
    env: { OPENAI_API_KEY: "sk-test" },
    model: "gpt-5.4",
    endpoint: () => kit.openai,
    toolNames: (body: Json) =>
      (body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name),
    format: (body: Json) => (body.response_format as Json).type,
    toolResult: (body: Json) =>
      (body.messages as Array<{ role: string; content: string }>).find((message) => message.role === "tool")
        ?.content,
  },
  anthropic: {
    env: { ANTHROPIC_API_KEY: "sk-ant-test" },
    model: "claude-sonnet-5-5",
    endpoint: () => kit.anthropic,
    toolNames: (body: Json) => (body.tools as Array<{ name: string }>).map((tool) => tool.name),
    format: (body: Json) => ((body.output_config as Json).format as Json).type,
    toolResult: (body: Json) =>
      (body.messages as Array<{ content: Array<{ type: string; content?: string }> }>)[2]?.content.find(
        (block) => block.type === "tool_result",
      )?.content,
  },
} as const;

const DISMISS_REASON =
  "This is an internal demo service with no external reporters; a policy file adds nothing yet.";

/** Scripts a security review that reads a file, then answers; a reliability review; the summary. */
function scriptReview(provider: keyof typeof PROVIDERS, ids: Record<string, string>) {
  PROVIDERS[provider]
    .endpoint()
    .reply({
      toolUse: { name: "read_file", input: { path: "src/settings.ts", startLine: 1, endLine: 4 } },
      usage: { input: 2000, output: 40 },
    })
    .reply({
      json: answer({
        findings: [
          claim("security", {
            title: "Outbound profile request has no timeout",
            severity: "medium",
            file: "src/client.ts",
            startLine: 4,
            evidence: FETCH_LINE,
            category: "missing-timeout",
          }),
          // Invented: the file has 12 lines and no query.
          claim("security", {
            title: "SQL injection in profile lookup",
            severity: "critical",
            file: "src/client.ts",
            startLine: 40,
            evidence: "db.query(`SELECT * FROM users WHERE id = ' + id);",
          }),
        ],
        scannerFindings: [
          {
            id: ids["secrets/github-token"] as string,
            action: "confirm",
            severity: null,
            reason: "Used by the client.",
          },
          {
            id: ids["hygiene/no-security"] as string,
            action: "dismiss",
            severity: null,
            reason: DISMISS_REASON,
          },
          { id: "CA-0000000000", action: "dismiss", severity: null, reason: "Made up." },
        ],
        strengths: [{ description: "Configuration is read in one place.", file: "src/client.ts", line: 9 }],
        summary: "One outbound call lacks a timeout; the token is committed.",
      }),
      usage: { input: 2500, output: 300 },
    })
    .reply({
      json: answer({
        findings: [
          claim("reliability", {
            title: "Profile fetch has no timeout",
            severity: "high",
            file: "src/client.ts",
            startLine: 3,
            endLine: 5,
            evidence: [
              "export async function fetchProfile(id: string) {",
              FETCH_LINE,
              "  return response.json();",
            ].join("\n"),
            category: "missing-timeout",
          }),
        ],
        summary: "A hung upstream blocks callers.",
      }),
      usage: { input: 1800, output: 200 },
    })
    .reply({ json: { summary: "The service is small; add a timeout and move the token out of source." } });
}

describe.each(["openai", "anthropic"] as const)("codeaudit review with an %s model", (provider) => {
  const wire = PROVIDERS[provider];
  it("runs the agent with tools, verifies and merges findings, keeps dismissals, and never sends the secret", async () => {
    const endpoint = wire.endpoint();
    const repo = await makeRepo(FILES);
    const ids = await scannerIds(repo);
    const cacheDir = await tempDir();
    const out = path.join(await tempDir(), "report.json");
    scriptReview(provider, ids);
    const env = { ...wire.env, CODEAUDIT_CACHE_DIR: cacheDir };
    const args = [
      "review",
      repo,
      "--provider",
      provider,
      "--areas",
      "security,reliability",
      "--concurrency",
      "1",
    ];
    const result = await cli([...args, "--format", "json", "--output", out], env);
    expect(result.stderr).toBe(`codeaudit: wrote ${out}\n`);
    expect(result.code).toBe(0);
    expect(endpoint.pending).toBe(0);
    expect(endpoint.requests).toHaveLength(4);

    // Nothing that leaves the process carries the secret: prompts, chunks, findings, tool results.
    for (const request of endpoint.requests) expect(JSON.stringify(request.body)).not.toContain(SECRET);
    const first = endpoint.body(0);
    expect(wire.toolNames(first)).toEqual(
      expect.arrayContaining(["read_file", "grep", "list_files", "scan_secrets"]),
    );
    expect(wire.format(first)).toBe("json_schema");
    const opening = JSON.stringify(first.messages);
    expect(opening).toContain("[REDACTED:github-token]");
    expect(opening).toContain(`id=${ids["secrets/github-token"]}`);
    const toolResult = wire.toolResult(endpoint.body(1));
    expect(toolResult).toMatch(/^<tool_result-[0-9a-f]{32} tool="read_file">\n/);
    expect(toolResult).toContain('3\t  githubToken: "[REDACTED:github-token]",');

    const report = json(await readFile(out, "utf8"));
    // Three distinct claims: two real (merged into one), one invented (dropped).
    expect(report.verification).toEqual({ verified: 2, reanchored: 0, dropped: 1 });
    const model = report.findings.filter((finding) => finding.source === "llm");
    expect(model).toHaveLength(1);
    expect(model[0]).toMatchObject({
      area: "reliability",
      areas: ["reliability", "security"],
      severity: "high",
      title: "Profile fetch has no timeout",
      location: { file: "src/client.ts", startLine: 3, endLine: 5 },
      evidence: [
        "export async function fetchProfile(id: string) {",
        FETCH_LINE,
        "  return response.json();",
      ].join("\n"),
      ruleId: "review/missing-timeout",
    });
    expect(JSON.stringify(report)).not.toContain("SELECT * FROM users");
    expect(report.findings.find((finding) => finding.id === ids["secrets/github-token"])).toMatchObject({
      source: "both",
      evidence: '  githubToken: "[REDACTED:github-token]",',
    });
    expect(report.findings.find((finding) => finding.id === ids["hygiene/no-security"])?.dismissed).toEqual({
      reason: DISMISS_REASON,
    });
    expect(report.warnings).toContain(
      "security: the model decided on 1 pre-scan finding id it was not shown (CA-0000000000); ignored",
    );
    expect(report.areas.find((area) => area.id === "security")).toMatchObject({
      status: "completed",
      summary: "One outbound call lacks a timeout; the token is committed.",
      strengths: expect.arrayContaining(["Configuration is read in one place. (`src/client.ts:9`)"]),
    });
    expect(report.areas.find((area) => area.id === "performance")).toMatchObject({ status: "skipped" });
    expect(report.summary.executiveSummary).toBe(
      "The service is small; add a timeout and move the token out of source.",
    );
    expect(report.prompts).toEqual([
      { id: "security", version: "1.0.0", area: "security" },
      { id: "reliability", version: "1.0.0", area: "reliability" },
    ]);
    expect(report.usage).toMatchObject({
      calls: 4,
      inputTokens: 2000 + 2500 + 1800 + 120,
      outputTokens: 40 + 300 + 200 + 30,
      cachedTokens: 0,
      provider,
      model: wire.model,
    });
    expect(report.usage.costUsd).toBeGreaterThan(0);

    // The Markdown report shows the dismissal's reason and the verified evidence.
    const markdown = await cli([...args], env);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(`dismissed because ${DISMISS_REASON}`);
    expect(markdown.stdout).toContain(FETCH_LINE);
    expect(markdown.stdout).not.toContain(SECRET);
    // That second run was served from the cache: no model call at all, so this run's usage is zero,
    // and the report says what the reused answers cost when they were made.
    expect(endpoint.requests).toHaveLength(4);
    expect(markdown.stdout).toContain("| 0 | 0 | 0 | 0 | $0.0000 |");
    expect(markdown.stdout).toContain(
      `Reused from the review cache with no call: 3 model answers, which took 4 calls (6420 input and 570 output tokens, $${Number(report.usage.costUsd).toFixed(4)}) when they were made.`,
    );
  });
});
