import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";
import { SAMPLE_REPO } from "../helpers/report-fixture.js";

function expectOneLine(text: string): void {
  expect(text.trim().split("\n")).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

describe("codeaudit scan", () => {
  it("writes Markdown to stdout, and JSON and SARIF to files", async () => {
    const repo = await makeRepo(SAMPLE_REPO);
    const md = await cli(["scan", repo]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("Production Readiness Review");

    const out = await tempDir();
    const json = await cli([
      "scan",
      repo,
      "--format",
      "json",
      "--output",
      path.join(out, "nested", "report.json"),
    ]);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe("");
    expect(json.stderr).toContain("wrote");
    const report = JSON.parse(await readFile(path.join(out, "nested", "report.json"), "utf8"));
    expect(report.mode).toBe("scan");
    expect(
      report.findings.some((finding: { ruleId?: string }) => finding.ruleId === "hygiene/committed-env-file"),
    ).toBe(true);

    const sarif = await cli(["scan", repo, "-f", "sarif"]);
    expect(JSON.parse(sarif.stdout).version).toBe("2.1.0");
  });

  it("exits 1 when a finding reaches --fail-on, 0 otherwise", async () => {
    const repo = await makeRepo(SAMPLE_REPO);
    expect((await cli(["scan", repo, "--fail-on", "high"])).code).toBe(1);
    expect((await cli(["scan", repo, "--fail-on", "critical"])).code).toBe(0);
  });

  it("answers bad input with one line on stderr and exit code 2", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "file.txt"), "x");
    const cases: Array<[string[], RegExp]> = [
      [["scan", path.join(dir, "missing")], /no such file or folder/],
      [["scan", path.join(dir, "file.txt")], /not a folder/],
      [["scan", dir, "--format", "pdf"], /argument 'pdf' is invalid/],
      [["scan", dir, "--bogus"], /unknown option '--bogus'/],
      [["scan"], /missing required argument 'target'/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["scan", `file://${dir}/no-such-repo`], /could not clone/],
      [["scan", dir, "--max-file-size", "lots"], /--max-file-size/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expectOneLine(result.stderr);
    }
  });

  it("reports an empty folder as bad input", async () => {
    const result = await cli(["scan", await tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing to audit/);
  });
});

describe("codeaudit review without a model", () => {
  it("writes the deterministic report and says which areas were skipped and how to enable them", async () => {
    const repo = await makeRepo(SAMPLE_REPO);
    const result = await cli(["review", repo, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ANTHROPIC_API_KEY or OPENAI_API_KEY/);
    const report = JSON.parse(result.stdout);
    expect(report.mode).toBe("review");
    expect(
      report.areas.every(
        (area: { status: string; reason?: string }) =>
          area.status === "skipped" && /ANTHROPIC_API_KEY/.test(area.reason ?? ""),
      ),
    ).toBe(true);
    // No model reviewed anything, so the report must not present the scanners' findings as a review.
    expect(report.summary.executiveSummary).toContain("The deterministic checks found");
    const markdown = await cli(["review", repo]);
    expect(markdown.stdout).toContain("(deterministic checks only)");
    expect(markdown.stdout).toContain("(deterministic review, no model configured)");
  });
});

describe("the built binary", () => {
  const bin = path.resolve("bin/codeaudit.js");

  it("prints help and version, and never a stack trace on bad input", () => {
    expect(
      existsSync(path.resolve("dist/src/cli/index.js")),
      "run `npm run build` first (npm test does)",
    ).toBe(true);
    const help = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: codeaudit/);
    expect(help.stdout).toMatch(/scan/);
    const version = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = spawnSync(process.execPath, [bin, "scan", "/definitely/not/here"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("codeaudit: no such file or folder: /definitely/not/here\n");
  });
});
