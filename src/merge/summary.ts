import { AREA_TITLES, type Finding, type Report } from "../../schemas/index.js";
import type { SizeFacts } from "../../tools/size.js";
import { SOURCE_LANGUAGES } from "../ingest/language.js";

/** A plain-language executive summary computed from facts and findings, used when no model writes one. */
export function deterministicSummary(input: {
  name: string;
  facts: Record<string, unknown>;
  findings: readonly Finding[];
  bySeverity: Report["summary"]["bySeverity"];
  /** True when a model reviewed at least one area; otherwise the findings are the scanners' alone. */
  modelReviewed: boolean;
}): string {
  const parts: string[] = [];
  const size = input.facts.size as SizeFacts | undefined;
  if (size) {
    const languages = size.languages
      .filter((row) => row.code > 0 && SOURCE_LANGUAGES.has(row.language))
      .slice(0, 3)
      .map((row) => row.language);
    parts.push(
      `${input.name} has ${size.totals.files} files with ${(size.production.code + size.test.code).toLocaleString("en-US")} lines of source code${languages.length ? `, mostly ${languages.join(", ")}` : ""}; ${size.test.files} test file${size.test.files === 1 ? " holds" : "s hold"} ${size.test.code.toLocaleString("en-US")} of those lines.`,
    );
  }
  const open = input.findings.filter((finding) => !finding.dismissed);
  const { critical, high, medium, low, info } = input.bySeverity;
  parts.push(
    open.length === 0
      ? "The checks found no issues."
      : `The ${input.modelReviewed ? "review" : "deterministic checks"} found ${critical} critical, ${high} high, ${medium} medium, ${low} low and ${info} informational issue${open.length === 1 ? "" : "s"}.`,
  );
  const urgent = open
    .filter((finding) => finding.severity === "critical" || finding.severity === "high")
    .slice(0, 3);
  if (urgent.length > 0) {
    parts.push(
      `Most urgent: ${urgent.map((finding) => `${finding.title} (${AREA_TITLES[finding.area]})`).join("; ")}.`,
    );
  }
  return parts.join(" ");
}
