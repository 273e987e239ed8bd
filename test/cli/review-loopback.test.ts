import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { chatCompletion, openAiErrorBody } from "../llm-kit/openai-wire.js";
import { answer, claim, cli, FETCH_LINE, FILES, json, SECRET } from "./review-fixture.js";

/**
 * The checker's scenario: a plain OpenAI-compatible server on loopback (no msw) whose "model" knows
 * nothing of tools or schemas and answers every request with the same JSON: one true finding and
 * one invented one. Its first request gets a 429 with retry-after.
 */
const ANSWER = answer({
  findings: [
    claim("security", {
      title: "Profile request has no timeout",
      severity: "high",
      file: "src/client.ts",
      startLine: 4,
      evidence: FETCH_LINE,
    }),
    claim("security", {
      title: "Password compared in non-constant time",
      severity: "critical",
      file: "src/auth.ts",
      startLine: 12,
      evidence: "if (password === user.password) {",
    }),
  ],
  summary: "Reviewed.",
});

const bodies: Array<Record<string, unknown>> = [];
let rejectFormat = false;
let rejectTools = false;
let server: Server;
let baseUrl = "";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    bodies.push(body);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(value));
    };
    if (bodies.length === 1) return send(429, openAiErrorBody(429), { "retry-after": "1" });
    if (rejectTools && body.tools)
      return send(400, openAiErrorBody(400, undefined, "tools are not supported by this server", "tools"));
    if (rejectFormat && body.response_format)
      return send(
        400,
        openAiErrorBody(400, undefined, "response_format is not supported", "response_format"),
      );
    // No tool calls, no schema: the same answer as plain content, every time.
    const completion = chatCompletion(
      { text: JSON.stringify(ANSWER), usage: { input: 900, output: 120 } },
      body,
    );
    return send(200, completion);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  bodies.length = 0;
  rejectFormat = false;
  rejectTools = false;
});

async function review(format: "json" | "md", out: string, cacheDir: string, repo: string) {
  return cli(
    [
      "review",
      repo,
      "--provider",
      "openai",
      "--base-url",
      baseUrl,
      "--model",
      "local-model",
      "--format",
      format,
      "--output",
      out,
    ],
    { CODEAUDIT_CACHE_DIR: cacheDir },
  );
}

describe("codeaudit review against an OpenAI-compatible server on loopback", () => {
  it("keeps the true finding with verified evidence, drops and counts the invented one, and never sends the secret", async () => {
    const repo = await makeRepo(FILES);
    const cacheDir = await tempDir();
    const dir = await tempDir();
    const result = await review("json", path.join(dir, "report.json"), cacheDir, repo);
    expect(result.code).toBe(0);
    const calls = bodies.length;
    expect(calls).toBeGreaterThan(2);
    for (const body of bodies) expect(JSON.stringify(body)).not.toContain(SECRET);

    const text = await readFile(path.join(dir, "report.json"), "utf8");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("src/auth.ts");
    const report = json(text);
    expect(report.verification).toEqual({ verified: 1, reanchored: 0, dropped: 1 });
    const found = report.findings.filter((finding) => finding.source === "llm");
    expect(found).toEqual([
      expect.objectContaining({
        title: "Profile request has no timeout",
        severity: "high",
        location: { file: "src/client.ts", startLine: 4, endLine: 4 },
        evidence: FETCH_LINE,
      }),
    ]);
    // Every request but the 429 was answered and billed; the price of a local model is unknown.
    expect(report.usage).toEqual({
      calls: calls - 1,
      inputTokens: 900 * (calls - 1),
      outputTokens: 120 * (calls - 1),
      cachedTokens: 0,
      costUsd: 0,
      provider: "openai",
      model: "local-model",
    });
    expect(report.warnings).toContain(
      "no price is known for model local-model: its cost is reported as $0 and --max-cost cannot limit it",
    );
    // The summary call got an area answer back twice, so the computed summary stands, with a warning.
    expect(
      report.warnings.some((warning) => warning.startsWith("executive summary: the model call failed")),
    ).toBe(true);
    expect(report.areas.filter((area) => area.status === "failed")).toEqual([]);

    // The Markdown report of a rerun shows the same finding and makes no call: everything is cached.
    bodies.length = 0;
    const markdown = await review("md", path.join(dir, "report.md"), cacheDir, repo);
    expect(markdown.code).toBe(0);
    expect(bodies).toHaveLength(0);
    const md = await readFile(path.join(dir, "report.md"), "utf8");
    expect(md).toContain("**[HIGH] Profile request has no timeout**");
    expect(md).toContain("- **File:** `src/client.ts:4`");
    expect(md).toContain(FETCH_LINE);
    expect(md).toContain("1 verified, 0 re-anchored to the lines that hold their evidence, 1 dropped");
    expect(md).not.toContain("Password compared");
    expect(md).toContain("| 0 | 0 | 0 | 0 | $0.0000 |");
    expect(md).toContain(
      `which took ${calls - 1} calls (${900 * (calls - 1)} input and ${120 * (calls - 1)} output tokens, $0.0000)`,
    );
    expect(md).not.toContain(SECRET);
  }, 60_000);

  it("falls back to prompt-only JSON when the server rejects response_format, and says so in the report", async () => {
    rejectFormat = true;
    const repo = await makeRepo(FILES);
    const dir = await tempDir();
    const result = await cli(
      [
        "review",
        repo,
        "--base-url",
        baseUrl,
        "--model",
        "local-model",
        "--areas",
        "security",
        "--format",
        "json",
      ],
      { CODEAUDIT_CACHE_DIR: dir },
    );
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.findings.filter((finding) => finding.source === "llm")).toHaveLength(1);
    expect(report.warnings.filter((warning) => warning.includes("rejected JSON-schema output"))).toHaveLength(
      1,
    );
    expect(bodies.at(-1)?.response_format).toBeUndefined();
  }, 60_000);

  it("reviews without tools when the server rejects tool definitions, and says so in the report", async () => {
    rejectTools = true;
    const repo = await makeRepo(FILES);
    const result = await cli(
      [
        "review",
        repo,
        "--base-url",
        baseUrl,
        "--model",
        "local-model",
        "--areas",
        "security,reliability",
        "--concurrency",
        "1",
        "--format",
        "json",
      ],
      { CODEAUDIT_CACHE_DIR: await tempDir() },
    );
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.areas.filter((area) => area.status === "completed").map((area) => area.id)).toEqual([
      "security",
      "reliability",
    ]);
    expect(report.warnings).toContain(
      "the model server rejected tool definitions (openai request failed (400 invalid_request_error: tools are not supported by this server)); the review ran without tools, from the code in the prompts alone",
    );
    // After the first refusal no request carries tools: 429, refused, retried without, then the rest.
    expect(bodies.map((body) => body.tools !== undefined)).toEqual([true, true, false, false, false, false]);
  }, 60_000);
});
