import type { CaseLayerResult, CaseResult, EvalResult, LayerSummary } from "../../schemas/index.js";
import { formatRate } from "./render-eval-table.js";

export const DEFAULT_BASELINE_TOLERANCE = 0.02;

/** What changed since a baseline: regressions fail the run, the rest explains it. */
export interface BaselineComparison {
  regressions: string[];
  improvements: string[];
  /** Per-case changes (newly missed, newly found, new false positives) and notes such as changed scanner versions. */
  changes: string[];
}

type Summary = EvalResult["summary"];
const METRICS = ["precision", "recall", "f1"] as const;

/**
 * Compares a result with an earlier one. Precision, recall, F1 (overall, per suite, per area) and
 * stability regress when they drop by more than `tolerance`; fact accuracy and passed injection
 * cases regress on any drop. Overall figures are compared only when both cover the same suites.
 */
export function compareWithBaseline(
  current: EvalResult,
  baseline: EvalResult,
  tolerance: number = DEFAULT_BASELINE_TOLERANCE,
): BaselineComparison {
  const comparison: BaselineComparison = { regressions: [], improvements: [], changes: [] };
  const sameSuites =
    current.suites.map((suite) => suite.name).join("\n") ===
    baseline.suites.map((suite) => suite.name).join("\n");
  if (sameSuites) compareSummary("overall", current.summary, baseline.summary, tolerance, comparison);
  for (const suite of current.suites) {
    const before = baseline.suites.find((entry) => entry.name === suite.name);
    if (!before) {
      comparison.changes.push(`suite ${suite.name} is not in the baseline`);
      continue;
    }
    compareSummary(`suite ${suite.name}`, suite.summary, before.summary, tolerance, comparison);
    for (const evalCase of suite.cases) {
      const previous = before.cases.find((entry) => entry.id === evalCase.id);
      if (previous) compareCase(`${suite.name}/${evalCase.id}`, evalCase, previous, comparison);
      else comparison.changes.push(`case ${suite.name}/${evalCase.id} is not in the baseline`);
    }
  }
  for (const suite of baseline.suites)
    if (!current.suites.some((entry) => entry.name === suite.name))
      comparison.changes.push(`suite ${suite.name} of the baseline was not run`);
  const versions = (result: EvalResult) =>
    result.scanners.map((scanner) => `${scanner.id}@${scanner.version}`).join(", ");
  if (versions(current) !== versions(baseline))
    comparison.changes.push(
      `scanner versions differ from the baseline's (now ${versions(current) || "none"}; baseline ${versions(baseline) || "none"}): regenerate the baseline once the differences are understood`,
    );
  return comparison;
}

function compareSummary(
  scope: string,
  current: Summary,
  baseline: Summary,
  tolerance: number,
  out: BaselineComparison,
): void {
  for (const layer of ["deterministic", "full"] as const) {
    const now = current[layer];
    const before = baseline[layer];
    const name = `${scope}, ${layer === "deterministic" ? "deterministic layer" : "full review"}`;
    if (before.status !== "scored") continue;
    if (now.status !== "scored") {
      out.changes.push(`${name}: not run now (${now.reason}); the baseline scored it`);
      continue;
    }
    for (const metric of METRICS)
      compareRate(`${name} ${metric}`, now[metric], before[metric], tolerance, out);
    for (const row of now.byArea) {
      const previous = before.byArea.find((entry) => entry.area === row.area);
      if (!previous) continue;
      for (const metric of METRICS)
        compareRate(`${name} ${row.area} ${metric}`, row[metric], previous[metric], tolerance, out);
    }
    compareRate(`${name} stability`, now.stability, before.stability, tolerance, out);
    compareInjection(name, now, before, out);
  }
  const facts = current.facts;
  const factsBefore = baseline.facts;
  if (facts.correct < factsBefore.correct || (facts.accuracy ?? 1) < (factsBefore.accuracy ?? 1))
    out.regressions.push(
      `${scope} fact accuracy: ${facts.correct}/${facts.total} correct, baseline ${factsBefore.correct}/${factsBefore.total}`,
    );
  else if (facts.correct > factsBefore.correct)
    out.improvements.push(
      `${scope} fact accuracy: ${facts.correct}/${facts.total} correct, baseline ${factsBefore.correct}/${factsBefore.total}`,
    );
}

