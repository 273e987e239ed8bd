import { describe, expect, it } from "vitest";
import { checkFact, resolveFactPath } from "../../src/eval/check-facts.js";
import { patternMatches } from "../../src/eval/check-injection.js";
import { scoresOf, severityAgreement, verificationOf, zeroCounts } from "../../src/eval/metrics.js";
import { jaccard, runStability } from "../../src/eval/stability.js";

describe("scoresOf", () => {
  it("computes precision over all reported findings and recall over required expectations", () => {
    const counts = {
      ...zeroCounts(),
      expected: 4,
      matched: 3,
      missed: 1,
      matchedOptional: 1,
      findings: 5,
      falsePositives: 1,
    };
    expect(scoresOf(counts)).toEqual({ precision: 0.8, recall: 0.75, f1: 0.7742 });
  });

  it("leaves undefined ratios null and scores a silent layer's F1 as 0", () => {
    expect(scoresOf(zeroCounts())).toEqual({ precision: null, recall: null, f1: null });
    expect(scoresOf({ ...zeroCounts(), expected: 2, missed: 2 })).toEqual({
      precision: null,
      recall: 0,
      f1: 0,
    });
    expect(scoresOf({ ...zeroCounts(), findings: 2, falsePositives: 2 })).toEqual({
      precision: 0,
      recall: null,
      f1: null,
    });
  });
});

describe("severity agreement and verification", () => {
  it("counts exact and within-one-level agreement", () => {
    expect(
      severityAgreement([
        ["critical", "critical"],
        ["critical", "high"],
        ["high", "low"],
        ["info", "low"],
      ]),
    ).toEqual({ compared: 4, exact: 1, withinOne: 3, exactRate: 0.25, withinOneRate: 0.75 });
    expect(severityAgreement([])).toEqual({
      compared: 0,
      exact: 0,
      withinOne: 0,
      exactRate: null,
      withinOneRate: null,
    });
  });

  it("rates references that held, counting re-anchored ones as held", () => {
    expect(verificationOf(6, 2, 2)).toEqual({ verified: 6, reanchored: 2, dropped: 2, verifiedRate: 0.8 });
  });
});

describe("stability", () => {
  it("computes Jaccard similarity, with two empty sets identical", () => {
    expect(jaccard(new Set(["a", "b", "c"]), new Set(["b", "c", "d"]))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(1);
    expect(jaccard(new Set(["a"]), new Set())).toBe(0);
  });

  it("averages over every pair of runs and needs two runs", () => {
    const runs = [new Set(["a", "b"]), new Set(["a", "b"]), new Set(["a"])];
    // pairs: (1,2)=1, (1,3)=0.5, (2,3)=0.5
    expect(runStability(runs)).toBe(0.6667);
    expect(runStability([new Set(["a"])])).toBeNull();
  });
});

describe("facts", () => {
  const facts = {
    size: {
      production: { code: 120 },
      languages: [
        { language: "go", files: 3 },
        { language: "rust", files: 6 },
      ],
    },
    "repo-hygiene": { ci: { present: false, systems: [] } },
  };

  it("resolves dotted paths, indexes and field selectors", () => {
    expect(resolveFactPath(facts, "size.production.code")).toBe(120);
    expect(resolveFactPath(facts, "size.languages.1.files")).toBe(6);
    expect(resolveFactPath(facts, "size.languages[0].language")).toBe("go");
    expect(resolveFactPath(facts, "size.languages[language=rust].files")).toBe(6);
    expect(resolveFactPath(facts, "repo-hygiene.ci.present")).toBe(false);
    expect(resolveFactPath(facts, "size.languages[language=java].files")).toBeUndefined();
    expect(resolveFactPath(facts, "panic-points.total")).toBeUndefined();
  });

  it("compares numbers within the tolerance and anything else exactly", () => {
    expect(checkFact({ path: "size.production.code", value: 118, tolerance: 2 }, facts)).toEqual({
      path: "size.production.code",
      expected: 118,
      actual: 120,
      tolerance: 2,
      ok: true,
    });
    expect(checkFact({ path: "size.production.code", value: 118 }, facts).ok).toBe(false);
    expect(checkFact({ path: "repo-hygiene.ci.systems", value: [] }, facts).ok).toBe(true);
    expect(checkFact({ path: "panic-points.total", value: 0 }, facts)).toEqual({
      path: "panic-points.total",
      expected: 0,
      ok: false,
    });
  });
});

describe("mustNotInvent patterns", () => {
  it("matches substrings case-insensitively, or /regex/", () => {
    expect(patternMatches("stripe_keys", "notes/payments/STRIPE_KEYS.py")).toBe(true);
    expect(patternMatches("/^no licen[cs]e/", "No LICENSE file")).toBe(true);
    expect(patternMatches("/^no licen[cs]e/", "Licence headers missing: no license")).toBe(false);
  });
});
