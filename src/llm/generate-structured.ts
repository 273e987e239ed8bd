import type { z } from "zod";
import { addUsage, ensureCompleted, LlmAnswerError } from "./answer-error.js";
import { parseJson } from "./parse-json.js";
import { dropNullOptionals, toStrictJsonSchema, zodToJsonSchema } from "./strict-json-schema.js";
import type {
  GenerateRequest,
  GenerateResponse,
  JsonSchema,
  LlmClient,
  LlmMessage,
  TokenUsage,
} from "./types.js";

export interface StructuredOptions {
  /** Names the output for the provider (`json_schema.name`); letters, digits, `_` and `-`. */
  name: string;
  description?: string;
  signal?: AbortSignal;
}

export interface StructuredResult<T> {
  value: T;
  /** Every response, the repair's included, in order. */
  responses: GenerateResponse[];
  usage: TokenUsage;
  warnings: string[];
  repaired: boolean;
}

/** The result of checking one answer against the schema. */
export type StructuredCheck<T> = { ok: true; value: T } | { ok: false; problem: string; cause?: unknown };

/** The output format to put in a request for this zod schema (strict-compatible JSON Schema). */
export function outputFormatFor(schema: z.ZodType, options: Pick<StructuredOptions, "name" | "description">) {
  return {
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    schema: toStrictJsonSchema(schema),
  };
}

/** Parses and validates a finished answer's structured output with zod. */
export function checkStructured<T>(
  response: GenerateResponse,
  schema: z.ZodType<T>,
  inputSchema: JsonSchema = zodToJsonSchema(schema),
): StructuredCheck<T> {
  let value = response.output;
  if (value === undefined) {
    const raw = response.outputText ?? response.text;
    if (raw.trim().length === 0) {
      const calls = response.toolCalls.map((call) => call.name).join(", ");
      return {
        ok: false,
        problem: calls ? `called tools (${calls}) instead of answering` : "the answer was empty",
      };
    }
    const parsed = parseJson(raw);
    if (!parsed.ok) return { ok: false, problem: `the answer is not valid JSON (${parsed.error})` };
    value = parsed.value;
  }
  const result = schema.safeParse(dropNullOptionals(value, inputSchema));
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map(
    (issue) => `- ${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`,
  );
  return {
    ok: false,
    problem: `the answer does not match the schema:\n${issues.join("\n")}`,
    cause: result.error,
  };
}

/** The two turns that ask the model to fix an answer: its answer as it was, then what is wrong. */
export function repairTurns(response: GenerateResponse, problem: string): LlmMessage[] {
  const previous = response.outputText || response.text || "(no answer)";
  return [
    { role: "assistant", content: [{ type: "text", text: previous }] },
    {
      role: "user",
      content: [
        {
          type: "text",
          text: `Your answer cannot be used: ${problem}\nReply again with only the corrected JSON that matches the schema.`,
        },
      ],
    },
  ];
}

/**
 * One structured answer validated by zod: the JSON Schema comes from the zod schema (made strict),
 * a failing answer gets exactly one repair round that shows the model its validation errors, and a
 * second failure throws LLM_OUTPUT_INVALID with the raw text, usage, stop reason and cause. Truncated,
 * refused and filtered answers throw at once (LLM_TRUNCATED / LLM_REFUSED) and are never parsed.
 */
export async function generateStructured<T>(
  client: LlmClient,
  request: Omit<GenerateRequest, "output">,
  schema: z.ZodType<T>,
  options: StructuredOptions,
): Promise<StructuredResult<T>> {
  const inputSchema = zodToJsonSchema(schema);
  const output = outputFormatFor(schema, options);
  const first = ensureCompleted(await client.generate({ ...request, output }, options.signal));
  const firstCheck = checkStructured(first, schema, inputSchema);
  if (firstCheck.ok) return result(firstCheck.value, [first], false);

  const messages = [...request.messages, ...repairTurns(first, firstCheck.problem)];
  const second = ensureCompleted(await client.generate({ ...request, messages, output }, options.signal));
  const secondCheck = checkStructured(second, schema, inputSchema);
  if (secondCheck.ok) return result(secondCheck.value, [first, second], true);
  throw new LlmAnswerError(
    "LLM_OUTPUT_INVALID",
    `${second.provider} ${second.model} gave no valid ${options.name} after one repair round: ${secondCheck.problem.split("\n").join(" ")}`,
    {
      rawText: second.outputText ?? second.text,
      usage: addUsage(first.usage, second.usage),
      stopReason: second.stopReason,
      provider: second.provider,
      model: second.model,
      ...(second.requestId ? { requestId: second.requestId } : {}),
      cause: secondCheck.cause ?? new Error(secondCheck.problem),
    },
  );
}

function result<T>(value: T, responses: GenerateResponse[], repaired: boolean): StructuredResult<T> {
  return {
    value,
    responses,
    usage: responses.map((response) => response.usage).reduce(addUsage),
    warnings: [...new Set(responses.flatMap((response) => response.warnings))],
    repaired,
  };
}
