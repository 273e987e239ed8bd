import { describe, expect, it } from "vitest";
import {
  type AreaEvalScore,
  type CaseLayerResult,
  EvalResult,
  type FactCheck,
  type LayerSummary,
} from "../../schemas/index.js";
import { compareWithBaseline, renderComparison } from "../../src/eval/compare-baseline.js";
import { areaRows, severityAgreement, zeroCounts, zeroUsage } from "../../src/eval/metrics.js";

interface Shape {
  precision: number;
  recall: number;
  f1: number;
  securityRecall?: number;
  factsOk?: boolean;
  injectionPassed?: boolean;
  missed?: string[];
  falsePositives?: string[];
  scannerVersion?: string;
}

function layer(shape: Shape): Extract<LayerSummary, { status: "scored" }> {
  const byArea: AreaEvalScore[] = areaRows(new Map()).map((row) =>
    row.area === "security" ? { ...row, precision: 1, recall: shape.securityRecall ?? 0.5, f1: 0.6667 } : row,
  );
  return {
    status: "scored",
    cases: 1,
    failedCases: 0,
    ...zeroCounts(),
    precision: shape.precision,
    recall: shape.recall,
    f1: shape.f1,
    byArea,
    severity: severityAgreement([]),
    stability: null,
    injection: { cases: 1, passed: shape.injectionPassed === false ? 0 : 1, suppressed: 0, invented: 0 },
    verification: null,
    usage: zeroUsage(),
  };
}

function caseLayer(shape: Shape): CaseLayerResult {
  return {
    status: "scored",
    runs: 1,
    counts: zeroCounts(),
    precision: shape.precision,
    recall: shape.recall,
    f1: shape.f1,
    byArea: areaRows(new Map()),
    severity: severityAgreement([]),
    stability: null,
    matches: ["secret", "sqli"]
      .filter((id) => !(shape.missed ?? []).includes(id))
      .map((id) => ({
        expected: id,
        finding: `f-${id}`,
        area: "security",
        expectedSeverity: "high",
        severity: "high",
        optional: false,
      })),
    missed: (shape.missed ?? []).map((id) => ({ expected: id, area: "security", severity: "high" })),
    falsePositives: (shape.falsePositives ?? []).map((id) => ({
      finding: id,
      kind: "unexpected",
      area: "reliability",
      severity: "low",
      title: `noise ${id}`,
      location: "app.py:9",
    })),
    verification: null,
    usage: zeroUsage(),
  };
}

function result(shape: Shape): EvalResult {
  const facts: FactCheck[] = [
    {
      path: "size.production.code",
      expected: 120,
      actual: shape.factsOk === false ? 118 : 120,
      ok: shape.factsOk !== false,
    },
  ];
  const summary = {
    deterministic: layer(shape),
    full: { status: "not-run" as const, reason: "no model configured" },
    facts: {
      total: 1,
      correct: facts.filter((fact) => fact.ok).length,
      accuracy: shape.factsOk === false ? 0 : 1,
    },
  };
  return EvalResult.parse({
    schemaVersion: "1.0",
    tool: { name: "codeaudit", version: "0.1.0" },
    generatedAt: "2024-05-01T00:00:00.000Z",
    options: { runs: 1, fullReview: "off" },
    scanners: [{ id: "secrets", version: shape.scannerVersion ?? "1.0.0" }],
    summary,
    suites: [
      {
        name: "demo",
        description: "",
        file: "evals/demo/suite.yaml",
        summary,
        cases: [
          {
            id: "one",
            repo: { fixture: "fixtures/one" },
            facts,
            deterministic: caseLayer(shape),
            full: { status: "not-run", reason: "no model configured" },
          },
        ],
      },
    ],
  });
}

const BASE: Shape = { precision: 0.9, recall: 0.6, f1: 0.72 };

describe("compareWithBaseline", () => {
  it("finds no regression in an identical result", () => {
    expect(compareWithBaseline(result(BASE), result(BASE), 0.02)).toEqual({
      regressions: [],
      improvements: [],
      changes: [],
    });
  });

  it("tolerates a drop up to the tolerance and flags one beyond it", () => {
    expect(compareWithBaseline(result({ ...BASE, recall: 0.58 }), result(BASE), 0.02).regressions).toEqual(
      [],
    );
    expect(compareWithBaseline(result({ ...BASE, recall: 0.57 }), result(BASE), 0.02).regressions).toEqual([
      "overall, deterministic layer recall: 0.600 → 0.570 (−0.030), beyond the tolerance of 0.02",
      "suite demo, deterministic layer recall: 0.600 → 0.570 (−0.030), beyond the tolerance of 0.02",
    ]);
  });

  it("flags a per-area drop, reports improvements, and explains them per case", () => {
    const comparison = compareWithBaseline(
      result({ ...BASE, precision: 0.95, securityRecall: 0.25, missed: ["sqli"], falsePositives: ["fp-1"] }),
      result(BASE),
      0.02,
    );
    expect(comparison.regressions).toEqual([
      "overall, deterministic layer security recall: 0.500 → 0.250 (−0.250), beyond the tolerance of 0.02",
      "suite demo, deterministic layer security recall: 0.500 → 0.250 (−0.250), beyond the tolerance of 0.02",
    ]);
    expect(comparison.improvements).toEqual([
      "overall, deterministic layer precision: 0.900 → 0.950 (+0.050)",
      "suite demo, deterministic layer precision: 0.900 → 0.950 (+0.050)",
    ]);
    expect(comparison.changes).toEqual([
      "demo/one (deterministic): `sqli` is now missed",
      'demo/one (deterministic): new false positive (unexpected) "noise fp-1" at app.py:9',
    ]);
  });

  it("treats any drop in fact accuracy or passed injection cases as a regression", () => {
    const comparison = compareWithBaseline(
      result({ ...BASE, factsOk: false, injectionPassed: false }),
      result(BASE),
      0.5,
    );
    expect(comparison.regressions).toEqual([
      "overall, deterministic layer prompt injection: 1 case failed, baseline 0",
      "overall fact accuracy: 0/1 correct, baseline 1/1",
      "suite demo, deterministic layer prompt injection: 1 case failed, baseline 0",
      "suite demo fact accuracy: 0/1 correct, baseline 1/1",
    ]);
    expect(comparison.changes).toEqual([
      "demo/one: fact size.production.code is now wrong: expected 120, got 118",
    ]);
  });

  it("notes changed scanner versions and renders a readable diff", () => {
    const comparison = compareWithBaseline(
      result({ ...BASE, recall: 0.5, scannerVersion: "1.1.0" }),
      result(BASE),
      0.02,
    );
    expect(comparison.changes).toEqual([
      "scanner versions differ from the baseline's (now secrets@1.1.0; baseline secrets@1.0.0): regenerate the baseline once the differences are understood",
    ]);
    expect(renderComparison(comparison, "evals/baselines/deterministic.json", 0.02)).toBe(
      [
        "## Baseline comparison",
        "",
        "2 regressions against evals/baselines/deterministic.json (tolerance 0.02).",
        "",
        "### Regressions",
        "",
        "- overall, deterministic layer recall: 0.600 → 0.500 (−0.100), beyond the tolerance of 0.02",
        "- suite demo, deterministic layer recall: 0.600 → 0.500 (−0.100), beyond the tolerance of 0.02",
        "",
        "### Changes",
        "",
        "- scanner versions differ from the baseline's (now secrets@1.1.0; baseline secrets@1.0.0): regenerate the baseline once the differences are understood",
        "",
      ].join("\n"),
    );
  });
});
