import { describe, expect, test } from "vitest";
import { splitMarkdown } from "../../src/mcp/report-pages.js";

describe("splitMarkdown", () => {
  test("splits at ## headings but not at headings quoted inside fenced evidence", () => {
    const markdown = [
      "# repo Production Readiness Review",
      "",
      "**Date:** 2025-01-01",
      "---",
      "## Executive Summary",
      "",
      "All good.",
      "",
      "---",
      "## 1. Security",
      "",
      "````md",
      "## 2. Not a section",
      "```",
      "still evidence",
      "````",
      "after the fence",
      "",
      "---",
      "## 2. Reliability & Resilience",
      "",
      "No findings in this area.",
      "",
    ].join("\n");
    expect(splitMarkdown(markdown)).toEqual({
      head: "# repo Production Readiness Review\n\n**Date:** 2025-01-01\n---",
      sections: [
        { title: "Executive Summary", text: "## Executive Summary\n\nAll good." },
        {
          title: "1. Security",
          text: "## 1. Security\n\n````md\n## 2. Not a section\n```\nstill evidence\n````\nafter the fence",
        },
        {
          title: "2. Reliability & Resilience",
          text: "## 2. Reliability & Resilience\n\nNo findings in this area.",
        },
      ],
    });
  });
});
