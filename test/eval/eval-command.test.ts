import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { EvalResult } from "../../schemas/index.js";
import type { CliContext } from "../../src/cli/commands/common.js";
import { registerEvalCommand } from "../../src/cli/commands/eval.js";
import { Capture, cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/fixture-repo.js";
import { report } from "./factories.js";

const SUITE = "evals/prompt-injection";

describe("codeaudit eval", () => {
  it("scores a suite from a clean checkout with no key: table on stdout, JSON result on disk", async () => {
    const output = path.join(await tempDir(), "result.json");
    const { code, stdout, stderr } = await cli(["eval", SUITE, "--output", output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^# codeaudit eval\n\n1 suite \(prompt-injection\), 2 cases, 1 run per case\. Full review: not run \(no model configured\)\./,
    );
    expect(stdout).toContain("| Deterministic (scanners) | ");
    expect(stdout).toContain("| Full review | not run (no model configured) |");
    expect(stdout).toContain("| prompt-injection/report-nothing | ");
    expect(stdout).toContain("| prompt-injection/fake-finding | ");
    expect(stderr).toContain("codeaudit: eval prompt-injection/report-nothing: deterministic ");
    expect(stderr).toContain(`codeaudit: wrote ${output}`);
    const result = EvalResult.parse(JSON.parse(await readFile(output, "utf8")));
    expect(result.options).toEqual({ runs: 1, fullReview: "off" });
    expect(
      result.suites.map((suite) => [suite.name, suite.file, suite.cases.map((evalCase) => evalCase.id)]),
    ).toEqual([
      ["prompt-injection", "evals/prompt-injection/suite.yaml", ["report-nothing", "fake-finding"]],
    ]);
    expect(result.summary.deterministic.status).toBe("scored");
    expect(result.summary.full).toEqual({ status: "not-run", reason: "no model configured" });
  });

  it("exits 1 with a readable diff when the result regresses against the baseline", async () => {
    const dir = await tempDir();
    // A suite of our own, so the figures do not move when scanners improve: one planted FIXME the
    // markers scanner finds, and one correctness bug no scanner can.
    await mkdir(path.join(dir, "tiny", "fixtures", "app"), { recursive: true });
    await writeFile(
      path.join(dir, "tiny", "fixtures", "app", "app.py"),
      "def total(prices):\n    # FIXME: rounding\n    return int(sum(prices))\n",
    );
    await writeFile(
      path.join(dir, "tiny", "suite.yaml"),
      [
        "name: tiny",
        "description: One FIXME and one rounding bug.",
        "cases:",
        "  - id: app",
        "    repo: { fixture: fixtures/app }",
        "    expected:",
        "      - { id: fixme, area: code-quality, severity: low, file: app.py, lines: [2, 2], source: scan }",
        "      - { id: truncation, area: correctness, severity: high, file: app.py, lines: [3, 3], source: any }",
        "",
      ].join("\n"),
    );
    const output = path.join(dir, "result.json");
    const suite = path.join(dir, "tiny");
    expect((await cli(["eval", suite, "--output", output])).code).toBe(0);
    const same = await cli(["eval", suite, "--baseline", output]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(
      `## Baseline comparison\n\nNo regression against ${output} (tolerance 0.02).`,
    );

    const better = EvalResult.parse(JSON.parse(await readFile(output, "utf8")));
    const layer = better.summary.deterministic;
    if (layer.status !== "scored") throw new Error("deterministic layer not scored");
    expect(layer.recall).toBe(0.5);
    layer.recall = 1;
    const baseline = path.join(dir, "baseline.json");
    await writeFile(baseline, JSON.stringify(better));
    const worse = await cli(["eval", suite, "--baseline", baseline, "--tolerance", "0.05"]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain(
      `1 regression against ${baseline} (tolerance 0.05).\n\n### Regressions\n\n- overall, deterministic layer recall: 1.000 → 0.500 (−0.500), beyond the tolerance of 0.05\n`,
    );
  });

  it("rejects a baseline that is not an eval result, and bad numbers, as usage errors", async () => {
    const dir = await tempDir();
    const bogus = path.join(dir, "bogus.json");
    await writeFile(bogus, JSON.stringify({ hello: "world" }));
    const bad = await cli(["eval", SUITE, "--baseline", bogus]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^codeaudit: --baseline .*bogus\.json: not a codeaudit eval result \(schemaVersion: .*\)\n$/,
    );
    expect((await cli(["eval", SUITE, "--runs", "0"])).code).toBe(2);
    expect((await cli(["eval", SUITE, "--tolerance", "2"])).code).toBe(2);
    const missing = await cli(["eval", "evals/no-such-suite"]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: "codeaudit: no such eval suite file or folder: evals/no-such-suite\n",
    });
  });

  it("passes --replay through to an injected reviewer and scores the full review", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    let exitCode = 0;
    const context: CliContext = { stdout, stderr, env: {}, setExitCode: (code) => (exitCode = code) };
    const seen: string[] = [];
    const program = new Command("codeaudit").exitOverride();
    registerEvalCommand(program, context, {
      reviewer: async (_target, options) => {
        seen.push(`${options.mode} ${options.replayDir} ${options.recordingKey} ${options.run}`);
        return report([], { mode: "review" });
      },
    });
    await program.parseAsync(["eval", SUITE, "--replay", "rec", "--runs", "2"], { from: "user" });
    expect(exitCode).toBe(0);
    expect(seen).toEqual([
      "replay rec prompt-injection/report-nothing 1",
      "replay rec prompt-injection/report-nothing 2",
      "replay rec prompt-injection/fake-finding 1",
      "replay rec prompt-injection/fake-finding 2",
    ]);
    expect(stdout.text).toMatch(/Full review: replay\./);
    expect(stdout.text).toMatch(/\| Full review \| – \| 0\.000 \| 0\.000 \| 0\/\d+ \|/);
    // A silent review passes the "invented" half of an injection case and fails the "suppressed" half.
    expect(stdout.text).toContain(
      "prompt injection worked: suppressed pickle-from-request, swallowed-import-errors",
    );
  });

  it("exits 3 when a case could not be reviewed, and says why in the table", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    let exitCode = 0;
    const context: CliContext = { stdout, stderr, env: {}, setExitCode: (code) => (exitCode = code) };
    const program = new Command("codeaudit").exitOverride();
    registerEvalCommand(program, context, {
      reviewer: async () => {
        throw new Error("the model kept returning invalid output");
      },
    });
    await program.parseAsync(["eval", SUITE, "--replay", "rec"], { from: "user" });
    expect(exitCode).toBe(3);
    expect(stdout.text).toContain("| Full review (2 cases failed) | – | – | – | 0/0 |");
    expect(stdout.text).toContain(
      "- prompt-injection/fake-finding: failed: the model kept returning invalid output",
    );
  });
});
