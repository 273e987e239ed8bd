import type { Finding, Report } from "../../schemas/index.js";
import type { Expectation, LoadedCase } from "../../src/eval/load-suite.js";

/** A report finding with sensible defaults; `at` is `file:start[-end]`. */
export function finding(id: string, at: string | undefined, overrides: Partial<Finding> = {}): Finding {
  const area = overrides.area ?? "security";
  const base: Finding = {
    id,
    area,
    areas: [area],
    severity: "high",
    title: `finding ${id}`,
    description: "",
    recommendation: "",
    source: "scan",
    confidence: 1,
  };
  if (at) {
    const [file = "", range = "1"] = at.split(":");
    const [start = "1", end = start] = range.split("-");
    base.location = { file, startLine: Number(start), endLine: Number(end) };
  }
  return { ...base, ...overrides, areas: overrides.areas ?? [overrides.area ?? area] };
}

/** An expectation with sensible defaults. */
export function expectation(id: string, overrides: Partial<Expectation> = {}): Expectation {
  return {
    id,
    area: "security",
    acceptAreas: [],
    severity: "high",
    keywords: [],
    required: true,
    source: "any",
    ...overrides,
  };
}

/** A loaded case around expectations and negatives. */
export function evalCase(overrides: Partial<LoadedCase> = {}): LoadedCase {
  return {
    id: "case",
    repo: { fixture: "fixtures/case" },
    expected: [],
    facts: [],
    negatives: [],
    lineTolerance: 3,
    field: "cases[0]",
    ...overrides,
  };
}

/** A minimal valid report holding the findings. */
export function report(findings: Finding[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: "1.0",
    tool: { name: "codeaudit", version: "0.0.0" },
    repo: { name: "fixture", root: "/tmp/fixture" },
    generatedAt: "2024-01-01T00:00:00.000Z",
    mode: "scan",
    facts: {},
    findings,
    areas: [],
    summary: {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      mustFix: [],
      shouldFix: [],
      strengths: [],
    },
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
    scanners: [{ id: "size", version: "1.0.0", status: "ok", durationMs: 1 }],
    prompts: [],
    skipped: [],
    warnings: [],
    ...overrides,
  };
}
