import { describe, expect, it } from "vitest";
import type { Finding } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { buildReport } from "../../src/merge/build-report.js";
import { runScanners } from "../../src/prescan/run-scanners.js";
import { loadRedactor, Redactor, redactorForPrescan, type SecretLocation } from "../../src/redact/index.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const TOKEN = ["ghp_", "R7mK2pX9qL4vN8wT3zB6cH1jF5dS0aYgUeQi"].join("");
const CONFIG = ["name: api", `github_token: ${TOKEN}`, `backup_token: ${TOKEN}`, "port: 8080", ""].join("\n");

/** The location the secrets scanner records for the token on line 2 of CONFIG. */
const LOCATION: SecretLocation = {
  file: "config.yaml",
  kind: "github-token",
  preview: "ghp_****",
  span: { start: 24, end: 64, line: 2, column: 15, endLine: 2, endColumn: 55 },
};

describe("Redactor", () => {
  it("redacts a file by the recorded positions and leaves other files alone", () => {
    const redactor = Redactor.fromLocations([LOCATION]);
    expect(CONFIG.slice(LOCATION.span.start, LOCATION.span.end)).toBe(TOKEN);
    // Positions only: the copy on line 3 was not located, so only a value-aware redactor hides it.
    expect(redactor.redactFile("config.yaml", CONFIG)).toBe(
      ["name: api", "github_token: [REDACTED:github-token]", `backup_token: ${TOKEN}`, "port: 8080", ""].join(
        "\n",
      ),
    );
    expect(redactor.redactFile("other.yaml", CONFIG)).toBe(CONFIG);
    expect(redactor.knowsValues).toBe(false);
  });

  it("redacts an excerpt of verbatim lines by position, and refuses when the text does not match", () => {
    const redactor = Redactor.fromLocations([LOCATION]);
    expect(redactor.redactLines("config.yaml", 2, `github_token: ${TOKEN}\nbackup_token: x`)).toBe(
      "github_token: [REDACTED:github-token]\nbackup_token: x",
    );
    expect(redactor.redactLines("config.yaml", 1, `name: api\ngithub_token: ${TOKEN}`)).toBe(
      "name: api\ngithub_token: [REDACTED:github-token]",
    );
    // Not the file's text at that position (the preview does not match): left as it is, never garbled.
    expect(redactor.redactLines("config.yaml", 2, "github_token: <redacted by the scanner>")).toBe(
      "github_token: <redacted by the scanner>",
    );
  });

  it("reads the values back from the snapshot to redact any text, without ever serialising them", async () => {
    const root = await makeRepo({ "config.yaml": CONFIG });
    const redactor = await Redactor.fromSnapshot(await ingest(root), [LOCATION]);
    expect(redactor.knowsValues).toBe(true);
    expect(redactor.redactFile("config.yaml", CONFIG)).toBe(
      [
        "name: api",
        "github_token: [REDACTED:github-token]",
        "backup_token: [REDACTED:github-token]",
        "port: 8080",
        "",
      ].join("\n"),
    );
    expect(redactor.redactText(`grep result: config.yaml:3: backup_token: ${TOKEN}`)).toBe(
      "grep result: config.yaml:3: backup_token: [REDACTED:github-token]",
    );
    expect(JSON.stringify({ redactor })).toBe('{"redactor":{"secrets":1}}');
    expect(redactor.files()).toEqual(["config.yaml"]);
  });

  it("skips a location whose text changed since the scan", async () => {
    const root = await makeRepo({ "config.yaml": CONFIG.replace(TOKEN, "x".repeat(40)) });
    const redactor = await Redactor.fromSnapshot(await ingest(root), [LOCATION]);
    expect(redactor.knowsValues).toBe(false);
    expect(redactor.size).toBe(1);
  });

  it("redacts finding evidence with or without a location", async () => {
    const root = await makeRepo({ "config.yaml": CONFIG });
    const redactor = await Redactor.fromSnapshot(await ingest(root), [LOCATION]);
    const finding = {
      title: "t",
      location: { file: "config.yaml", startLine: 3, endLine: 3 },
      evidence: `backup_token: ${TOKEN}`,
    };
    expect(redactor.redactFinding(finding)).toEqual({
      ...finding,
      evidence: "backup_token: [REDACTED:github-token]",
    });
    expect(redactor.redactFinding({ evidence: `said ${TOKEN}` })).toEqual({
      evidence: "said [REDACTED:github-token]",
    });
    const bare: { title: string; evidence?: string } = { title: "no evidence" };
    expect(redactor.redactFinding(bare)).toBe(bare);
  });
});

describe("report redaction", () => {
  it("builds the redactor from the secrets scanner and applies it to review findings too", async () => {
    const root = await makeRepo({ "config.yaml": CONFIG });
    const snapshot = await ingest(root);
    const prescan = await runScanners(snapshot, { only: ["secrets"] });
    expect(redactorForPrescan(prescan.results).size).toBe(2);
    expect(redactorForPrescan([]).size).toBe(0);
    const review: Finding = {
      id: "CA-review0001",
      area: "security",
      areas: ["security"],
      severity: "high",
      title: "Token in config",
      description: "A token is committed.",
      recommendation: "Rotate it.",
      location: { file: "config.yaml", startLine: 3, endLine: 3 },
      evidence: `backup_token: ${TOKEN}`,
      source: "llm",
      confidence: 0.9,
    };
    const report = buildReport({ snapshot, prescan, mode: "review", reviewFindings: [review] });
    expect(report.findings.find((finding) => finding.id === "CA-review0001")?.evidence).toBe(
      "backup_token: [REDACTED:github-token]",
    );
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    const valueAware = await loadRedactor(snapshot, prescan.results);
    expect(valueAware.redactText(`x ${TOKEN}`)).toBe("x [REDACTED:github-token]");
  });
});
