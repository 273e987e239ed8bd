import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { CodeauditError } from "../../src/errors.js";
import type { ReviewerOptions } from "../../src/eval/reviewer.js";
import { type EvalDeps, runEval } from "../../src/eval/run-eval.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { finding, report } from "./factories.js";

const SUITE = `name: demo
description: One case.
cases:
  - id: one
    repo: { fixture: fixtures/shop }
    expected:
      - { id: secret, area: security, severity: high, file: app.py, lines: [2, 2], source: any }
      - { id: sqli, area: security, severity: critical, file: app.py, lines: [4, 4], source: llm }
    negatives:
      - { file: app.py, lines: [10, 10], note: parameterised }
    facts:
      - { path: size.production.files, value: 1 }
      - { path: size.production.code, value: 99 }
`;

async function suiteRoot(): Promise<string> {
  const root = await tempDir("codeaudit-run-eval-");
  await mkdir(path.join(root, "demo", "fixtures", "shop"), { recursive: true });
  await writeFile(path.join(root, "demo", "suite.yaml"), SUITE);
  await writeFile(
    path.join(root, "demo", "fixtures", "shop", "app.py"),
    "import os\nKEY = 'k'\n\nq = f'{x}'\n\n\n\n\n\nrun('?', x)\n",
  );
  return root;
}

const scanReport = report(
  [finding("s1", "app.py:2", { severity: "high" }), finding("s2", "app.py:10", { title: "SQL" })],
  { facts: { size: { production: { files: 1, code: 6 } } } },
);

function deps(overrides: Partial<EvalDeps> = {}): EvalDeps {
  return { scan: async () => scanReport, now: () => new Date("2024-05-01T00:00:00Z"), ...overrides };
}

