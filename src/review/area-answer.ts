import { z } from "zod";
import { AREAS, type Area, type AreaOutput, SEVERITIES, type Severity } from "../../schemas/index.js";
import { parseJson } from "../llm/parse-json.js";
import type { GenerateResponse } from "../llm/types.js";

/**
 * Reading a model's area answer. The request asks for `areaOutputSchema(area)` in strict mode, but
 * OpenAI-compatible servers without JSON-schema support (or small models) drift: "High" for "high",
 * a missing `alsoAreas`, JSON wrapped in prose. The answer is read leniently where the meaning is
 * unambiguous, and rejected (for the repair round) where it is not: a finding with no file, line or
 * evidence cannot be verified, so it is never guessed.
 */

const SEVERITY_WORDS: Record<string, Severity> = {
  crit: "critical",
  blocker: "critical",
  major: "high",
  error: "high",
  moderate: "medium",
  med: "medium",
  warning: "medium",
  warn: "medium",
  minor: "low",
  informational: "info",
  information: "info",
  note: "info",
  none: "info",
};

/** A severity word as models write it, normalised to critical / high / medium / low / info. */
export function normaliseSeverity(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(word)) return word;
  return SEVERITY_WORDS[word] ?? value;
}

const ACTION_WORDS: Record<string, string> = {
  confirmed: "confirm",
  escalated: "escalate",
  dismissed: "dismiss",
  reject: "dismiss",
  rejected: "dismiss",
};

const lower = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : value);
const nonBlank = z.string().refine((value) => value.trim().length > 0, "must not be blank");
const LenientSeverity = z.preprocess(normaliseSeverity, z.enum(SEVERITIES));
const areaList = z.preprocess(
  (value) =>
    Array.isArray(value)
      ? value.map(lower).filter((area) => (AREAS as readonly unknown[]).includes(area))
      : [],
  z.array(z.enum(AREAS)),
);
const confidence = z.preprocess(
  (value) => (typeof value === "number" && value > 1 && value <= 100 ? value / 100 : value),
  z.number().min(0).max(1),
);
const line = z.coerce.number().int().min(1);

const LenientFinding = z.object({
  title: nonBlank,
  severity: LenientSeverity,
  area: z.preprocess(lower, z.enum(AREAS)).nullish(),
  alsoAreas: areaList.optional(),
  description: z.string().nullish(),
  recommendation: z.string().nullish(),
  file: nonBlank,
  startLine: line,
  endLine: line.nullish(),
  evidence: nonBlank,
  confidence: confidence.nullish(),
  category: z.string().nullish(),
});

const LenientDecision = z.object({
  id: nonBlank,
  action: z.preprocess(
    (value) => {
      const word = lower(value);
      return typeof word === "string" ? (ACTION_WORDS[word] ?? word) : word;
    },
    z.enum(["confirm", "escalate", "dismiss"]),
  ),
  severity: LenientSeverity.nullish(),
  reason: z.string().nullish(),
});

const LenientStrength = z.union([
  nonBlank.transform((description) => ({ description, file: null, line: null })),
  z.object({ description: nonBlank, file: z.string().nullish(), line: line.nullish() }),
]);

const LenientAreaOutput = z.object({
  findings: z.array(LenientFinding).nullish(),
  scannerFindings: z.array(z.unknown()).nullish(),
  strengths: z.array(z.unknown()).nullish(),
  summary: z.string().nullish(),
});

/** The answer read into the area's output shape, plus what was left out and why. */
export type AreaAnswer = { ok: true; value: AreaOutput; notes: string[] } | { ok: false; problem: string };

/** Default confidence for a finding whose answer gave none. */
const DEFAULT_CONFIDENCE = 0.7;

/** Reads a finished answer as the area's output; `problem` explains a rejection for the repair round. */
export function parseAreaAnswer(response: GenerateResponse, area: Area): AreaAnswer {
  const raw = answerValue(response);
  return raw.ok ? parseAreaValue(raw.value, area) : raw;
}

/** Reads a JSON value (an answer, or a cached one) as the area's output. Idempotent on its own result. */
export function parseAreaValue(answer: unknown, area: Area): AreaAnswer {
  const value = Array.isArray(answer) ? { findings: answer } : answer;
  const parsed = LenientAreaOutput.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `- ${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`,
    );
    return { ok: false, problem: `the answer does not match the schema:\n${issues.join("\n")}` };
  }
  const notes: string[] = [];
  const decisions = (parsed.data.scannerFindings ?? []).flatMap((entry) => {
    const decision = LenientDecision.safeParse(entry);
    const reason = decision.success ? decision.data.reason?.trim() : undefined;
    if (!decision.success || !reason || (decision.data.action === "escalate" && !decision.data.severity)) {
      notes.push(`${area}: ignored a pre-scan decision without an id, action, reason or new severity`);
      return [];
    }
    return [{ ...decision.data, severity: decision.data.severity ?? null, reason }];
  });
  const strengths = (parsed.data.strengths ?? []).flatMap((entry) => {
    const strength = LenientStrength.safeParse(entry);
    return strength.success
      ? [
          {
            description: strength.data.description,
            file: strength.data.file ?? null,
            line: strength.data.line ?? null,
          },
        ]
      : [];
  });
  const findings = (parsed.data.findings ?? []).map((finding) => {
    const endLine = finding.endLine ?? finding.startLine;
    const declared = finding.area ?? area;
    return {
      title: finding.title.trim(),
      severity: finding.severity,
      // A finding filed under another area keeps it; the reviewed area is not added on top.
      area: declared,
      alsoAreas: (finding.alsoAreas ?? []).filter((other) => other !== declared),
      description: finding.description?.trim() ?? "",
      recommendation: finding.recommendation?.trim() ?? "",
      file: finding.file.trim(),
      startLine: Math.min(finding.startLine, endLine),
      endLine: Math.max(finding.startLine, endLine),
      evidence: finding.evidence,
      confidence: finding.confidence ?? DEFAULT_CONFIDENCE,
      category: finding.category?.trim() || null,
    };
  });
  return {
    ok: true,
    value: { findings, scannerFindings: decisions, strengths, summary: parsed.data.summary?.trim() ?? "" },
    notes,
  };
}

/** The JSON value of an answer: the adapter's parsed output, else its text, else a JSON object inside prose. */
function answerValue(
  response: GenerateResponse,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (response.output !== undefined) return { ok: true, value: response.output };
  const text = (response.outputText ?? response.text).trim();
  if (text.length === 0) {
    const calls = response.toolCalls.map((call) => call.name).join(", ");
    return {
      ok: false,
      problem: calls ? `called tools (${calls}) instead of answering` : "the answer was empty",
    };
  }
  const direct = parseJson(unfence(text));
  if (direct.ok) return direct;
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start !== -1 && end > start) {
    const embedded = parseJson(text.slice(start, end + 1));
    if (embedded.ok) return embedded;
  }
  return { ok: false, problem: `the answer is not valid JSON (${direct.error})` };
}

function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n\s*```$/.exec(text);
  return fenced?.[1] ?? text;
}
