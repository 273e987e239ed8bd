import type { Report } from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";
import { renderMarkdown } from "../render/markdown/render-markdown.js";

export const REPORT_FORMATS = ["json", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportPageRequest {
  format: ReportFormat;
  section?: string;
  offset: number;
  limit: number;
}

/** One page of a report: the section's text plus what else can be asked for. */
export interface ReportPage {
  format: ReportFormat;
  section: string;
  sections: string[];
  text: string;
  /** Present when the section is a list paged by offset and limit (JSON findings and skipped). */
  range?: { offset: number; limit: number; total: number; nextOffset?: number };
}

const PAGED_KEYS = ["findings", "skipped"] as const;

/** A page of the report in JSON: the overview, a top-level key, `facts.<scanner>`, or a range of findings. */
export function jsonPage(report: Report, request: ReportPageRequest): ReportPage {
  const sections = [
    "overview",
    ...Object.keys(report),
    ...Object.keys(report.facts).map((id) => `facts.${id}`),
  ];
  const section = request.section ?? "overview";
  const page = (value: unknown, range?: ReportPage["range"]): ReportPage => ({
    format: "json",
    section,
    sections,
    text: JSON.stringify(value, null, 2),
    ...(range ? { range } : {}),
  });
  if (section === "overview") {
    const { findings, facts, skipped, ...rest } = report;
    return page({
      ...rest,
      findingCount: findings.length,
      skippedCount: skipped.length,
      factSections: Object.keys(facts).map((id) => `facts.${id}`),
    });
  }
  if (section.startsWith("facts.")) {
    const id = section.slice("facts.".length);
    if (!Object.hasOwn(report.facts, id)) throw unknownSection(section, sections);
    return page(report.facts[id]);
  }
  if (!Object.hasOwn(report, section)) throw unknownSection(section, sections);
  const key = section as keyof Report;
  if ((PAGED_KEYS as readonly string[]).includes(section)) {
    const list = report[key] as unknown[];
    const slice = list.slice(request.offset, request.offset + request.limit);
    const next = request.offset + slice.length;
    return page(slice, {
      offset: request.offset,
      limit: request.limit,
      total: list.length,
      ...(next < list.length ? { nextOffset: next } : {}),
    });
  }
  return page(report[key]);
}

interface MarkdownSection {
  title: string;
  text: string;
}

/** Splits rendered Markdown at its `## ` headings, ignoring lines inside fenced blocks (repository text). */
export function splitMarkdown(markdown: string): { head: string; sections: MarkdownSection[] } {
  const head: string[] = [];
  const sections: Array<{ title: string; lines: string[] }> = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const ticks = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && ticks) fence = ticks;
    else if (fence !== undefined && ticks && line.trim() === ticks && ticks.length >= fence.length)
      fence = undefined;
    const heading = fence === undefined ? /^## (.+)$/.exec(line) : null;
    if (heading?.[1]) sections.push({ title: heading[1].trim(), lines: [line] });
    else (sections[sections.length - 1]?.lines ?? head).push(line);
  }
  return {
    head: head.join("\n").trim(),
    sections: sections.map((section) => ({
      title: section.title,
      text: section.lines
        .join("\n")
        .replace(/\n---\s*$/, "")
        .trim(),
    })),
  };
}

function matches(title: string, wanted: string): boolean {
  const normalized = wanted.trim().toLowerCase();
  const bare = title.replace(/^\d+\.\s*/, "").toLowerCase();
  const number = /^(\d+)\./.exec(title)?.[1];
  return title.toLowerCase() === normalized || bare === normalized || number === normalized;
}

/** A page of the written audit: the header and executive summary by default, or one `##` section. */
export function markdownPage(report: Report, request: ReportPageRequest): ReportPage {
  const { head, sections } = splitMarkdown(renderMarkdown(report));
  const titles = ["overview", ...sections.map((section) => section.title)];
  const wanted = request.section ?? "overview";
  if (wanted.trim().toLowerCase() === "overview") {
    const summary = sections.find((section) => section.title === "Executive Summary");
    const list = sections.map((section) => `- ${section.title}`).join("\n");
    return {
      format: "md",
      section: "overview",
      sections: titles,
      text: [head, summary?.text ?? "", `Sections (pass one as \`section\`):\n\n${list}`]
        .filter(Boolean)
        .join("\n\n"),
    };
  }
  const found = sections.find((section) => matches(section.title, wanted));
  if (!found) throw unknownSection(wanted, titles);
  return { format: "md", section: found.title, sections: titles, text: found.text };
}

/** One page of a report in the requested format. */
export function reportPage(report: Report, request: ReportPageRequest): ReportPage {
  return request.format === "json" ? jsonPage(report, request) : markdownPage(report, request);
}

function unknownSection(section: string, sections: string[]): CodeauditError {
  return new CodeauditError(
    "USAGE",
    `unknown report section ${JSON.stringify(section)}; available: ${sections.join(", ")}`,
  );
}
