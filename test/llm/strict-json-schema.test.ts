import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AreaOutput } from "../../schemas/area-output.js";
import { dropNullOptionals, toStrictJsonSchema, zodToJsonSchema } from "../../src/llm/strict-json-schema.js";
import { openObjectPath } from "../llm-kit/anthropic-wire.js";
import { strictSchemaProblem } from "../llm-kit/openai-wire.js";

const Finding = z.object({
  title: z.string().min(1).describe("One line"),
  line: z.number().int().min(1),
  severity: z.enum(["high", "low"]).optional(),
  tags: z.array(z.string()).max(5).optional(),
  note: z.string().nullable(),
  confidence: z.number().min(0).max(1).default(1),
  where: z.object({ file: z.string() }).optional(),
});

describe("toStrictJsonSchema", () => {
  it("closes every object, requires every key, and makes optional keys nullable", () => {
    expect(toStrictJsonSchema(z.object({ findings: z.array(Finding) }))).toEqual({
      type: "object",
      properties: {
        findings: {
          type: "array",
          items: {
            type: "object",
            properties: {
              title: { type: "string", description: "One line\n\n{minLength: 1}" },
              line: { type: "integer", minimum: 1 },
              severity: { type: ["string", "null"], enum: ["high", "low", null] },
              tags: { type: ["array", "null"], maxItems: 5, items: { type: "string" } },
              note: { type: ["string", "null"] },
              confidence: { type: ["number", "null"], minimum: 0, maximum: 1 },
              where: {
                type: ["object", "null"],
                properties: { file: { type: "string" } },
                required: ["file"],
                additionalProperties: false,
              },
            },
            required: ["title", "line", "severity", "tags", "note", "confidence", "where"],
            additionalProperties: false,
          },
        },
      },
      required: ["findings"],
      additionalProperties: false,
    });
  });

  it("produces schemas OpenAI strict mode and Anthropic's output format accept, for the real area output", () => {
    const schema = toStrictJsonSchema(AreaOutput);
    expect(strictSchemaProblem(schema, [])).toBeUndefined();
    expect(openObjectPath(schema, "schema")).toBeUndefined();
    // The decoy: zod's own JSON Schema is not strict-compatible, so the checks above can fail.
    expect(strictSchemaProblem(zodToJsonSchema(z.object({ a: z.string().optional() })), [])).toContain(
      "'additionalProperties' is required to be supplied and to be false",
    );
    expect(
      strictSchemaProblem(
        { type: "object", properties: { a: {} }, required: [], additionalProperties: false },
        [],
      ),
    ).toContain("Missing 'a'");
  });

  it("refuses records, which strict mode cannot express", () => {
    expect(() => toStrictJsonSchema(z.object({ counts: z.record(z.string(), z.number()) }))).toThrow(
      /at \$\.counts is a record/,
    );
  });
});

describe("dropNullOptionals", () => {
  it("removes nulls the model sent for optional keys so zod applies its defaults, and keeps real nulls", () => {
    const answer = {
      findings: [
        {
          title: "t",
          line: 3,
          severity: null,
          tags: null,
          note: null,
          confidence: null,
          where: { file: "a.ts" },
        },
      ],
    };
    const schema = z.object({ findings: z.array(Finding) });
    const cleaned = dropNullOptionals(answer, zodToJsonSchema(schema));
    expect(cleaned).toEqual({ findings: [{ title: "t", line: 3, note: null, where: { file: "a.ts" } }] });
    expect(schema.parse(cleaned)).toEqual({
      findings: [{ title: "t", line: 3, note: null, confidence: 1, where: { file: "a.ts" } }],
    });
    expect(() => schema.parse(answer)).toThrow();
  });
});