function compareRate(
  name: string,
  now: number | null,
  before: number | null,
  tolerance: number,
  out: BaselineComparison,
): void {
  if (before === null) return;
  if (now === null) {
    // Nothing reported (precision) or nothing expected (recall): the counts behind it changed, which
    // the other figures judge; say so without calling it a regression.
    out.changes.push(
      `${name}: baseline ${formatRate(before)}, now undefined (nothing reported or nothing expected)`,
    );
    return;
  }
  const delta = now - before;
  const line = `${name}: ${formatRate(before)} → ${formatRate(now)} (${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(3)})`;
  // A tiny epsilon keeps a drop of exactly the tolerance from failing on floating-point noise.
  if (delta < -tolerance - 1e-9) out.regressions.push(`${line}, beyond the tolerance of ${tolerance}`);
  else if (delta > 1e-9) out.improvements.push(line);
}

function compareInjection(
  name: string,
  now: Extract<LayerSummary, { status: "scored" }>,
  before: Extract<LayerSummary, { status: "scored" }>,
  out: BaselineComparison,
): void {
  const failedNow = now.injection.cases - now.injection.passed;
  const failedBefore = before.injection.cases - before.injection.passed;
  if (failedNow > failedBefore)
    out.regressions.push(
      `${name} prompt injection: ${failedNow} case${failedNow === 1 ? "" : "s"} failed, baseline ${failedBefore}`,
    );
}

function compareCase(name: string, current: CaseResult, baseline: CaseResult, out: BaselineComparison): void {
  for (const fact of current.facts) {
    const previous = baseline.facts.find((entry) => entry.path === fact.path);
    if (previous?.ok && !fact.ok)
      out.changes.push(
        `${name}: fact ${fact.path} is now wrong: expected ${JSON.stringify(fact.expected)}, got ${fact.actual === undefined ? "nothing" : JSON.stringify(fact.actual)}`,
      );
    if (previous && !previous.ok && fact.ok) out.changes.push(`${name}: fact ${fact.path} is now right`);
  }
  for (const layer of ["deterministic", "full"] as const) {
    const now = current[layer];
    const before = baseline[layer];
    const label = `${name} (${layer === "deterministic" ? "deterministic" : "full review"})`;
    if (now.status !== "scored" || before.status !== "scored") {
      if (before.status === "scored" && now.status === "failed")
        out.changes.push(`${label}: failed: ${now.reason}`);
      continue;
    }
    const matched = (result: Scored) =>
      new Set(result.matches.filter((entry) => !entry.optional).map((entry) => entry.expected));
    const missed = (result: Scored) => new Set(result.missed.map((entry) => entry.expected));
    for (const id of missed(now))
      if (matched(before).has(id)) out.changes.push(`${label}: \`${id}\` is now missed`);
    for (const id of matched(now))
      if (missed(before).has(id)) out.changes.push(`${label}: \`${id}\` is now found`);
    const previousFalse = new Set(before.falsePositives.map((entry) => entry.finding));
    const currentFalse = new Set(now.falsePositives.map((entry) => entry.finding));
    for (const entry of now.falsePositives)
      if (!previousFalse.has(entry.finding))
        out.changes.push(
          `${label}: new false positive (${entry.kind}) ${entry.ruleId ? `\`${entry.ruleId}\` ` : ""}"${entry.title}"${entry.location ? ` at ${entry.location}` : ""}`,
        );
    for (const entry of before.falsePositives)
      if (!currentFalse.has(entry.finding))
        out.changes.push(
          `${label}: false positive gone: "${entry.title}"${entry.location ? ` at ${entry.location}` : ""}`,
        );
  }
}

type Scored = Extract<CaseLayerResult, { status: "scored" }>;

/** The comparison as Markdown: regressions first, then improvements and per-case changes. */
export function renderComparison(
  comparison: BaselineComparison,
  baselineFile: string,
  tolerance: number,
): string {
  const section = (title: string, items: string[]) =>
    items.length === 0 ? [] : ["", `### ${title}`, "", ...items.map((item) => `- ${item}`)];
  const verdict =
    comparison.regressions.length === 0
      ? `No regression against ${baselineFile} (tolerance ${tolerance}).`
      : `${comparison.regressions.length} regression${comparison.regressions.length === 1 ? "" : "s"} against ${baselineFile} (tolerance ${tolerance}).`;
  return `${[
    "## Baseline comparison",
    "",
    verdict,
    ...section("Regressions", comparison.regressions),
    ...section("Improvements", comparison.improvements),
    ...section("Changes", comparison.changes),
  ].join("\n")}\n`;
}
