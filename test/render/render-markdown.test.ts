import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render/markdown/render-markdown.js";
import { fence, slug } from "../../src/render/markdown/text.js";
import { sampleReport } from "../helpers/report-fixture.js";

const GOLDEN = new URL("./golden/sample-scan.md", import.meta.url);

describe("Markdown renderer", () => {
  it("matches the golden report for the sample repository (UPDATE_GOLDEN=1 rewrites it)", async () => {
    // The golden file pins the first three scanners so that adding scanners does not churn it.
    const markdown = renderMarkdown(await sampleReport({ only: ["size", "markers", "repo-hygiene"] }));
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(GOLDEN, markdown);
    expect(markdown).toBe(await readFile(GOLDEN, "utf8"));
  });

  it("has the sections of a production-readiness review with working anchors", async () => {
    const markdown = renderMarkdown(await sampleReport());
    for (const heading of [
      "## Executive Summary",
      "## Table of Contents",
      "## 1. Security",
      "Production Readiness Checklist",
      "Priority Summary",
      "Area Scores",
    ]) {
      expect(markdown).toContain(heading);
    }
    const anchors = [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    const headings = new Set([...markdown.matchAll(/^## (.+)$/gm)].map((match) => slug(match[1] ?? "")));
    for (const anchor of anchors) expect(headings.has(anchor ?? ""), anchor).toBe(true);
    expect(markdown).toContain("`src/main.rs:1`");
    expect(markdown).not.toContain("sk-live-not-a-real-token");
  });

  it("says which areas failed or are incomplete, and why, at the top and in the area", async () => {
    const report = await sampleReport();
    const areas = report.areas.map((area) =>
      area.id === "security"
        ? { ...area, status: "partial" as const, reason: "stopped at --max-cost $0.10 before 2 of 3 batches" }
        : area.id === "testing"
          ? { ...area, status: "failed" as const, reason: "the model gave no usable answer" }
          : area,
    );
    const markdown = renderMarkdown({ ...report, areas });
    expect(markdown).toContain(
      "> **Failed or incomplete areas:** security, partial (stopped at --max-cost $0.10 before 2 of 3 batches); testing, failed (the model gave no usable answer).",
    );
    expect(markdown).toContain(
      "> ⚠️ The review of this area is incomplete: stopped at --max-cost $0.10 before 2 of 3 batches.",
    );
    expect(markdown).toContain("> ⚠️ The review of this area failed: the model gave no usable answer.");
  });

  it("fences repository text so backticks inside cannot close the block", () => {
    expect(fence("a ``` b", "md")).toBe("````md\na ``` b\n````");
    expect(slug("2. Reliability & Resilience")).toBe("2-reliability--resilience");
  });
});
