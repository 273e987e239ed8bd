import { describe, expect, it } from "vitest";
import type { Finding } from "../../schemas/index.js";
import { findingId } from "../../src/merge/finding-id.js";
import { mergeReviewFindings, type ReviewClaim } from "../../src/merge/merge-review-findings.js";
import { sameRootCause, titleOverlap } from "../../src/merge/similarity.js";

function claim(fields: Partial<ReviewClaim>): ReviewClaim {
  return {
    area: "reliability",
    alsoAreas: [],
    severity: "medium",
    title: "HTTP call has no timeout",
    description: "Hangs when the upstream stalls.",
    recommendation: "Pass a timeout.",
    file: "src/client.ts",
    startLine: 4,
    endLine: 4,
    evidence: "const response = await fetch(url);",
    confidence: 0.8,
    category: null,
    ...fields,
  };
}

describe("mergeReviewFindings", () => {
  it("merges one root cause reported by two areas into one finding with both tags and the stronger report", () => {
    const merged = mergeReviewFindings(
      [
        claim({ area: "performance", title: "Outbound request without timeout", severity: "low" }),
        claim({ area: "reliability", severity: "high", alsoAreas: ["observability"], confidence: 0.9 }),
      ],
      [],
    );
    expect(merged.merged).toBe(1);
    expect(merged.findings).toEqual([
      {
        id: findingId({
          area: "reliability",
          title: "HTTP call has no timeout",
          location: { file: "src/client.ts", startLine: 4, endLine: 4 },
          evidence: "const response = await fetch(url);",
        }),
        area: "reliability",
        areas: ["reliability", "performance", "observability"],
        severity: "high",
        title: "HTTP call has no timeout",
        description: "Hangs when the upstream stalls.",
        recommendation: "Pass a timeout.",
        location: { file: "src/client.ts", startLine: 4, endLine: 4 },
        evidence: "const response = await fetch(url);",
        source: "llm",
        confidence: 0.9,
      },
    ]);
  });

  it("keeps different problems apart: another file, other lines, or the same line with an unrelated title", () => {
    const merged = mergeReviewFindings(
      [
        claim({}),
        claim({ file: "src/other.ts" }),
        claim({ startLine: 9, endLine: 9 }),
        claim({ title: "Response body parsed without validation", area: "correctness" }),
      ],
      [],
    );
    expect(merged.findings).toHaveLength(4);
    expect(new Set(merged.findings.map((finding) => finding.id)).size).toBe(4);
  });

  it("gives two different problems quoting the same lines in one area distinct, stable ids", () => {
    const claims = [claim({}), claim({ title: "Response body parsed without validation" })];
    const first = mergeReviewFindings(claims, []).findings.map((finding) => finding.id);
    const again = mergeReviewFindings([...claims].reverse(), []).findings.map((finding) => finding.id);
    expect(new Set(first).size).toBe(2);
    expect(again.sort()).toEqual([...first].sort());
  });

  it("folds a claim that restates a scanner finding into it by taking its id", () => {
    const scanner: Finding = {
      id: "CA-scan000001",
      area: "reliability",
      areas: ["reliability"],
      severity: "medium",
      title: "fetch() without a timeout",
      description: "",
      recommendation: "",
      location: { file: "src/client.ts", startLine: 4, endLine: 4 },
      evidence: "const response = await fetch(url);",
      source: "scan",
      ruleId: "async/no-timeout",
      confidence: 1,
    };
    const merged = mergeReviewFindings([claim({ category: "missing-timeout" })], [scanner]);
    expect(merged.findings[0]?.id).toBe("CA-scan000001");
    expect(merged.findings[0]?.ruleId).toBe("review/missing-timeout");
  });
});

describe("sameRootCause", () => {
  const base = { title: "HTTP call has no timeout", file: "a.ts", startLine: 3, endLine: 5, evidence: "x()" };

  it("needs overlapping lines in one file, then a shared category, similar titles, or the same quote", () => {
    expect(
      sameRootCause(base, { ...base, title: "Missing timeouts on HTTP calls", startLine: 5, endLine: 8 }),
    ).toBe(true);
    expect(sameRootCause(base, { ...base, title: "Unbounded retry", category: "x" })).toBe(false);
    expect(
      sameRootCause({ ...base, category: "t" }, { ...base, title: "Unbounded retry", category: "T" }),
    ).toBe(true);
    expect(sameRootCause(base, { ...base, title: "Request hangs without timeout" })).toBe(true);
    expect(sameRootCause(base, { ...base, startLine: 6, endLine: 6 })).toBe(false);
    expect(sameRootCause(base, { ...base, file: "b.ts" })).toBe(false);
  });

  it("compares titles by their meaningful words", () => {
    expect(titleOverlap("No timeout on the HTTP call", "HTTP calls without timeouts")).toBe(1);
    expect(titleOverlap("SQL injection", "Unbounded retry loop")).toBe(0);
  });
});
