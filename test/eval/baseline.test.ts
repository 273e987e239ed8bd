import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { EvalResult } from "../../schemas/index.js";
import { compareWithBaseline, DEFAULT_BASELINE_TOLERANCE } from "../../src/eval/compare-baseline.js";
import { defaultEvalDeps, runEval } from "../../src/eval/run-eval.js";

// The committed baseline of the deterministic layer on every suite in evals/. A scanner change that
// loses precision, recall or F1 beyond the tolerance, gets a fact wrong or lets an injection case
// fail makes this test fail. When scanners improve (or change on purpose), regenerate the baseline:
//   npx tsx src/cli/index.ts eval evals --output evals/baselines/deterministic.json
const BASELINE = "evals/baselines/deterministic.json";

describe("deterministic layer against the committed baseline", () => {
  it("has not regressed", { timeout: 120_000 }, async () => {
    const baseline = EvalResult.parse(JSON.parse(await readFile(BASELINE, "utf8")));
    const current = await runEval(
      { target: "evals", fullReview: { mode: "off", reason: "no model configured" } },
      defaultEvalDeps,
    );
    const comparison = compareWithBaseline(current, baseline, DEFAULT_BASELINE_TOLERANCE);
    // Printed on failure, so the diff says which expectation or false positive moved.
    expect({ regressions: comparison.regressions, changes: comparison.changes }).toEqual({
      regressions: [],
      changes: expect.any(Array),
    });
    expect(current.suites.map((suite) => suite.name)).toEqual(baseline.suites.map((suite) => suite.name));
  });
});
