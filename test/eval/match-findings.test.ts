import { describe, expect, it } from "vitest";
import {
  areaCompatible,
  duplicateOf,
  keywordHits,
  lineDistance,
  lineOverlap,
  matchFindings,
  matchScore,
  negativeHit,
} from "../../src/eval/match-findings.js";
import { expectation, finding } from "./factories.js";

describe("line geometry", () => {
  it("measures the gap between ranges, 0 when they overlap", () => {
    expect(lineDistance([10, 12], [12, 20])).toBe(0);
    expect(lineDistance([10, 12], [15, 15])).toBe(3);
    expect(lineDistance([15, 15], [10, 12])).toBe(3);
    expect(lineDistance([10, 12], [16, 18])).toBe(4);
  });

  it("computes overlap over union", () => {
    expect(lineOverlap([10, 19], [10, 19])).toBe(1);
    expect(lineOverlap([10, 19], [15, 24])).toBe(5 / 15);
    expect(lineOverlap([10, 12], [14, 14])).toBe(0);
  });
});

describe("matchScore", () => {
  const planted = expectation("sql", { file: "src/db.ts", lines: [20, 22] });

  it("matches the same file within the line tolerance and rejects beyond it", () => {
    expect(matchScore(planted, finding("a", "src/db.ts:25"), 3)).toBeDefined();
    expect(matchScore(planted, finding("a", "src/db.ts:26"), 3)).toBeUndefined();
    expect(matchScore(planted, finding("a", "src/db.ts:17"), 3)).toBeDefined();
    expect(matchScore(planted, finding("a", "src/db.ts:16"), 3)).toBeUndefined();
    expect(matchScore(planted, finding("a", "src/db.ts:26"), 4)).toBeDefined();
  });

  it("never matches another file, or a finding without a location", () => {
    expect(matchScore(planted, finding("a", "src/other.ts:21"), 3)).toBeUndefined();
    expect(matchScore(planted, finding("a", undefined), 3)).toBeUndefined();
  });

  it("prefers the better overlap", () => {
    const exact = matchScore(planted, finding("a", "src/db.ts:20-22"), 3) ?? 0;
    const near = matchScore(planted, finding("b", "src/db.ts:24"), 3) ?? 0;
    expect(exact).toBeGreaterThan(near);
  });

  it("needs a compatible area: the main area, a tag, or one of the accepted areas", () => {
    expect(matchScore(planted, finding("a", "src/db.ts:21", { area: "performance" }), 3)).toBeUndefined();
    expect(
      matchScore(
        planted,
        finding("a", "src/db.ts:21", { area: "performance", areas: ["performance", "security"] }),
        3,
      ),
    ).toBeDefined();
    const rootUser = expectation("root", {
      area: "infrastructure",
      acceptAreas: ["security"],
      file: "Dockerfile",
    });
    expect(matchScore(rootUser, finding("a", "Dockerfile:1", { area: "security" }), 3)).toBeDefined();
    expect(matchScore(rootUser, finding("a", "Dockerfile:1", { area: "ci-cd" }), 3)).toBeUndefined();
  });

  it("matches a file-level expectation anywhere in the file", () => {
    const anywhere = expectation("perm", { file: ".github/workflows/ci.yml" });
    expect(matchScore(anywhere, finding("a", ".github/workflows/ci.yml:40"), 0)).toBeDefined();
  });

  it("matches a repository-level expectation only to findings without a location that hold a keyword", () => {
    const noCi = expectation("no-ci", { area: "ci-cd", keywords: ["CI"] });
    expect(
      matchScore(noCi, finding("a", undefined, { area: "ci-cd", title: "No CI pipeline" }), 3),
    ).toBeDefined();
    expect(
      matchScore(noCi, finding("a", undefined, { area: "ci-cd", title: "Unpinned tools" }), 3),
    ).toBeUndefined();
    expect(
      matchScore(noCi, finding("a", "ci.yml:1", { area: "ci-cd", title: "No CI pipeline" }), 3),
    ).toBeUndefined();
  });

  it("counts keywords case-insensitively in title, description, rule id and evidence", () => {
    const hit = finding("a", "x:1", {
      title: "Unsafe YAML",
      description: "uses Loader",
      evidence: "yaml.load(b)",
    });
    expect(keywordHits(["yaml", "LOADER", "pickle"], hit)).toBe(2);
    expect(keywordHits(["yaml.load"], hit)).toBe(1);
  });

  it("treats a finding as compatible with an area it is tagged with", () => {
    expect(areaCompatible("security", { area: "reliability", areas: ["reliability", "security"] })).toBe(
      true,
    );
    expect(areaCompatible("security", { area: "reliability", areas: ["reliability"] })).toBe(false);
  });
});

