import { describe, expect, it } from "vitest";
import { createAnthropicClient } from "../../src/llm/anthropic-client.js";
import { LlmCallError } from "../../src/llm/llm-error.js";
import type { GenerateRequest } from "../../src/llm/types.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const GATEWAY = "https://llm-gateway.example.com";
const kit = useLlmKit({ anthropicBaseUrls: ["https://api.anthropic.com", GATEWAY] });
const client = () => createAnthropicClient({ apiKey: "sk-ant-test", model: "claude-sonnet-5-5" });

const schema = {
  type: "object",
  properties: { verdict: { type: "string" }, count: { type: "integer", minimum: 0 } },
  required: ["verdict", "count"],
  additionalProperties: false,
};

const base: GenerateRequest = {
  system: [
    { text: "You review code.", cache: false },
    { text: "Repo map: src/a.ts", cache: true },
  ],
  messages: [{ role: "user", content: "Review src/a.ts" }],
  maxTokens: 1024,
};

describe("createAnthropicClient", () => {
  it("sends a Messages request with the cached prefix marked, and maps text, usage and request id", async () => {
    kit.anthropic.reply({
      text: "Looks fine.",
      usage: { input: 40, output: 7, cacheRead: 900, cacheWrite: 50 },
    });
    const response = await client().generate(base);
    expect(kit.anthropic.bodies[0]).toEqual({
      model: "claude-sonnet-5-5",
      max_tokens: 1024,
      system: [
        { type: "text", text: "You review code." },
        { type: "text", text: "Repo map: src/a.ts", cache_control: { type: "ephemeral" } },
      ],
      messages: [{ role: "user", content: [{ type: "text", text: "Review src/a.ts" }] }],
    });
    expect(kit.anthropic.requests[0]?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(response).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      text: "Looks fine.",
      toolCalls: [],
      stopReason: "end",
      usage: { inputTokens: 40, outputTokens: 7, cacheReadTokens: 900, cacheWriteTokens: 50 },
      warnings: [],
    });
    expect(response.requestId).toMatch(/^req_/);
    expect(response.output).toBeUndefined();
  });

  it("marks at most four cache breakpoints, keeping the last ones, and talks to a configured base URL", async () => {
    kit.anthropic.reply({ text: "ok" });
    const adapter = createAnthropicClient({
      apiKey: "sk-ant-test",
      model: "claude-sonnet-5-5",
      baseUrl: GATEWAY,
    });
    const system = ["a", "b", "c", "d", "e"].map((text) => ({ text, cache: true }));
    await adapter.generate({ ...base, system });
    expect(kit.anthropic.requests[0]?.url).toBe(`${GATEWAY}/v1/messages`);
    const sent = kit.anthropic.body(0).system as Array<{ text: string; cache_control?: unknown }>;
    expect(sent.map((block) => [block.text, block.cache_control !== undefined])).toEqual([
      ["a", false],
      ["b", true],
      ["c", true],
      ["d", true],
      ["e", true],
    ]);
  });

  it("runs a tool_use turn and sends the tool_result back paired with it, thinking blocks kept verbatim", async () => {
    kit.anthropic
      .reply({ thinking: true, toolUse: { name: "read_file", input: { path: "src/a.ts" }, id: "toolu_1" } })
      .reply({ text: "Done." });
    const tools = [
      {
        name: "read_file",
        description: "Reads a file",
        inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      },
    ];
    const first = await client().generate({ ...base, tools });
    expect(first.stopReason).toBe("tool_use");
    expect(first.toolCalls).toEqual([{ id: "toolu_1", name: "read_file", input: { path: "src/a.ts" } }]);
    const second = await client().generate({
      ...base,
      tools,
      messages: [
        ...base.messages,
        first.message,
        {
          role: "user",
          content: [{ type: "tool_result", toolUseId: "toolu_1", content: "export const a = 1;" }],
        },
      ],
    });
    expect(second.text).toBe("Done.");
    const sent = kit.anthropic.body(1).messages as Array<{
      role: string;
      content: Array<Record<string, unknown>>;
    }>;
    expect(sent[1]?.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const thinking = sent[1]?.content[0];
    expect(thinking).toEqual({ type: "thinking", thinking: "", signature: expect.stringMatching(/^sig_/) });
    expect(first.message).toEqual({
      role: "assistant",
      content: [
        { type: "provider", provider: "anthropic", value: thinking },
        { type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "src/a.ts" } },
      ],
    });
    expect(sent[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: "export const a = 1;" },
    ]);
    expect(kit.anthropic.body(1).tools).toEqual([
      {
        name: "read_file",
        description: "Reads a file",
        input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      },
    ]);
  });

  it("asks for structured output with output_config.format and parses the JSON answer", async () => {
    kit.anthropic.reply({ json: { verdict: "ok", count: 2 } });
    const response = await client().generate({ ...base, output: { name: "review", schema } });
    const format = (kit.anthropic.body(0).output_config as { format: unknown }).format;
    expect(format).toEqual({
      type: "json_schema",
      schema: {
        type: "object",
        properties: { verdict: { type: "string" }, count: { type: "integer", description: "{minimum: 0}" } },
        required: ["verdict", "count"],
        additionalProperties: false,
      },
    });
    expect(kit.anthropic.body(0).tool_choice).toBeUndefined();
    expect(response.output).toEqual({ verdict: "ok", count: 2 });
    expect(response.outputText).toBe('{"verdict":"ok","count":2}');
  });

  it("falls back to a forced tool when the model rejects output_config, and says so", async () => {
    kit.anthropic
      .fail(400, { message: "output_config: Extra inputs are not permitted" })
      .reply({ json: { verdict: "ok", count: 1 } });
    const adapter = createAnthropicClient({ apiKey: "sk-ant-test", model: "claude-sonnet-4" });
    const response = await adapter.generate({ ...base, output: { name: "review", schema } });
    expect(kit.anthropic.body(1).output_config).toBeUndefined();
    expect(kit.anthropic.body(1).tool_choice).toEqual({
      type: "tool",
      name: "review",
      disable_parallel_tool_use: true,
    });
    expect((kit.anthropic.body(1).tools as Array<{ name: string }>).map((tool) => tool.name)).toEqual([
      "review",
    ]);
    expect(response).toMatchObject({ stopReason: "end", output: { verdict: "ok", count: 1 }, toolCalls: [] });
    expect(response.warnings).toEqual([
      expect.stringContaining("claude-sonnet-4 rejected the JSON-schema output format"),
    ]);
    // The mode sticks: the next call goes straight to the forced tool.
    kit.anthropic.reply({ json: { verdict: "again", count: 3 } });
    await adapter.generate({ ...base, output: { name: "review", schema } });
    expect(kit.anthropic.requests).toHaveLength(3);
    expect(kit.anthropic.body(2).tool_choice).toMatchObject({ type: "tool", name: "review" });
  });

  it("reports truncation and refusal as stop reasons and never parses them as output", async () => {
    kit.anthropic.reply({ json: { verdict: "long answer", count: 1 }, truncated: true });
    kit.anthropic.reply({ refusal: "I can't help with that." });
    const truncated = await client().generate({ ...base, output: { name: "review", schema } });
    expect(truncated.stopReason).toBe("max_tokens");
    expect(truncated.output).toBeUndefined();
    expect(truncated.outputText?.length).toBeGreaterThan(0);
    const refused = await client().generate({ ...base, output: { name: "review", schema } });
    expect(refused.stopReason).toBe("refusal");
    expect(refused.output).toBeUndefined();
    expect(refused.refusal).toBe("I can't help with that. category: cyber");
  });

  it("turns a rejected key into one LLM_AUTH line naming ANTHROPIC_API_KEY", async () => {
    kit.anthropic.apiKey = "sk-ant-right";
    const error = await client()
      .generate(base)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ code: "LLM_AUTH", status: 401, retryable: false, kind: "auth" });
    expect((error as Error).message).toMatch(
      /^anthropic rejected the request \(401 authentication_error: invalid x-api-key\): invalid API key: check ANTHROPIC_API_KEY \[request req_\w+\]$/,
    );
  });

  it("classifies rate limits, overload, server errors, resets, malformed bodies and bad requests", async () => {
    kit.anthropic
      .rateLimit(7)
      .overloaded()
      .fail(500)
      .reset()
      .malformedBody()
      .fail(404, { message: "model: claude-nope" });
    const outcomes = [];
    for (let index = 0; index < 6; index++) {
      const error = (await client()
        .generate(base)
        .catch((caught: unknown) => caught)) as LlmCallError;
      outcomes.push({
        code: error.code,
        kind: error.kind,
        retryable: error.retryable,
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        apiType: error.apiType,
      });
    }
    expect(outcomes).toEqual([
      {
        code: "LLM_UNAVAILABLE",
        kind: "rate_limit",
        retryable: true,
        status: 429,
        retryAfterMs: 7000,
        apiType: "rate_limit_error",
      },
      {
        code: "LLM_UNAVAILABLE",
        kind: "overloaded",
        retryable: true,
        status: 529,
        retryAfterMs: undefined,
        apiType: "overloaded_error",
      },
      {
        code: "LLM_UNAVAILABLE",
        kind: "server",
        retryable: true,
        status: 500,
        retryAfterMs: undefined,
        apiType: "api_error",
      },
      {
        code: "LLM_UNAVAILABLE",
        kind: "connection",
        retryable: true,
        status: undefined,
        retryAfterMs: undefined,
        apiType: undefined,
      },
      {
        code: "LLM_UNAVAILABLE",
        kind: "malformed_response",
        retryable: true,
        status: undefined,
        retryAfterMs: undefined,
        apiType: undefined,
      },
      {
        code: "LLM_UNAVAILABLE",
        kind: "not_found",
        retryable: false,
        status: 404,
        retryAfterMs: undefined,
        apiType: "not_found_error",
      },
    ]);
  });

  it("times out a slow answer with a retryable error, and cancels at once on abort", async () => {
    kit.anthropic.reply({ text: "late", delayMs: 400 });
    const slow = createAnthropicClient({ apiKey: "sk-ant-test", model: "claude-sonnet-5-5", timeoutMs: 50 });
    await expect(slow.generate(base)).rejects.toMatchObject({ kind: "timeout", retryable: true });

    kit.anthropic.reply({ text: "late", delayMs: 400 });
    const controller = new AbortController();
    const pending = client().generate(base, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: "ABORTED", kind: "aborted", retryable: false });
  });

  it("is answered with a 400 by the kit when a tool_result has no tool_use before it", async () => {
    const error = (await client()
      .generate({
        ...base,
        messages: [{ role: "user", content: [{ type: "tool_result", toolUseId: "toolu_x", content: "?" }] }],
      })
      .catch((caught: unknown) => caught)) as LlmCallError;
    expect(error).toMatchObject({ status: 400, kind: "bad_request", retryable: false });
    expect(error.message).toContain("unexpected `tool_use_id` found in `tool_result` blocks: toolu_x");
  });
});
