import { readFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { ingest } from "../../src/ingest/ingest.js";
import { findPrice } from "../../src/llm/pricing.js";
import { buildReviewPlan } from "../../src/plan/build-review-plan.js";
import { runScanners } from "../../src/prescan/run-scanners.js";
import { measureReviewCalls } from "../../src/review/call-overhead.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const LOCAL = "http://127.0.0.1:11434/v1";
// Any model call reaches the kit (and is recorded) or an unhandled URL (and fails the test).
const kit = useLlmKit({ openaiBaseUrls: ["https://api.openai.com/v1", LOCAL] });

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(args, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const FILES = {
  "src/server.ts": [
    'import http from "node:http";',
    "// TODO: add a timeout",
    "export function start(port: number) {",
    "  return http.createServer((req, res) => res.end('ok')).listen(port);",
    "}",
    "",
  ].join("\n"),
  "src/util.py": "def slug(text):\n    return text.lower()\n",
  "test/server.test.ts": "import { start } from '../src/server';\ntest('starts', () => start(0));\n",
  "README.md": "# Demo\n\nRun it with npm start.\n",
};

function expectNoModelCalls(): void {
  expect(kit.anthropic.requests).toHaveLength(0);
  expect(kit.openai.requests).toHaveLength(0);
}

describe("codeaudit review --dry-run", () => {
  it("prints the plan with areas, chunks, tokens and the cost for the chosen model, and calls nothing", async () => {
    const repo = await makeRepo(FILES);
    const result = await cli(["review", repo, "--dry-run", "--areas", "reliability,documentation"], {
      ANTHROPIC_API_KEY: "sk-ant-test",
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expectNoModelCalls();
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`codeaudit review plan for ${path.basename(repo)} (dry run: no model was called)`);
    expect(lines[1]).toBe("model: anthropic claude-sonnet-5-5");
    expect(result.stdout).toMatch(
      /^area\s+files\s+chunks\s+calls\s+input tokens\s+output tokens\s+not read$/m,
    );
    expect(result.stdout).toMatch(/^reliability\s+2\s+2\s+1\s+[\d,]+\s+3,000\s+0$/m);
    expect(result.stdout).toMatch(/^documentation\s+1\s+1\s+1\s+[\d,]+\s+3,000\s+0$/m);
    expect(result.stdout).toContain("    src/server.ts:1-5 (");
    expect(result.stdout).toContain("    src/util.py:1-2 (");
    expect(result.stdout).toContain("    README.md:1-3 (");
    expect(result.stdout).toMatch(
      /^estimated cost: \$0\.\d{4} \(claude-sonnet-5-5 at \$2 input \/ \$10 output per million tokens, prices of 2026-11-21\)$/m,
    );
  });

  it("writes the plan as JSON whose estimate matches the planner and the price table exactly", async () => {
    const repo = await makeRepo(FILES);
    const out = path.join(await tempDir(), "plan.json");
    const result = await cli(
      [
        "review",
        repo,
        "--dry-run",
        "--format",
        "json",
        "--output",
        out,
        "--provider",
        "openai",
        "--max-cost",
        "0.01",
      ],
      { OPENAI_API_KEY: "sk-test" },
    );
    expect(result.code).toBe(0);
    expectNoModelCalls();
    const plan = JSON.parse(await readFile(out, "utf8"));
    const snapshot = await ingest(repo);
    const prescan = await runScanners(snapshot);
    const expected = await buildReviewPlan(snapshot, prescan, {
      provider: "openai",
      model: "gpt-5.4",
      callSizing: await measureReviewCalls({ snapshot, prescan }),
    });
    expect(plan.estimate).toEqual(JSON.parse(JSON.stringify(expected.estimate)));
    // Every planned call plus the executive summary, which is in the totals but in no area.
    const batches = plan.areas.flatMap((area: { batches: Array<{ inputTokens: number }> }) => area.batches);
    expect(plan.estimate.calls).toBe(batches.length + 1);
    expect(plan.estimate.inputTokens).toBe(
      batches.reduce((sum: number, batch: { inputTokens: number }) => sum + batch.inputTokens, 0) +
        plan.estimate.summaryCall.inputTokens,
    );
    const price = findPrice("gpt-5.4");
    expect(plan.estimate.costUsd).toBeCloseTo(
      (plan.estimate.inputTokens * (price?.input ?? 0) + plan.estimate.outputTokens * (price?.output ?? 0)) /
        1_000_000,
      12,
    );
    expect(plan.areas.map((area: { area: string }) => area.area)).toHaveLength(11);
    expect(plan.dryRun).toBe(true);
    expect(plan.notes).toContain(
      "--max-cost $0.0100: the estimate is over it; a real run stops scheduling calls before the next one could pass it and keeps what is done",
    );
    // Chunk line ranges are the files' real lines.
    const chunk = plan.areas
      .flatMap((area: { chunks: Array<{ id: string; endLine: number }> }) => area.chunks)
      .find((entry: { id: string }) => entry.id.startsWith("src/server.ts:"));
    expect(chunk).toMatchObject({ id: "src/server.ts:1-5", startLine: 1, endLine: 5 });
  });

  it("plans for an OpenAI-compatible server given by --base-url, with no key and no call", async () => {
    const repo = await makeRepo(FILES);
    const result = await cli([
      "review",
      repo,
      "--dry-run",
      "--provider",
      "openai",
      "--base-url",
      LOCAL,
      "--model",
      "llama3.3",
      "--areas",
      "testing",
      "--concurrency",
      "2",
    ]);
    expect(result.code).toBe(0);
    expectNoModelCalls();
    expect(result.stdout).toContain("model: openai llama3.3\n");
    expect(result.stdout).toContain(`note: calls would go to ${LOCAL}\n`);
    expect(result.stdout).toContain("note: calls would run 2 at a time\n");
    expect(result.stdout).toContain(
      "estimated cost: unknown (no price is known for llama3.3; counted as $0)",
    );
  });

  it("estimates for the default model when nothing is configured, and says so", async () => {
    const repo = await makeRepo(FILES);
    const result = await cli(["review", repo, "--dry-run", "--areas", "security"]);
    expect(result.code).toBe(0);
    expectNoModelCalls();
    expect(result.stdout).toContain(
      "note: no model is configured, so this estimates the default claude-sonnet-5-5; set ANTHROPIC_API_KEY or OPENAI_API_KEY, or pass --provider and --model\n",
    );
  });

  it("rejects bad --areas, --max-cost, --concurrency and --provider values with one line and exit 2", async () => {
    const repo = await makeRepo(FILES);
    const cases: Array<[string[], string]> = [
      [
        ["--areas", "security,speed"],
        'codeaudit: --areas: unknown area "speed"; choose from security, reliability',
      ],
      [["--max-cost", "-1"], 'codeaudit: --max-cost: expected a positive number of US dollars, got "-1"'],
      [["--max-cost", "0"], 'codeaudit: --max-cost: expected a positive number of US dollars, got "0"'],
      [["--concurrency", "0"], 'codeaudit: --concurrency: expected a whole number from 1 to 64, got "0"'],
      [["--provider", "gemini"], "codeaudit: option '--provider <name>' argument 'gemini' is invalid."],
      [
        ["--base-url", "localhost:11434"],
        'codeaudit: --base-url: expected http or https, got "localhost:11434"',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(["review", repo, "--dry-run", ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
    expectNoModelCalls();
  });
});

describe("codeaudit review without --dry-run", () => {
  it("runs the model review when a provider is configured (see review-openai.test.ts for the details)", async () => {
    const repo = await makeRepo(FILES);
    kit.openai
      .reply({ json: { findings: [], scannerFindings: [], strengths: [], summary: "Tests are thin." } })
      .reply({ json: { summary: "Small and tidy." } });
    const result = await cli(
      ["review", repo, "--format", "json", "--provider", "openai", "--base-url", LOCAL, "--areas", "testing"],
      { CODEAUDIT_CACHE_DIR: await tempDir() },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(kit.openai.requests.map((request) => request.url)).toEqual([
      `${LOCAL}/chat/completions`,
      `${LOCAL}/chat/completions`,
    ]);
    const report = JSON.parse(result.stdout);
    expect(report.mode).toBe("review");
    expect(report.usage).toMatchObject({ calls: 2, provider: "openai", model: "gpt-5.4" });
    expect(report.areas.find((area: { id: string }) => area.id === "testing")).toMatchObject({
      status: "completed",
      summary: "Tests are thin.",
    });
    expect(report.summary.executiveSummary).toBe("Small and tidy.");
  });

  it("fails with one line naming the missing key when --provider is given without it", async () => {
    const repo = await makeRepo(FILES);
    const result = await cli(["review", repo, "--provider", "anthropic"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("codeaudit: --provider anthropic: ANTHROPIC_API_KEY is not set\n");
    expect(result.stdout).toBe("");
  });

  it("keeps the no-LLM behaviour when nothing is configured", async () => {
    const repo = await makeRepo(FILES);
    const result = await cli(["review", repo, "--fail-on", "critical"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("codeaudit: no LLM configured, writing the deterministic report");
    expect(result.stdout).toContain("Production Readiness Review");
    expectNoModelCalls();
  });
});
