import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AreaOutput,
  areaOutputSchema,
  ExecutiveSummaryOutput,
  ScannerDecision,
} from "../../schemas/index.js";

const finding = {
  title: "Webhook signature compared with ===",
  severity: "high",
  area: "security",
  alsoAreas: ["correctness"],
  description: "A timing side channel leaks how many leading bytes of the signature match.",
  recommendation: "Compare with crypto.timingSafeEqual on equal-length buffers.",
  file: "src/webhook.ts",
  startLine: 12,
  endLine: 12,
  evidence: "if (signature === expected) {",
  confidence: 0.8,
  category: null,
};

const output = {
  findings: [finding],
  scannerFindings: [
    { id: "markers/todo-1", action: "dismiss", severity: null, reason: "The TODO is in a test fixture." },
  ],
  strengths: [{ description: "All SQL goes through parameterised queries.", file: "src/db.ts", line: 4 }],
  summary: "One real issue in webhook handling; otherwise input handling is careful.",
};

interface StrictViolation {
  at: string;
  problem: string;
}

/** Every object in a JSON Schema must be closed and list every property as required (OpenAI strict mode). */
function strictViolations(node: unknown, at = "#"): StrictViolation[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => strictViolations(item, `${at}/${index}`));
  if (typeof node !== "object" || node === null) return [];
  const record = node as Record<string, unknown>;
  const found: StrictViolation[] = [];
  if (record.type === "object" || "properties" in record) {
    if (record.additionalProperties !== false)
      found.push({ at, problem: "additionalProperties is not false" });
    const keys = Object.keys((record.properties ?? {}) as Record<string, unknown>).sort();
    const required = [...((record.required ?? []) as string[])].sort();
    if (JSON.stringify(keys) !== JSON.stringify(required))
      found.push({
        at,
        problem: `required ${JSON.stringify(required)} != properties ${JSON.stringify(keys)}`,
      });
  }
  for (const [key, value] of Object.entries(record)) found.push(...strictViolations(value, `${at}/${key}`));
  return found;
}

describe("AreaOutput", () => {
  it("parses a complete answer unchanged", () => {
    expect(AreaOutput.parse(output)).toEqual(output);
  });

  it.each([
    ["AreaOutput", AreaOutput],
    ["areaOutputSchema(security)", areaOutputSchema("security")],
    ["ExecutiveSummaryOutput", ExecutiveSummaryOutput],
  ])("%s is a strict JSON Schema: closed objects, every property required", (_name, schema) => {
    const json = z.toJSONSchema(schema);
    expect(strictViolations(json)).toEqual([]);
    // The checker itself must notice an open object, or this test could never fail.
    expect(strictViolations(z.toJSONSchema(schema, { io: "input" })).length).toBeGreaterThan(0);
  });

  it("emits no length keywords that strict structured outputs reject", () => {
    const serialised = JSON.stringify(z.toJSONSchema(AreaOutput));
    expect(serialised).not.toMatch(/"(minLength|maxLength|minItems|maxItems)"/);
  });

  it("rejects blank text, out-of-range confidence and a missing nullable property", () => {
    const blankTitle = AreaOutput.safeParse({ ...output, findings: [{ ...finding, title: "  " }] });
    expect(blankTitle.error?.issues.map((issue) => issue.path.join("."))).toEqual(["findings.0.title"]);
    const confident = AreaOutput.safeParse({ ...output, findings: [{ ...finding, confidence: 1.5 }] });
    expect(confident.error?.issues.map((issue) => issue.path.join("."))).toEqual(["findings.0.confidence"]);
    const { category: _category, ...withoutCategory } = finding;
    const missing = AreaOutput.safeParse({ ...output, findings: [withoutCategory] });
    expect(missing.error?.issues.map((issue) => issue.path.join("."))).toEqual(["findings.0.category"]);
  });

  it("narrowed to an area, rejects a finding filed under another area but accepts cross-area tags", () => {
    const schema = areaOutputSchema("reliability");
    expect(schema.safeParse(output).success).toBe(false);
    const moved = { ...output, findings: [{ ...finding, area: "reliability", alsoAreas: ["security"] }] };
    expect(schema.parse(moved).findings[0]?.alsoAreas).toEqual(["security"]);
  });
});

describe("ScannerDecision", () => {
  it("requires a severity to escalate and a reason for every decision", () => {
    const escalate = {
      id: "size/large-file-1",
      action: "escalate",
      severity: null,
      reason: "on the hot path",
    };
    expect(ScannerDecision.safeParse(escalate).error?.issues.map((issue) => issue.message)).toEqual([
      "an escalation must give the new severity",
    ]);
    expect(ScannerDecision.parse({ ...escalate, severity: "high" }).severity).toBe("high");
    expect(
      ScannerDecision.safeParse({ id: "x", action: "dismiss", severity: null, reason: "" }).success,
    ).toBe(false);
  });
});