describe("matchFindings", () => {
  it("matches one to one, greedily by the best overlap", () => {
    const first = expectation("first", { file: "a.py", lines: [10, 10] });
    const second = expectation("second", { file: "a.py", lines: [13, 13] });
    // f1 sits on line 12: within tolerance of both, closer to `second`; f2 sits on line 10.
    const f1 = finding("f1", "a.py:12");
    const f2 = finding("f2", "a.py:10");
    const outcome = matchFindings([first, second], [f1, f2], 3);
    expect(outcome.pairs.map((pair) => [pair.expected.id, pair.finding.id])).toEqual([
      ["first", "f2"],
      ["second", "f1"],
    ]);
    expect(outcome.unmatchedExpectations).toEqual([]);
    expect(outcome.unmatchedFindings).toEqual([]);
  });

  it("leaves a second finding for the same expectation unmatched", () => {
    const planted = expectation("p", { file: "a.py", lines: [10, 10] });
    const outcome = matchFindings([planted], [finding("f1", "a.py:10"), finding("f2", "a.py:11")], 3);
    expect(outcome.pairs.map((pair) => pair.finding.id)).toEqual(["f1"]);
    expect(outcome.unmatchedFindings.map((item) => item.id)).toEqual(["f2"]);
  });

  it("breaks exact ties by expectation order, then finding order", () => {
    const a = expectation("a", { file: "x.go", lines: [5, 5] });
    const b = expectation("b", { file: "x.go", lines: [5, 5] });
    const outcome = matchFindings([a, b], [finding("f1", "x.go:5"), finding("f2", "x.go:5")], 3);
    expect(outcome.pairs.map((pair) => [pair.expected.id, pair.finding.id])).toEqual([
      ["a", "f1"],
      ["b", "f2"],
    ]);
  });
});

describe("negatives and duplicates", () => {
  it("finds the negative a finding lands on: whole file, or overlapping lines exactly", () => {
    const negatives = [
      { file: "tests/test_a.py", note: "test code" },
      { file: "app/etag.py", lines: [6, 6] as [number, number], note: "md5 for an etag" },
    ];
    expect(negativeHit(finding("a", "tests/test_a.py:40"), negatives)?.note).toBe("test code");
    expect(negativeHit(finding("a", "app/etag.py:5-6"), negatives)?.note).toBe("md5 for an etag");
    expect(negativeHit(finding("a", "app/etag.py:7"), negatives)).toBeUndefined();
    expect(negativeHit(finding("a", undefined), negatives)).toBeUndefined();
  });

  it("calls a finding a duplicate only when it overlaps the matched expectation or repeats its rule", () => {
    const planted = expectation("p", { file: "a.py", lines: [10, 10] });
    const matched = finding("m", "a.py:10", { ruleId: "rule/x" });
    const pairs = [{ expected: planted, finding: matched }];
    expect(duplicateOf(finding("d", "a.py:10", { ruleId: "rule/y" }), pairs, 3)?.expected.id).toBe("p");
    expect(duplicateOf(finding("d", "a.py:12", { ruleId: "rule/x" }), pairs, 3)?.expected.id).toBe("p");
    expect(duplicateOf(finding("d", "a.py:12", { ruleId: "rule/y" }), pairs, 3)).toBeUndefined();
  });
});
