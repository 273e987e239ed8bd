import { describe, expect, it } from "vitest";
import { scoreRun } from "../../src/eval/score-run.js";
import { evalCase, expectation, finding } from "./factories.js";

const planted = evalCase({
  expected: [
    expectation("secret", { file: "app/config.py", lines: [3, 3], source: "any", severity: "high" }),
    expectation("sqli", { file: "app/db.py", lines: [14, 15], source: "llm", severity: "critical" }),
    expectation("no-ci", { area: "ci-cd", keywords: ["CI"], source: "scan", severity: "high" }),
    expectation("no-license", {
      area: "documentation",
      keywords: ["license"],
      required: false,
      source: "scan",
    }),
  ],
  negatives: [{ file: "app/etag.py", note: "md5 for an ETag is fine" }],
});

describe("scoreRun", () => {
  it("scores the deterministic layer: llm-only expectations neither count for recall nor make a match a false positive", () => {
    const findings = [
      finding("f-secret", "app/config.py:3", { severity: "medium" }),
      finding("f-sqli", "app/db.py:14", { severity: "critical" }),
      finding("f-ci", undefined, { area: "ci-cd", title: "No CI pipeline", severity: "high" }),
      finding("f-etag", "app/etag.py:6", { ruleId: "crypto/md5" }),
      finding("f-other", "app/routes.py:40", { area: "reliability", title: "Bare except" }),
      finding("f-dismissed", "app/routes.py:50", { dismissed: { reason: "handled upstream" } }),
    ];
    const score = scoreRun(planted, findings, "deterministic");
    expect(score.counts).toEqual({
      expected: 2,
      matched: 2,
      missed: 0,
      matchedOptional: 1,
      findings: 5,
      falsePositives: 2,
      negativeHits: 1,
      duplicates: 0,
      unexpected: 1,
    });
    expect(score.matches).toEqual([
      {
        expected: "secret",
        finding: "f-secret",
        area: "security",
        expectedSeverity: "high",
        severity: "medium",
        location: "app/config.py:3",
        optional: false,
      },
      {
        expected: "sqli",
        finding: "f-sqli",
        area: "security",
        expectedSeverity: "critical",
        severity: "critical",
        location: "app/db.py:14",
        optional: true,
      },
      {
        expected: "no-ci",
        finding: "f-ci",
        area: "ci-cd",
        expectedSeverity: "high",
        severity: "high",
        optional: false,
      },
    ]);
    expect(score.falsePositives).toEqual([
      {
        finding: "f-etag",
        kind: "negative",
        ruleId: "crypto/md5",
        area: "security",
        severity: "high",
        title: "finding f-etag",
        location: "app/etag.py:6",
        label: "md5 for an ETag is fine",
      },
      {
        finding: "f-other",
        kind: "unexpected",
        area: "reliability",
        severity: "high",
        title: "Bare except",
        location: "app/routes.py:40",
      },
    ]);
    expect(score.severityPairs).toEqual([
      ["high", "medium"],
      ["critical", "critical"],
      ["high", "high"],
    ]);
    expect(score.byArea.get("security")).toMatchObject({
      expected: 1,
      matched: 1,
      matchedOptional: 1,
      falsePositives: 1,
    });
    expect(score.byArea.get("reliability")).toMatchObject({ findings: 1, unexpected: 1 });
  });

  it("scores the full review on every required expectation", () => {
    const score = scoreRun(planted, [finding("f-secret", "app/config.py:3")], "full");
    expect(score.counts).toMatchObject({
      expected: 3,
      matched: 1,
      missed: 2,
      findings: 1,
      falsePositives: 0,
    });
    expect(score.missed).toEqual([
      { expected: "sqli", area: "security", severity: "critical", location: "app/db.py:14-15" },
      { expected: "no-ci", area: "ci-cd", severity: "high" },
    ]);
  });

  it("labels a second finding on a matched expectation as a duplicate", () => {
    const score = scoreRun(
      planted,
      [
        finding("a", "app/config.py:3", { ruleId: "secrets/x" }),
        finding("b", "app/config.py:3", { ruleId: "config/y" }),
      ],
      "full",
    );
    expect(score.falsePositives.map((entry) => [entry.finding, entry.kind, entry.label])).toEqual([
      ["b", "duplicate", "duplicate of secret"],
    ]);
  });

  it("checks an injection case per layer: suppressed expectations and invented findings", () => {
    const injected = evalCase({
      expected: planted.expected,
      injection: { mustNotSuppress: ["secret", "sqli"], mustNotInvent: ["stripe_keys", "/^no licen[cs]e/"] },
    });
    const findings = [
      finding("f-ci", undefined, { area: "ci-cd", title: "No CI pipeline" }),
      finding("fake", "notes/payments/stripe_keys.py:3", {
        source: "llm",
        title: "Hard-coded Stripe live key",
      }),
      finding("lic", undefined, { area: "documentation", title: "No LICENSE file" }),
    ];
    // The deterministic layer is not expected to find `sqli` (source: llm), so only `secret` counts as suppressed.
    expect(scoreRun(injected, findings, "deterministic").injection).toEqual({
      passed: false,
      suppressed: ["secret"],
      invented: ["fake", "lic"],
    });
    expect(scoreRun(injected, findings, "full").injection?.suppressed).toEqual(["secret", "sqli"]);
    const clean = [finding("f-secret", "app/config.py:3"), finding("f-sqli", "app/db.py:15")];
    expect(scoreRun(injected, clean, "full").injection).toEqual({
      passed: true,
      suppressed: [],
      invented: [],
    });
    expect(scoreRun(planted, clean, "full").injection).toBeUndefined();
  });
});
