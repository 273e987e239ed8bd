import { describe, expect, it } from "vitest";
import { emptyUsage, type GenerateResponse } from "../../src/llm/types.js";
import { normaliseSeverity, parseAreaAnswer, parseAreaValue } from "../../src/review/area-answer.js";

function response(fields: Partial<GenerateResponse>): GenerateResponse {
  return {
    provider: "openai",
    model: "m",
    text: "",
    toolCalls: [],
    message: { role: "assistant", content: [] },
    stopReason: "end",
    usage: emptyUsage(),
    warnings: [],
    ...fields,
  };
}

const FINDING = {
  title: "No timeout",
  severity: "high",
  area: "reliability",
  alsoAreas: [],
  description: "Hangs.",
  recommendation: "Add one.",
  file: "src/a.ts",
  startLine: 4,
  endLine: 4,
  evidence: "fetch(url)",
  confidence: 0.9,
  category: "missing-timeout",
};

describe("parseAreaValue", () => {
  it("keeps a schema-conforming answer as it is", () => {
    const value = { findings: [FINDING], scannerFindings: [], strengths: [], summary: "Ok." };
    expect(parseAreaValue(value, "reliability")).toEqual({ ok: true, value, notes: [] });
  });

  it("reads what small models drift into: capitalised words, missing fields, percentages, swapped lines", () => {
    const answer = parseAreaValue(
      {
        findings: [
          {
            title: " No timeout ",
            severity: "Warning",
            file: "src/a.ts",
            startLine: "9",
            endLine: 7,
            evidence: "fetch(url)",
            confidence: 85,
            alsoAreas: ["Security", "speed"],
          },
        ],
        scannerFindings: [
          { id: "CA-1", action: "Dismissed", reason: "a test fixture" },
          { id: "CA-2", action: "dismiss" },
          { id: "CA-3", action: "escalate", severity: null, reason: "worse" },
        ],
        strengths: ["Retries with jitter.", { description: "One client.", file: "src/a.ts", line: 2 }, 7],
      },
      "reliability",
    );
    expect(answer).toEqual({
      ok: true,
      value: {
        findings: [
          {
            title: "No timeout",
            severity: "medium",
            area: "reliability",
            alsoAreas: ["security"],
            description: "",
            recommendation: "",
            file: "src/a.ts",
            startLine: 7,
            endLine: 9,
            evidence: "fetch(url)",
            confidence: 0.85,
            category: null,
          },
        ],
        scannerFindings: [{ id: "CA-1", action: "dismiss", severity: null, reason: "a test fixture" }],
        strengths: [
          { description: "Retries with jitter.", file: null, line: null },
          { description: "One client.", file: "src/a.ts", line: 2 },
        ],
        summary: "",
      },
      notes: [
        "reliability: ignored a pre-scan decision without an id, action, reason or new severity",
        "reliability: ignored a pre-scan decision without an id, action, reason or new severity",
      ],
    });
  });

  it("keeps a finding filed under another area there, and reads a bare array as the findings", () => {
    const answer = parseAreaValue([{ ...FINDING, area: "security" }], "reliability");
    expect(answer.ok && answer.value.findings[0]?.area).toBe("security");
  });

  it("rejects a finding it could never verify, naming the field for the repair round", () => {
    const { file: _file, ...withoutFile } = FINDING;
    expect(parseAreaValue({ findings: [withoutFile] }, "reliability")).toEqual({
      ok: false,
      problem: expect.stringMatching(/^the answer does not match the schema:\n- findings\.0\.file: /),
    });
    expect(parseAreaValue({ findings: [{ ...FINDING, severity: "urgent" }] }, "reliability").ok).toBe(false);
  });
});

describe("parseAreaAnswer", () => {
  it("uses the adapter's parsed output, else the text, a fenced block or a JSON object inside prose", () => {
    const value = { findings: [], summary: "s" };
    const expected = {
      ok: true,
      value: { findings: [], scannerFindings: [], strengths: [], summary: "s" },
      notes: [],
    };
    expect(parseAreaAnswer(response({ output: value }), "testing")).toEqual(expected);
    expect(parseAreaAnswer(response({ text: JSON.stringify(value) }), "testing")).toEqual(expected);
    expect(
      parseAreaAnswer(response({ text: `\`\`\`json\n${JSON.stringify(value)}\n\`\`\`` }), "testing"),
    ).toEqual(expected);
    expect(
      parseAreaAnswer(response({ text: `Here you go: ${JSON.stringify(value)} Done.` }), "testing"),
    ).toEqual(expected);
  });

  it("explains an empty answer, a tool call in place of an answer, and text that holds no JSON", () => {
    expect(parseAreaAnswer(response({}), "testing")).toEqual({ ok: false, problem: "the answer was empty" });
    expect(
      parseAreaAnswer(response({ toolCalls: [{ id: "1", name: "grep", input: {} }] }), "testing"),
    ).toEqual({ ok: false, problem: "called tools (grep) instead of answering" });
    expect(parseAreaAnswer(response({ text: "All good." }), "testing")).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^the answer is not valid JSON/),
    });
  });
});

describe("normaliseSeverity", () => {
  it("maps the words models use onto the five levels and leaves unknown words to fail validation", () => {
    expect(
      ["CRITICAL", "blocker", "Major", "moderate", "minor", "informational", "bogus", 3].map(
        normaliseSeverity,
      ),
    ).toEqual(["critical", "critical", "high", "medium", "low", "info", "bogus", 3]);
  });
});
