import { describe, expect, it } from "vitest";
import { LlmCallError } from "../../src/llm/llm-error.js";
import { createOpenAiClient, NO_KEY_PLACEHOLDER } from "../../src/llm/openai-client.js";
import type { GenerateRequest } from "../../src/llm/types.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const LOCAL = "http://127.0.0.1:11434/v1";
const kit = useLlmKit({ openaiBaseUrls: ["https://api.openai.com/v1", LOCAL] });
const client = () => createOpenAiClient({ apiKey: "sk-test", model: "gpt-5.4" });

const schema = {
  type: "object",
  properties: { verdict: { type: "string" }, note: { type: ["string", "null"] } },
  required: ["verdict", "note"],
  additionalProperties: false,
};

const base: GenerateRequest = {
  system: [{ text: "You review code." }, { text: "Repo map: src/a.ts", cache: true }],
  messages: [{ role: "user", content: "Review src/a.ts" }],
  maxTokens: 2048,
};

describe("createOpenAiClient", () => {
  it("sends a chat completion with max_completion_tokens and maps usage with cached tokens split out", async () => {
    kit.openai.reply({ text: "Fine.", usage: { input: 100, output: 12, cacheRead: 1024 } });
    const response = await client().generate(base);
    expect(kit.openai.bodies[0]).toEqual({
      model: "gpt-5.4",
      messages: [
        { role: "system", content: "You review code.\n\nRepo map: src/a.ts" },
        { role: "user", content: "Review src/a.ts" },
      ],
      max_completion_tokens: 2048,
    });
    expect(kit.openai.requests[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(response).toMatchObject({
      provider: "openai",
      model: "gpt-5.4",
      text: "Fine.",
      stopReason: "end",
      usage: { inputTokens: 100, outputTokens: 12, cacheReadTokens: 1024, cacheWriteTokens: 0 },
      warnings: [],
    });
    expect(response.requestId).toMatch(/^req_/);
  });

  it("requests strict JSON-schema output and parses the answer", async () => {
    kit.openai.reply({ json: { verdict: "ok", note: null } });
    const response = await client().generate({ ...base, output: { name: "area review", schema } });
    expect(kit.openai.body(0).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "area_review", strict: true, schema },
    });
    expect(response.output).toEqual({ verdict: "ok", note: null });
  });

  it("surfaces OpenAI's 400 for a schema strict mode rejects instead of falling back", async () => {
    const open = { type: "object", properties: { verdict: { type: "string" } } };
    const error = (await client()
      .generate({ ...base, output: { name: "review", schema: open } })
      .catch((caught: unknown) => caught)) as LlmCallError;
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.message).toContain("Invalid schema for response_format 'review'");
    expect(kit.openai.requests).toHaveLength(1);
  });

  it("pairs tool_calls with tool messages and parses tool arguments", async () => {
    kit.openai
      .reply({ toolUse: { name: "grep", input: { pattern: "TODO" }, id: "call_1" } })
      .reply({ text: "No TODOs." });
    const tools = [
      { name: "grep", description: "Searches", inputSchema: { type: "object", properties: {} } },
    ];
    const first = await client().generate({ ...base, tools });
    expect(first).toMatchObject({
      stopReason: "tool_use",
      toolCalls: [{ id: "call_1", name: "grep", input: { pattern: "TODO" } }],
    });
    await client().generate({
      ...base,
      tools,
      messages: [
        ...base.messages,
        first.message,
        {
          role: "user",
          content: [
            { type: "tool_result", toolUseId: "call_1", content: "no matches", isError: false },
            { type: "text", text: "Go on." },
          ],
        },
      ],
    });
    expect(kit.openai.body(1).messages).toEqual([
      { role: "system", content: "You review code.\n\nRepo map: src/a.ts" },
      { role: "user", content: "Review src/a.ts" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "grep", arguments: '{"pattern":"TODO"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "no matches" },
      { role: "user", content: "Go on." },
    ]);
    expect(kit.openai.body(1).tools).toEqual([
      {
        type: "function",
        function: { name: "grep", description: "Searches", parameters: { type: "object", properties: {} } },
      },
    ]);
  });

  it("talks to an OpenAI-compatible server without a key, using max_tokens", async () => {
    kit.openai.reply({ text: "hi", model: "llama3.3" });
    const local = createOpenAiClient({ model: "llama3.3", baseUrl: LOCAL });
    const response = await local.generate(base);
    expect(kit.openai.requests[0]?.url).toBe(`${LOCAL}/chat/completions`);
    expect(kit.openai.requests[0]?.headers.authorization).toBe(`Bearer ${NO_KEY_PLACEHOLDER}`);
    expect(kit.openai.body(0).max_tokens).toBe(2048);
    expect(kit.openai.body(0).max_completion_tokens).toBeUndefined();
    expect(response.model).toBe("llama3.3");
  });

  it("falls back to JSON mode, then to prompt-only JSON, when a server rejects response formats", async () => {
    kit.openai.rejectJsonSchema = true;
    kit.openai.reply({ text: '```json\n{"verdict":"ok","note":"x"}\n```' });
    const local = createOpenAiClient({ model: "qwen3", baseUrl: LOCAL });
    const response = await local.generate({ ...base, output: { name: "review", schema } });
    const formats = kit.openai.bodies.map(
      (body) => (body.response_format as { type?: string } | undefined)?.type,
    );
    expect(formats).toEqual(["json_schema", "json_object", undefined]);
    const system = (kit.openai.body(2).messages as Array<{ content: string }>)[0]?.content;
    expect(system).toContain(`It must match this JSON Schema:\n${JSON.stringify(schema)}`);
    expect(response.output).toEqual({ verdict: "ok", note: "x" });
    expect(response.warnings).toEqual([
      expect.stringMatching(
        /rejected JSON-schema output for qwen3 .*fell back to JSON mode with validation$/,
      ),
      expect.stringMatching(/rejected JSON mode for qwen3 .*fell back to prompt-only JSON with validation$/),
    ]);
  });

  it("reports length, content_filter and refusal as stop reasons and never parses them", async () => {
    kit.openai
      .reply({ json: { verdict: "cut", note: null }, truncated: true })
      .reply({ text: "x", contentFilter: true })
      .reply({ refusal: "I can't assist with that." });
    const results = [];
    for (let index = 0; index < 3; index++) {
      const response = await client().generate({ ...base, output: { name: "review", schema } });
      results.push({ stop: response.stopReason, output: response.output, refusal: response.refusal });
    }
    expect(results).toEqual([
      { stop: "max_tokens", output: undefined, refusal: undefined },
      { stop: "content_filter", output: undefined, refusal: undefined },
      { stop: "refusal", output: undefined, refusal: "I can't assist with that." },
    ]);
  });

  it("names OPENAI_API_KEY and the server in one line when the key is rejected", async () => {
    kit.openai.apiKey = "sk-right";
    const local = createOpenAiClient({ apiKey: "sk-wrong", model: "m", baseUrl: LOCAL });
    const error = (await local.generate(base).catch((caught: unknown) => caught)) as LlmCallError;
    expect(error).toMatchObject({
      code: "LLM_AUTH",
      status: 401,
      retryable: false,
      apiType: "invalid_api_key",
    });
    expect(error.message).toMatch(
      /^openai rejected the request \(401 invalid_api_key: Incorrect API key provided\..*\): invalid API key: check OPENAI_API_KEY \(sent to http:\/\/127\.0\.0\.1:11434\/v1\) \[request req_\w+\]$/,
    );
    expect(error.message).not.toContain("\n");
  });

  it("flags a server that reports no usage", async () => {
    kit.openai.reply({ text: "ok", omitUsage: true });
    const response = await createOpenAiClient({ model: "m", baseUrl: LOCAL }).generate(base);
    expect(response.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    expect(response.warnings).toEqual([`openai: the server at ${LOCAL} reported no token usage for m`]);
  });

  it("classifies a 429 with retry-after and x-request-id", async () => {
    kit.openai.rateLimit(3);
    const error = (await client()
      .generate(base)
      .catch((caught: unknown) => caught)) as LlmCallError;
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({
      kind: "rate_limit",
      retryable: true,
      retryAfterMs: 3000,
      apiType: "rate_limit_exceeded",
    });
    expect(error.requestId).toMatch(/^req_/);
  });
});
