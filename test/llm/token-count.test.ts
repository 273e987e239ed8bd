import { describe, expect, it } from "vitest";
import { countTokens, estimateInputTokens } from "../../src/llm/token-count.js";

describe("countTokens", () => {
  it("counts with the o200k encoding and treats special-token strings as plain text", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("a <|endoftext|> b")).toBeGreaterThan(3);
  });

  it("estimates a request from its system prompt, messages, tools and output schema", () => {
    const system = "You review code carefully.";
    const user = "Look at src/a.ts for missing timeouts.";
    const toolSchema = { type: "object", properties: { path: { type: "string" } } };
    const estimate = estimateInputTokens({
      system: [{ text: system }],
      messages: [
        { role: "user", content: user },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "t1", name: "read_file", input: { path: "a" } }],
        },
        { role: "user", content: [{ type: "tool_result", toolUseId: "t1", content: "const a = 1;" }] },
      ],
      tools: [{ name: "read_file", description: "Reads a file", inputSchema: toolSchema }],
      output: { name: "o", schema: { type: "object" } },
      maxTokens: 100,
    });
    const expected =
      countTokens(system) +
      3 * 4 +
      countTokens(user) +
      countTokens("read_file") +
      countTokens('{"path":"a"}') +
      countTokens("const a = 1;") +
      countTokens(`read_file Reads a file ${JSON.stringify(toolSchema)}`) +
      countTokens('{"type":"object"}');
    expect(estimate).toBe(expected);
  });
});
