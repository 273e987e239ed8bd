import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnthropicClient } from "../../src/llm/anthropic-client.js";
import { createReplayClient, withRecording } from "../../src/llm/replay-client.js";
import { requestHash } from "../../src/llm/request-hash.js";
import type { GenerateRequest } from "../../src/llm/types.js";
import { tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();
const request: GenerateRequest = {
  system: [{ text: "Review.", cache: true }],
  messages: [{ role: "user", content: "src/a.ts" }],
  tools: [{ name: "grep", description: "Search", inputSchema: { type: "object", properties: {} } }],
  output: {
    name: "o",
    schema: {
      type: "object",
      properties: { ok: { type: "boolean" } },
      required: ["ok"],
      additionalProperties: false,
    },
  },
  maxTokens: 100,
};

describe("request hashing", () => {
  it("depends on model, system, messages, tools and output schema, not on key order or token limits", () => {
    const hash = requestHash("m", request);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(requestHash("m", { ...request, maxTokens: 9000, temperature: 0.2 })).toBe(hash);
    const reordered: GenerateRequest = {
      maxTokens: 100,
      output: {
        schema: {
          additionalProperties: false,
          required: ["ok"],
          properties: { ok: { type: "boolean" } },
          type: "object",
        },
        name: "o",
      },
      tools: request.tools,
      messages: [{ role: "user", content: [{ type: "text", text: "src/a.ts" }] }],
      system: [{ text: "Review." }],
    };
    expect(requestHash("m", reordered)).toBe(hash);
    expect(requestHash("other", request)).not.toBe(hash);
    expect(requestHash("m", { ...request, messages: [{ role: "user", content: "src/b.ts" }] })).not.toBe(
      hash,
    );
    expect(requestHash("m", { ...request, tools: [] })).not.toBe(hash);
    expect(requestHash("m", { ...request, output: undefined })).not.toBe(hash);
  });
});

describe("record and replay", () => {
  it("records real answers to <hash>.json and replays them with no network", async () => {
    const dir = await tempDir();
    kit.anthropic.reply({ json: { ok: true }, usage: { input: 11, output: 3 } });
    const recorder = withRecording(
      createAnthropicClient({ apiKey: "k", model: "claude-sonnet-5-5" }),
      dir,
      () => new Date("2026-11-21T00:00:00Z"),
    );
    const live = await recorder.generate(request);
    const hash = requestHash("claude-sonnet-5-5", request);
    expect(await readdir(dir)).toEqual([`${hash}.json`]);
    const file = JSON.parse(await readFile(path.join(dir, `${hash}.json`), "utf8"));
    expect(file).toMatchObject({
      version: 1,
      hash,
      provider: "anthropic",
      model: "claude-sonnet-5-5",
      recordedAt: "2026-11-21T00:00:00.000Z",
    });

    kit.reset(); // nothing scripted: any network call now fails the test
    const replay = createReplayClient({ dir, provider: "anthropic", model: "claude-sonnet-5-5" });
    expect(await replay.generate(request)).toEqual(live);
    expect(kit.anthropic.requests).toHaveLength(0);
  });

  it("fails a request it has no recording for, naming the hash and the folder", async () => {
    const dir = await tempDir();
    const replay = createReplayClient({ dir, provider: "anthropic", model: "claude-sonnet-5-5" });
    const hash = requestHash("claude-sonnet-5-5", request);
    await expect(replay.generate(request)).rejects.toMatchObject({
      code: "LLM_UNAVAILABLE",
      message: `no recorded answer for this claude-sonnet-5-5 request (hash ${hash}) in ${dir}: the prompt, tools or schema changed since recording; record again with --record`,
    });
  });
});
