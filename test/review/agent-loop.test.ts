import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LlmAnswerError } from "../../src/llm/answer-error.js";
import { FakeLlmClient } from "../../src/llm/fake-client.js";
import { checkStructured } from "../../src/llm/generate-structured.js";
import type { ToolCall, ToolResultBlock } from "../../src/llm/types.js";
import {
  type AgentLoopRequest,
  ANSWER_NOW,
  runAgentLoop,
  withCallSignal,
} from "../../src/review/agent-loop.js";

const Answer = z.object({ verdict: z.string() });
const OUTPUT = { name: "answer", schema: { type: "object" } };

function request(client: FakeLlmClient, overrides: Partial<AgentLoopRequest<{ verdict: string }>> = {}) {
  const ran: ToolCall[] = [];
  const base: AgentLoopRequest<{ verdict: string }> = {
    client,
    system: [{ text: "system", cache: true }],
    messages: [{ role: "user", content: "review this" }],
    tools: [{ name: "grep", description: "search", inputSchema: { type: "object" } }],
    runTool: async (call): Promise<ToolResultBlock> => {
      ran.push(call);
      return { type: "tool_result", toolUseId: call.id, content: `result of ${call.id}` };
    },
    output: OUTPUT,
    read: (response) => checkStructured(response, Answer),
    maxTurns: 8,
    maxTokens: 100_000,
    maxOutputTokens: 1000,
    ...overrides,
  };
  return { base, ran };
}

const grep = (id: string) => ({ id, name: "grep", input: { pattern: id } });

describe("runAgentLoop", () => {
  it("takes an answer given in the first turn: one call carrying the tools and the output format", async () => {
    const client = new FakeLlmClient({ turns: [{ json: { verdict: "fine" }, usage: { inputTokens: 10 } }] });
    const { base } = request(client);
    const result = await runAgentLoop(base);
    expect(result).toEqual({
      value: { verdict: "fine" },
      calls: 1,
      toolCalls: 0,
      usage: { inputTokens: 10, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      repaired: false,
      stoppedBy: "answer",
    });
    expect(client.calls[0]?.request).toEqual({
      system: base.system,
      messages: base.messages,
      tools: base.tools,
      output: OUTPUT,
      maxTokens: 1000,
    });
  });

  it("runs the tool calls in order and sends the assistant turn back as it came, provider blocks included", async () => {
    const thinking = {
      type: "provider" as const,
      provider: "anthropic",
      value: { type: "thinking", signature: "s" },
    };
    const client = new FakeLlmClient({
      turns: [
        {
          toolCalls: [grep("a"), grep("b")],
          message: {
            role: "assistant",
            content: [thinking, { type: "tool_use", ...grep("a") }, { type: "tool_use", ...grep("b") }],
          },
        },
        { json: { verdict: "checked" } },
      ],
    });
    const { base, ran } = request(client);
    const result = await runAgentLoop(base);
    expect(ran.map((call) => call.id)).toEqual(["a", "b"]);
    expect(result).toMatchObject({
      value: { verdict: "checked" },
      calls: 2,
      toolCalls: 2,
      stoppedBy: "answer",
    });
    expect(client.calls[1]?.request.messages).toEqual([
      { role: "user", content: "review this" },
      {
        role: "assistant",
        content: [thinking, { type: "tool_use", ...grep("a") }, { type: "tool_use", ...grep("b") }],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", toolUseId: "a", content: "result of a" },
          { type: "tool_result", toolUseId: "b", content: "result of b" },
        ],
      },
    ]);
  });

  it("asks for the answer when the turn budget is used up, and refuses further tool calls once", async () => {
    const client = new FakeLlmClient({
      turns: [
        { toolCalls: [grep("1")] },
        { toolCalls: [grep("2")] },
        { toolCalls: [grep("3")] },
        { json: { verdict: "late" } },
      ],
    });
    const { base, ran } = request(client, { maxTurns: 2 });
    const result = await runAgentLoop(base);
    expect(ran.map((call) => call.id)).toEqual(["1", "2"]);
    expect(result).toMatchObject({ calls: 4, toolCalls: 2, stoppedBy: "turns", repaired: true });
    const third = client.calls[2]?.request.messages.at(-1);
    expect(third).toEqual({
      role: "user",
      content: [
        { type: "tool_result", toolUseId: "2", content: "result of 2" },
        { type: "text", text: ANSWER_NOW },
      ],
    });
    const fourth = client.calls[3]?.request.messages.at(-1);
    expect(fourth).toEqual({
      role: "user",
      content: [
        {
          type: "tool_result",
          toolUseId: "3",
          content: "Not run: the tool budget is used up. Answer now with only the JSON object.",
          isError: true,
        },
      ],
    });
  });

  it("asks for the answer when the token budget is spent, counting cached and output tokens", async () => {
    const client = new FakeLlmClient({
      turns: [
        { toolCalls: [grep("1")], usage: { inputTokens: 40, cacheReadTokens: 40, outputTokens: 20 } },
        { json: { verdict: "ok" } },
      ],
    });
    const result = await runAgentLoop(request(client, { maxTokens: 100 }).base);
    expect(result.stoppedBy).toBe("tokens");
    expect(client.calls[1]?.request.messages.at(-1)?.content).toContainEqual({
      type: "text",
      text: ANSWER_NOW,
    });
  });

  it("gives one repair round that shows the problem, then throws LLM_OUTPUT_INVALID with the usage", async () => {
    const client = new FakeLlmClient({
      turns: [
        { text: "looks fine to me", usage: { outputTokens: 5 } },
        { json: { verdict: 3 }, usage: { outputTokens: 7 } },
      ],
    });
    const error = await runAgentLoop(request(client).base).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmAnswerError);
    expect(error).toMatchObject({
      code: "LLM_OUTPUT_INVALID",
      rawText: '{"verdict":3}',
      usage: { inputTokens: 0, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
    expect((error as Error).message).toMatch(
      /^fake fake-model gave no usable review after one repair round: /,
    );
    expect(client.calls[1]?.request.messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "text", text: "looks fine to me" }] },
      {
        role: "user",
        content: [
          {
            type: "text",
            text: expect.stringMatching(/^Your answer cannot be used: the answer is not valid JSON/),
          },
        ],
      },
    ]);
  });

  it("never reads a truncated answer", async () => {
    const client = new FakeLlmClient({ turns: [{ text: '{"verdict":', stopReason: "max_tokens" }] });
    await expect(runAgentLoop(request(client).base)).rejects.toMatchObject({ code: "LLM_TRUNCATED" });
  });
});

describe("withCallSignal", () => {
  it("gives each call its own signal that follows the run's, and leaves no listener behind", async () => {
    const run = new AbortController();
    let seen: AbortSignal | undefined;
    await withCallSignal(run.signal, async (signal) => {
      seen = signal;
    });
    expect(seen).not.toBe(run.signal);
    expect(seen?.aborted).toBe(false);
    run.abort("stop");
    expect(seen?.aborted).toBe(false);
    const during = await withCallSignal(run.signal, async (signal) => signal);
    expect(during?.aborted).toBe(true);
    expect(during?.reason).toBe("stop");
  });
});
