import { describe, expect, it } from "vitest";
import { FakeLlmClient } from "../../src/llm/fake-client.js";
import type { GenerateRequest } from "../../src/llm/types.js";

const request: GenerateRequest = { system: [], messages: [{ role: "user", content: "hi" }], maxTokens: 10 };
const structured: GenerateRequest = { ...request, output: { name: "o", schema: { type: "object" } } };

describe("FakeLlmClient", () => {
  it("answers turn by turn, records every call, and fails loudly when the script runs out", async () => {
    const fake = new FakeLlmClient({
      turns: [
        { text: "one", usage: { outputTokens: 3 } },
        { toolCalls: [{ id: "t1", name: "grep", input: { q: "x" } }] },
        (received, call) => ({ text: `call ${call} saw ${received.messages.length} message(s)` }),
        new Error("scripted failure"),
      ],
    });
    expect(await fake.generate(request)).toEqual({
      provider: "fake",
      model: "fake-model",
      text: "one",
      toolCalls: [],
      message: { role: "assistant", content: [{ type: "text", text: "one" }] },
      stopReason: "end",
      usage: { inputTokens: 0, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 },
      warnings: [],
    });
    expect(await fake.generate(request)).toMatchObject({
      stopReason: "tool_use",
      message: { content: [{ type: "tool_use", id: "t1", name: "grep", input: { q: "x" } }] },
    });
    expect((await fake.generate(request)).text).toBe("call 3 saw 1 message(s)");
    await expect(fake.generate(request)).rejects.toThrow("scripted failure");
    await expect(fake.generate(request)).rejects.toThrow("FakeLlmClient: no scripted answer for call 5");
    expect(fake.calls.map((call) => call.request)).toEqual([request, request, request, request, request]);
  });

  it("fills structured output from `json`, and leaves it out for unfinished answers", async () => {
    const fake = new FakeLlmClient().enqueue({ json: { a: 1 } }, { text: '{"a":', stopReason: "max_tokens" });
    expect(await fake.generate(structured)).toMatchObject({ output: { a: 1 }, outputText: '{"a":1}' });
    const truncated = await fake.generate(structured);
    expect(truncated.output).toBeUndefined();
    expect(truncated.outputText).toBe('{"a":');
    expect(fake.pending).toBe(0);
  });
});
