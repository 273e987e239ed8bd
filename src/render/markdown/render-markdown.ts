import {
  AREA_TITLES,
  AREAS,
  type Area,
  type Finding,
  type Report,
  SEVERITIES,
} from "../../../schemas/index.js";
import { detectLanguage } from "../../ingest/language.js";
import { modelReviewed } from "../../merge/build-report.js";
import { FACTS_SECTIONS } from "./sections/index.js";
import type { ChecklistItem, FactsSection } from "./sections/section.js";
import { code, fence, fenceLanguage, slug, table } from "./text.js";

/** The written audit, in the shape of a senior engineer's production-readiness review. */
export function renderMarkdown(report: Report): string {
  const byId = new Map(report.findings.map((finding) => [finding.id, finding]));
  const sections: Array<{ title: string; body: string }> = [];
  AREAS.forEach((area, index) => {
    sections.push({ title: `${index + 1}. ${AREA_TITLES[area]}`, body: areaSection(report, area) });
  });
  const factBlocks = report.scanners
    .filter((run) => run.status === "ok" && report.facts[run.id] !== undefined)
    .map((run) => sectionFor(run.id)?.render(report.facts[run.id], report) ?? "")
    .filter(Boolean);
  if (factBlocks.length > 0)
    sections.push({ title: `${sections.length + 1}. Key Facts`, body: factBlocks.join("\n\n") });
  sections.push({
    title: `${sections.length + 1}. Production Readiness Checklist`,
    body: checklistSection(report),
  });
  sections.push({ title: `${sections.length + 1}. Priority Summary`, body: prioritySection(report, byId) });
  sections.push({ title: `${sections.length + 1}. Area Scores`, body: scoresSection(report) });
  sections.push({ title: `${sections.length + 1}. Run Details`, body: runSection(report) });

  const out: string[] = [
    header(report),
    "---",
    "## Executive Summary",
    "",
    report.summary.executiveSummary ?? "",
    "",
  ];
  if (report.summary.readinessScore !== undefined) {
    out.push(
      `**Overall Production Readiness Score: ${report.summary.readinessScore.toFixed(1)} / 10**${modelReviewed(report.areas) ? "" : " (deterministic checks only)"}`,
      "",
    );
  }
  out.push(
    table(
      ["Severity", "Count"],
      SEVERITIES.map((severity) => [severity.toUpperCase(), report.summary.bySeverity[severity]]),
    ),
    "",
  );
  const notReviewed = report.areas.filter((area) => area.status === "skipped" && area.reason);
  if (notReviewed.length > 0) {
    out.push(
      `> **Not reviewed by a model:** ${notReviewed.map((area) => area.id).join(", ")}. ${notReviewed[0]?.reason ?? ""}`,
      "",
    );
  }
  const failed = report.areas.filter((area) => area.status === "failed" || area.status === "partial");
  if (failed.length > 0) {
    out.push(
      `> **Failed or incomplete areas:** ${failed.map((area) => `${area.id}, ${area.status} (${area.reason ?? "unknown error"})`).join("; ")}. The rest of the report is complete.`,
      "",
    );
  }
  out.push(
    "---",
    "## Table of Contents",
    "",
    ...sections.map(
      (section, index) =>
        `${index + 1}. [${section.title.replace(/^\d+\.\s*/, "")}](#${slug(section.title)})`,
    ),
    "",
    "---",
  );
  for (const section of sections) out.push(`## ${section.title}`, "", section.body.trim(), "", "---");
  // Every heading gets a blank line after it, whoever wrote the section.
  const text = out.join("\n").replace(/^(#{1,6} .+)\n(?!\n)/gm, "$1\n\n");
  return `${text.replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

function sectionFor(id: string): FactsSection<unknown> | undefined {
  return FACTS_SECTIONS[id] as FactsSection<unknown> | undefined;
}

function header(report: Report): string {
  const lines = [`# ${report.repo.name} Production Readiness Review`, ""];
  lines.push(`**Date:** ${report.generatedAt.slice(0, 10)}  `);
  const modeText = !modelReviewed(report.areas)
    ? `deterministic ${report.mode === "scan" ? "scan" : "review, no model configured"}`
    : `review${report.usage.model ? ` with ${report.usage.provider ?? ""} ${report.usage.model}`.replace("  ", " ") : ""}`;
  lines.push(`**Reviewer:** ${report.tool.name} ${report.tool.version} (${modeText})  `);
  if (report.repo.url) lines.push(`**Repository:** ${report.repo.url}  `);
  if (report.repo.commit)
    lines.push(
      `**Commit:** ${code(report.repo.commit)}${report.repo.ref ? ` (${code(report.repo.ref)})` : ""}  `,
    );
  const size = report.facts.size as
    | { totals?: { files: number }; production?: { code: number }; test?: { code: number } }
    | undefined;
  if (size?.totals && size.production && size.test) {
    const source = size.production.code + size.test.code;
    lines.push(
      `**Scope:** ${size.totals.files} files, ${source.toLocaleString("en-US")} lines of source code, ${AREAS.length} areas  `,
    );
  }
  return `${lines.join("\n")}\n`;
}

function areaSection(report: Report, area: Area): string {
  const result = report.areas.find((entry) => entry.id === area);
  const findings = report.findings.filter((finding) => finding.area === area);
  const parts: string[] = [];
  if (result?.status === "failed") {
    parts.push(
      `> ⚠️ The review of this area failed: ${result.reason ?? "unknown error"}. Scanner findings are still listed.`,
      "",
    );
  } else if (result?.status === "partial") {
    parts.push(
      `> ⚠️ The review of this area is incomplete: ${result.reason ?? "some of its parts failed"}.`,
      "",
    );
  }
  if (result?.summary) parts.push("### Summary", "", result.summary, "");
  const open = findings.filter((finding) => !finding.dismissed);
  const dismissed = findings.filter((finding) => finding.dismissed);
  parts.push("### Findings", "");
  if (open.length === 0) parts.push("No findings in this area.", "");
  for (const finding of open) parts.push(renderFinding(finding), "");
  if (dismissed.length > 0) {
    parts.push("### Dismissed scanner findings", "");
    for (const finding of dismissed)
      parts.push(
        `- ${finding.title} (${location(finding) ?? "repository"}): dismissed because ${finding.dismissed?.reason}`,
      );
    parts.push("");
  }
  if (result && result.strengths.length > 0)
    parts.push("### What's Done Well", "", ...result.strengths.map((strength) => `- ${strength}`), "");
  return parts.join("\n");
}

function location(finding: Finding): string | undefined {
  if (!finding.location) return undefined;
  const { file, startLine, endLine } = finding.location;
  return endLine > startLine ? `${file}:${startLine}-${endLine}` : `${file}:${startLine}`;
}

function renderFinding(finding: Finding): string {
  const lines = [`**[${finding.severity.toUpperCase()}] ${finding.title}**`];
  const where = location(finding);
  if (where) lines.push(`- **File:** ${code(where)}`);
  const others = finding.areas.filter((area) => area !== finding.area);
  if (others.length > 0)
    lines.push(`- **Also affects:** ${others.map((area) => AREA_TITLES[area]).join(", ")}`);
  lines.push(`- **Description:** ${finding.description}`);
  lines.push(`- **Recommendation:** ${finding.recommendation}`);
  lines.push(
    `- **Source:** ${finding.source === "scan" ? `scanner (${finding.ruleId ?? "rule"})` : finding.source === "both" ? `scanner (${finding.ruleId ?? "rule"}) and model review` : "model review, evidence verified"} · id ${code(finding.id)}`,
  );
  if (finding.evidence && finding.location) {
    lines.push("", fence(finding.evidence, fenceLanguage(detectLanguage(finding.location.file))));
  }
  return lines.join("\n");
}

function checklistSection(report: Report): string {
  const items: ChecklistItem[] = report.scanners
    .filter((run) => run.status === "ok" && report.facts[run.id] !== undefined)
    .flatMap((run) => sectionFor(run.id)?.checklist?.(report.facts[run.id]) ?? []);
  if (items.length === 0) return "No checklist facts were computed.";
  return table(
    ["Category", "Status", "Notes"],
    items.map((item) => [item.category, item.status, item.notes]),
  );
}

function prioritySection(report: Report, byId: Map<string, Finding>): string {
  const open = report.findings.filter((finding) => !finding.dismissed);
  const rows = SEVERITIES.filter((severity) => severity !== "info").map((severity) => {
    const items = open.filter((finding) => finding.severity === severity);
    return [
      `**${severity.toUpperCase()}**`,
      items.length,
      items
        .slice(0, 4)
        .map((finding) => finding.title)
        .join(", ") || "—",
    ];
  });
  const parts = [table(["Priority", "Count", "Key Items"], rows), ""];
  const list = (ids: string[]) =>
    ids
      .map((id) => byId.get(id))
      .filter((finding): finding is Finding => finding !== undefined)
      .map(
        (finding, index) =>
          `${index + 1}. **[${finding.severity.toUpperCase()}] ${finding.title}**${location(finding) ? ` (${code(location(finding) as string)})` : ""}`,
      );
  parts.push(
    "### Must Fix Before Production",
    "",
    ...(report.summary.mustFix.length ? list(report.summary.mustFix) : ["Nothing critical or high."]),
    "",
  );
  parts.push(
    "### Should Fix Soon",
    "",
    ...(report.summary.shouldFix.length ? list(report.summary.shouldFix) : ["No medium-severity findings."]),
    "",
  );
  if (report.summary.strengths.length > 0)
    parts.push("### Strengths", "", ...report.summary.strengths.map((strength) => `- ${strength}`), "");
  return parts.join("\n");
}

function scoresSection(report: Report): string {
  const rows = report.areas.map((area) => [
    AREA_TITLES[area.id],
    area.score === undefined ? "—" : `${area.score}/10`,
    area.findingCount,
    area.status,
  ]);
  return [
    table(["Area", "Score", "Open findings", "Model review"], rows),
    "",
    "Scores start at 10 per area and lose 4 per critical, 2 per high, 1 per medium and 0.5 per low finding; the overall score is their mean, capped at 4 while a critical finding is open and at 7 while a high one is.",
  ].join("\n");
}

function runSection(report: Report): string {
  const usage = report.usage;
  const parts = [
    "### Usage and Cost",
    "",
    table(
      ["Model calls", "Input tokens", "Output tokens", "Cached tokens", "Cost (USD)"],
      [
        [
          usage.calls,
          usage.inputTokens,
          usage.outputTokens,
          usage.cachedTokens,
          `$${usage.costUsd.toFixed(4)}`,
        ],
      ],
    ),
    "",
  ];
  if (usage.reusedFromCache) {
    const reused = usage.reusedFromCache;
    parts.push(
      `Reused from the review cache with no call: ${reused.answers} model answer${reused.answers === 1 ? "" : "s"}, which took ${reused.calls} call${reused.calls === 1 ? "" : "s"} (${reused.inputTokens} input and ${reused.outputTokens} output tokens, $${reused.costUsd.toFixed(4)}) when ${reused.answers === 1 ? "it was" : "they were"} made.`,
      "",
    );
  }
  if (report.verification) {
    const v = report.verification;
    parts.push(
      `Model findings: ${v.verified} verified, ${v.reanchored} re-anchored to the lines that hold their evidence, ${v.dropped} dropped because their evidence is not in the repository.`,
      "",
    );
  }
  if (report.prompts.length > 0)
    parts.push(
      `Prompts: ${report.prompts.map((prompt) => code(`${prompt.id}@${prompt.version}`)).join(", ")}`,
      "",
    );
  parts.push(
    "### Scanners",
    "",
    table(
      ["Scanner", "Version", "Status", "Time (ms)"],
      report.scanners.map((run) => [
        run.id,
        run.version,
        run.status === "ok" ? "ok" : `failed: ${run.error ?? ""}`,
        run.durationMs,
      ]),
    ),
    "",
  );
  if (report.skipped.length > 0) {
    parts.push(
      `### Skipped files (${report.skipped.length})`,
      "",
      ...report.skipped
        .slice(0, 50)
        .map((entry) => `- ${code(entry.path)}: ${entry.reason}${entry.detail ? ` (${entry.detail})` : ""}`),
    );
    if (report.skipped.length > 50)
      parts.push(`- … and ${report.skipped.length - 50} more (see the JSON report)`);
    parts.push("");
  }
  if (report.warnings.length > 0)
    parts.push("### Warnings", "", ...report.warnings.map((warning) => `- ${warning}`), "");
  return parts.join("\n");
}
