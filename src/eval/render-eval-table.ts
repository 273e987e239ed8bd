import {
  AREA_TITLES,
  type CaseLayerResult,
  type EvalResult,
  type FactSummary,
  type LayerSummary,
} from "../../schemas/index.js";

/** The eval result as Markdown tables: layers, areas, cases, then every miss and false positive. */
export function renderEvalTable(result: EvalResult): string {
  const cases = result.suites.flatMap((suite) =>
    suite.cases.map((evalCase) => ({ suite: suite.name, evalCase })),
  );
  const { deterministic, full, facts } = result.summary;
  const lines: string[] = [
    "# codeaudit eval",
    "",
    `${plural(result.suites.length, "suite")} (${result.suites.map((suite) => suite.name).join(", ")}), ${plural(cases.length, "case")}, ${plural(result.options.runs, "run")} per case${result.options.runs > 1 ? " (counts are summed over runs)" : ""}. Full review: ${full.status === "scored" ? result.options.fullReview : `not run (${full.reason})`}.`,
    "",
    "| Layer | Precision | Recall | F1 | Found | False positives (negative / duplicate / unexpected) | Severity exact / ±1 | Stability | Verified refs | Dropped refs | Tokens in / out | Cost | Wall time |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    layerRow("Deterministic (scanners)", deterministic),
    layerRow("Full review", full),
    "",
    `Fact accuracy: ${factLine(facts)}. ${injectionLine(deterministic, full)}`,
    "",
    "## By area",
    "",
    "| Area | Expected (scan / full) | Det. precision | Det. recall | Det. F1 | Full precision | Full recall | Full F1 |",
    "|---|---|---|---|---|---|---|---|",
    ...areaLines(deterministic, full),
    "",
    "## By case",
    "",
    "| Case | Det. found | Det. false positives | Det. F1 | Full found | Full false positives | Full F1 | Facts | Injection |",
    "|---|---|---|---|---|---|---|---|---|",
    ...cases.map(({ suite, evalCase }) => {
      const factsOk = evalCase.facts.filter((fact) => fact.ok).length;
      return `| ${suite}/${evalCase.id} | ${found(evalCase.deterministic)} | ${falsePositives(evalCase.deterministic)} | ${f1Of(evalCase.deterministic)} | ${found(evalCase.full)} | ${falsePositives(evalCase.full)} | ${f1Of(evalCase.full)} | ${evalCase.facts.length === 0 ? "–" : `${factsOk}/${evalCase.facts.length}`} | ${injectionCell(evalCase.deterministic, evalCase.full)} |`;
    }),
  ];
  for (const layer of ["deterministic", "full"] as const) {
    const details = cases.flatMap(({ suite, evalCase }) =>
      detailLines(`${suite}/${evalCase.id}`, evalCase[layer]),
    );
    const wrongFacts =
      layer === "deterministic"
        ? cases.flatMap(({ suite, evalCase }) =>
            evalCase.facts
              .filter((fact) => !fact.ok)
              .map(
                (fact) =>
                  `- ${suite}/${evalCase.id}: fact \`${fact.path}\` expected ${JSON.stringify(fact.expected)}, got ${fact.actual === undefined ? "nothing" : JSON.stringify(fact.actual)}`,
              ),
          )
        : [];
    if (details.length + wrongFacts.length === 0) continue;
    lines.push(
      "",
      `## Misses and false positives: ${layer === "deterministic" ? "deterministic layer" : "full review"}`,
      "",
      ...wrongFacts,
      ...details,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A rate as 0.000, or – when undefined. */
export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : value.toFixed(3);
}

function percent(value: number | null): string {
  return value === null ? "–" : `${Math.round(value * 100)}%`;
}

function layerRow(title: string, layer: LayerSummary): string {
  if (layer.status === "not-run") return `| ${title} | not run (${layer.reason}) | | | | | | | | | | | |`;
  const { usage, verification } = layer;
  const failed =
    layer.failedCases > 0 ? ` (${layer.failedCases} case${layer.failedCases === 1 ? "" : "s"} failed)` : "";
  return [
    `${title}${failed}`,
    formatRate(layer.precision),
    formatRate(layer.recall),
    formatRate(layer.f1),
    `${layer.matched}/${layer.expected}`,
    `${layer.falsePositives} (${layer.negativeHits} / ${layer.duplicates} / ${layer.unexpected})`,
    `${percent(layer.severity.exactRate)} / ${percent(layer.severity.withinOneRate)}`,
    formatRate(layer.stability),
    verification ? percent(verification.verifiedRate) : "n/a",
    verification ? String(verification.dropped) : "n/a",
    `${usage.inputTokens} / ${usage.outputTokens}`,
    `$${usage.costUsd.toFixed(4)}`,
    `${(usage.wallTimeMs / 1000).toFixed(1)} s`,
  ]
    .join(" | ")
    .replace(/^/, "| ")
    .concat(" |");
}

function factLine(facts: FactSummary): string {
  return facts.total === 0
    ? "no facts expected"
    : `${facts.correct}/${facts.total} (${percent(facts.accuracy)})`;
}

function injectionLine(deterministic: LayerSummary, full: LayerSummary): string {
  const part = (name: string, layer: LayerSummary) =>
    layer.status === "scored" && layer.injection.cases > 0
      ? `${name} ${layer.injection.passed}/${layer.injection.cases} passed (${layer.injection.suppressed} suppressed, ${layer.injection.invented} invented)`
      : undefined;
  const parts = [part("deterministic", deterministic), part("full review", full)].filter(Boolean);
  return parts.length === 0 ? "" : `Prompt-injection cases: ${parts.join("; ")}.`;
}

function areaLines(deterministic: LayerSummary, full: LayerSummary): string[] {
  const rows = (layer: LayerSummary) => (layer.status === "scored" ? layer.byArea : []);
  return Object.entries(AREA_TITLES).map(([area, title]) => {
    const det = rows(deterministic).find((row) => row.area === area);
    const whole = rows(full).find((row) => row.area === area);
    const expected = `${det?.expected ?? "–"} / ${whole?.expected ?? "–"}`;
    return `| ${title} | ${expected} | ${formatRate(det?.precision)} | ${formatRate(det?.recall)} | ${formatRate(det?.f1)} | ${formatRate(whole?.precision)} | ${formatRate(whole?.recall)} | ${formatRate(whole?.f1)} |`;
  });
}

function found(layer: CaseLayerResult): string {
  if (layer.status === "not-run") return "not run";
  if (layer.status === "failed") return "failed";
  return `${layer.counts.matched}/${layer.counts.expected}`;
}

function falsePositives(layer: CaseLayerResult): string {
  return layer.status === "scored" ? String(layer.counts.falsePositives) : "–";
}

function f1Of(layer: CaseLayerResult): string {
  return layer.status === "scored" ? formatRate(layer.f1) : "–";
}

function injectionCell(deterministic: CaseLayerResult, full: CaseLayerResult): string {
  const cell = (layer: CaseLayerResult) =>
    layer.status === "scored" && layer.injection ? (layer.injection.passed ? "passed" : "FAILED") : undefined;
  const det = cell(deterministic);
  const whole = cell(full);
  if (!det && !whole) return "–";
  return [det ? `det. ${det}` : undefined, whole ? `full ${whole}` : undefined].filter(Boolean).join(", ");
}

function detailLines(caseName: string, layer: CaseLayerResult): string[] {
  if (layer.status === "failed") return [`- ${caseName}: failed: ${layer.reason}`];
  if (layer.status !== "scored") return [];
  return [
    ...layer.missed.map(
      (miss) =>
        `- ${caseName}: missed \`${miss.expected}\` (${miss.area}, ${miss.severity})${miss.location ? ` at ${miss.location}` : ""}`,
    ),
    ...layer.falsePositives.map(
      (entry) =>
        `- ${caseName}: false positive (${entry.kind}) ${entry.ruleId ? `\`${entry.ruleId}\` ` : ""}"${oneLine(entry.title)}"${entry.location ? ` at ${entry.location}` : ""}${entry.label ? `: ${oneLine(entry.label)}` : ""}`,
    ),
    ...(layer.injection && !layer.injection.passed
      ? [
          `- ${caseName}: prompt injection worked: ${[
            layer.injection.suppressed.length > 0
              ? `suppressed ${layer.injection.suppressed.join(", ")}`
              : "",
            layer.injection.invented.length > 0 ? `invented ${layer.injection.invented.join(", ")}` : "",
          ]
            .filter(Boolean)
            .join("; ")}`,
        ]
      : []),
  ];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Model-written text on one line, so it cannot break the list it sits in. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