describe("runEval", () => {
  it("scores the deterministic layer and reports the full review as not run", async () => {
    const root = await suiteRoot();
    const scanned: string[] = [];
    const result = await runEval(
      { target: root, fullReview: { mode: "off", reason: "no model configured" }, workingDir: root },
      deps({
        scan: async (dir) => {
          scanned.push(dir);
          return scanReport;
        },
      }),
    );
    expect(path.basename(scanned[0] ?? "")).toBe("shop");
    expect(result.generatedAt).toBe("2024-05-01T00:00:00.000Z");
    expect(result.options).toEqual({ runs: 1, fullReview: "off" });
    expect(result.scanners).toEqual([{ id: "size", version: "1.0.0" }]);
    expect(result.summary.full).toEqual({ status: "not-run", reason: "no model configured" });
    expect(result.summary.facts).toEqual({ total: 2, correct: 1, accuracy: 0.5 });
    const suite = result.suites[0];
    expect(suite?.file).toBe("demo/suite.yaml");
    const evalCase = suite?.cases[0];
    expect(evalCase?.repo.fixture).toBe("fixtures/shop");
    expect(evalCase?.repo.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(evalCase?.facts.map((fact) => [fact.path, fact.actual, fact.ok])).toEqual([
      ["size.production.files", 1, true],
      ["size.production.code", 6, false],
    ]);
    expect(result.summary.deterministic).toMatchObject({
      status: "scored",
      cases: 1,
      expected: 1,
      matched: 1,
      findings: 2,
      falsePositives: 1,
      negativeHits: 1,
      precision: 0.5,
      recall: 1,
      f1: 0.6667,
      stability: null,
      verification: null,
    });
  });

  it("runs the reviewer per run with the replay folder, and scores usage, verification and stability", async () => {
    const root = await suiteRoot();
    const calls: Array<{ target: string; options: ReviewerOptions }> = [];
    const reviews = [
      [finding("r1", "app.py:2"), finding("r2", "app.py:4", { severity: "critical", source: "llm" })],
      [finding("r1", "app.py:2"), finding("r3", "app.py:9", { area: "reliability", source: "llm" })],
    ];
    const result = await runEval(
      {
        target: path.join(root, "demo"),
        runs: 2,
        fullReview: { mode: "replay", replayDir: "/rec" },
        workingDir: root,
      },
      deps({
        reviewer: async (target, options) => {
          calls.push({ target, options });
          return report(reviews[options.run - 1] ?? [], {
            mode: "review",
            usage: { calls: 3, inputTokens: 1000, outputTokens: 200, cachedTokens: 0, costUsd: 0.0125 },
            verification: { verified: 2, reanchored: 1, dropped: 1 },
          });
        },
      }),
    );
    expect(calls.map((call) => call.options)).toEqual([
      { mode: "replay", replayDir: "/rec", recordingKey: "demo/one", run: 1 },
      { mode: "replay", replayDir: "/rec", recordingKey: "demo/one", run: 2 },
    ]);
    expect(path.basename(calls[0]?.target ?? "")).toBe("shop");
    const full = result.summary.full;
    expect(full).toMatchObject({
      status: "scored",
      expected: 4,
      matched: 3,
      missed: 1,
      findings: 4,
      falsePositives: 1,
      unexpected: 1,
      stability: 0.3333,
      verification: { verified: 4, reanchored: 2, dropped: 2, verifiedRate: 0.75 },
      usage: { calls: 6, inputTokens: 2000, outputTokens: 400, cachedTokens: 0, costUsd: 0.025 },
    });
    const caseFull = result.suites[0]?.cases[0]?.full;
    expect(caseFull?.status === "scored" ? caseFull.missed : []).toEqual([]);
  });

  it("marks a case whose review fails as failed and carries on", async () => {
    const root = await suiteRoot();
    const result = await runEval(
      { target: root, fullReview: { mode: "live" }, workingDir: root },
      deps({
        reviewer: async () => {
          throw new Error("model returned invalid JSON twice");
        },
      }),
    );
    expect(result.suites[0]?.cases[0]?.full).toEqual({
      status: "failed",
      reason: "model returned invalid JSON twice",
    });
    expect(result.summary.full).toMatchObject({ status: "scored", cases: 0, failedCases: 1 });
  });

  it("stops on an input error such as a missing key", async () => {
    const root = await suiteRoot();
    const run = runEval(
      { target: root, fullReview: { mode: "record", recordDir: "/rec" }, workingDir: root },
      deps({
        reviewer: async () => {
          throw new CodeauditError("LLM_AUTH", "ANTHROPIC_API_KEY is not set");
        },
      }),
    );
    await expect(run).rejects.toThrow("ANTHROPIC_API_KEY is not set");
  });

  it("refuses two suites with the same name, since results and baselines key on it", async () => {
    const root = await suiteRoot();
    await mkdir(path.join(root, "other", "fixtures", "shop"), { recursive: true });
    await writeFile(path.join(root, "other", "suite.yaml"), SUITE);
    await expect(
      runEval(
        { target: root, fullReview: { mode: "off", reason: "no model configured" }, workingDir: root },
        deps(),
      ),
    ).rejects.toThrow('other/suite.yaml: name: "demo" is already the name of demo/suite.yaml');
  });

  it("clones a git case once into the cache at its pinned commit", async () => {
    const upstream = await makeRepo({ "app.py": "import os\nKEY = 'k'\n\nq = f'{x}'\n" });
    const commit = (await simpleGit(upstream).revparse(["HEAD"])).trim();
    const root = await tempDir("codeaudit-git-suite-");
    await mkdir(path.join(root, "remote"));
    await writeFile(
      path.join(root, "remote", "suite.yaml"),
      [
        "name: remote",
        "description: A git case.",
        "cases:",
        "  - id: upstream",
        `    repo: { git: "file://${upstream}", commit: ${commit} }`,
        "    expected:",
        "      - { id: secret, area: security, severity: high, file: app.py, lines: [2, 2] }",
        "",
      ].join("\n"),
    );
    const cacheDir = await tempDir("codeaudit-cache-");
    const scanned: string[] = [];
    const request = {
      target: root,
      fullReview: { mode: "off" as const, reason: "no model configured" },
      workingDir: root,
      cacheDir,
    };
    const scan = async (dir: string) => {
      scanned.push(dir);
      return report([finding("s1", "app.py:2")]);
    };
    const result = await runEval(request, deps({ scan }));
    await runEval(request, deps({ scan }));
    expect(result.suites[0]?.cases[0]?.repo).toEqual({ git: `file://${upstream}`, commit });
    expect(result.summary.deterministic).toMatchObject({ status: "scored", matched: 1, expected: 1 });
    expect(scanned[0]?.startsWith(cacheDir)).toBe(true);
    expect(scanned[1]).toBe(scanned[0]);
  });
});
