import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LlmAnswerError } from "../../src/llm/answer-error.js";
import { createAnthropicClient } from "../../src/llm/anthropic-client.js";
import { generateStructured } from "../../src/llm/generate-structured.js";
import { createOpenAiClient } from "../../src/llm/openai-client.js";
import type { GenerateRequest } from "../../src/llm/types.js";
import { withRetries } from "../../src/llm/with-retries.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();
const anthropic = () => createAnthropicClient({ apiKey: "sk-ant-test", model: "claude-opus-5-5" });
const openai = () => createOpenAiClient({ apiKey: "sk-test", model: "gpt-5.4" });

const Verdict = z.object({
  verdict: z.enum(["pass", "fail"]),
  count: z.number().int().min(0),
  note: z.string().optional(),
  confidence: z.number().min(0).max(1).default(0.5),
});
const request: Omit<GenerateRequest, "output"> = {
  system: [{ text: "Judge the code." }],
  messages: [{ role: "user", content: "Judge src/a.ts" }],
  maxTokens: 512,
};
const options = { name: "verdict" };

describe("generateStructured", () => {
  it("returns the validated value on a good first answer, with zod defaults applied to null optionals", async () => {
    kit.openai.reply({
      json: { verdict: "pass", count: 2, note: null, confidence: null },
      usage: { input: 10, output: 5 },
    });
    const result = await generateStructured(openai(), request, Verdict, options);
    expect(result).toMatchObject({
      value: { verdict: "pass", count: 2, confidence: 0.5 },
      repaired: false,
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
      warnings: [],
    });
    expect(result.value).not.toHaveProperty("note");
    const format = kit.openai.body(0).response_format as {
      json_schema: { schema: { required: string[] } };
    };
    expect(format.json_schema.schema.required).toEqual(["verdict", "count", "note", "confidence"]);
  });

  it("sends the validation errors back once and accepts the repaired answer", async () => {
    kit.anthropic
      .reply({ json: { verdict: "maybe", count: -1 } })
      .reply({ json: { verdict: "fail", count: 0 } });
    const result = await generateStructured(anthropic(), request, Verdict, options);
    expect(result.value).toEqual({ verdict: "fail", count: 0, confidence: 0.5 });
    expect(result.repaired).toBe(true);
    expect(result.responses).toHaveLength(2);
    const messages = kit.anthropic.body(1).messages as Array<{
      role: string;
      content: Array<{ text: string }>;
    }>;
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[1]?.content[0]?.text).toBe('{"verdict":"maybe","count":-1}');
    const repair = messages[2]?.content[0]?.text ?? "";
    expect(repair).toMatch(
      /^Your answer cannot be used: the answer does not match the schema:\n- verdict: .+\n- count: .+\nReply again with only the corrected JSON that matches the schema\.$/,
    );
  });

  it("throws LLM_OUTPUT_INVALID after one failed repair, with the raw text, usage, stop reason and cause", async () => {
    kit.anthropic
      .reply({ rawJson: '{"verdict": "pass", "count": ', usage: { input: 20, output: 4 } })
      .reply({ json: { verdict: "pass" }, usage: { input: 30, output: 6 } })
      .reply({ json: { verdict: "pass", count: 1 } });
    const error = (await generateStructured(anthropic(), request, Verdict, options).catch(
      (caught: unknown) => caught,
    )) as LlmAnswerError;
    expect(error).toBeInstanceOf(LlmAnswerError);
    expect(error).toMatchObject({
      code: "LLM_OUTPUT_INVALID",
      rawText: '{"verdict":"pass"}',
      stopReason: "end",
      usage: { inputTokens: 50, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
    expect(error.message).toMatch(
      /^anthropic claude-opus-5-5 gave no valid verdict after one repair round: the answer does not match the schema: - count: /,
    );
    expect(error.cause).toBeInstanceOf(z.ZodError);
    const repair = (kit.anthropic.body(1).messages as Array<{ content: Array<{ text: string }> }>)[2];
    expect(repair?.content[0]?.text).toContain("the answer is not valid JSON");
    // Exactly one repair: the third scripted answer is never asked for.
    expect(kit.anthropic.requests).toHaveLength(2);
  });

  it("throws LLM_TRUNCATED for a cut-off answer without trying to parse or repair it", async () => {
    kit.anthropic.reply({ json: { verdict: "pass", count: 1 }, truncated: true, usage: { output: 512 } });
    await expect(generateStructured(anthropic(), request, Verdict, options)).rejects.toMatchObject({
      code: "LLM_TRUNCATED",
      stopReason: "max_tokens",
      message: "anthropic claude-opus-5-5 answer was cut off by the max_tokens limit after 512 output tokens",
    });
    expect(kit.anthropic.requests).toHaveLength(1);
  });

  it("throws LLM_REFUSED for refusals and content filtering", async () => {
    kit.openai.reply({ refusal: "I can't help with that." }).reply({ text: "{}", contentFilter: true });
    await expect(generateStructured(openai(), request, Verdict, options)).rejects.toMatchObject({
      code: "LLM_REFUSED",
      message: "openai gpt-5.4 refused to answer: I can't help with that.",
    });
    await expect(generateStructured(openai(), request, Verdict, options)).rejects.toMatchObject({
      code: "LLM_REFUSED",
      message: "openai gpt-5.4 answer was stopped by the provider's content filter",
    });
  });

  it("is not retried by the retry policy: a validation failure is not a call failure", async () => {
    kit.openai
      .reply({ json: { nope: true } })
      .reply({ json: { nope: true } })
      .reply({ json: { nope: true } });
    const client = withRetries(openai(), {}, { sleep: async () => {} });
    await expect(generateStructured(client, request, Verdict, options)).rejects.toMatchObject({
      code: "LLM_OUTPUT_INVALID",
    });
    expect(kit.openai.requests).toHaveLength(2);
  });
});
