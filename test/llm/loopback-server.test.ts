import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLlmRuntime } from "../../src/llm/create-llm-runtime.js";
import { generateStructured } from "../../src/llm/generate-structured.js";
import { resolveProviderConfig } from "../../src/llm/provider-config.js";
import { chatCompletion, openAiErrorBody } from "../llm-kit/openai-wire.js";

/** A real OpenAI-compatible server on loopback (no msw): a 429 with retry-after first, then answers. */
const bodies: Array<Record<string, unknown>> = [];
const server = createServer(async (request, response) => {
  const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
  bodies.push(body);
  if (bodies.length === 1) {
    response.writeHead(429, {
      "content-type": "application/json",
      "retry-after": "1",
      "x-request-id": "req_1",
    });
    response.end(JSON.stringify(openAiErrorBody(429)));
    return;
  }
  response.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${bodies.length}` });
  response.end(JSON.stringify(chatCompletion({ json: { ok: true }, usage: { input: 50, output: 5 } }, body)));
});
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => resolve(text));
  });
}

describe("an OpenAI-compatible server on loopback", () => {
  it("is retried after its 429's retry-after and its answer validated, with usage recorded", async () => {
    const sleeps: number[] = [];
    let now = 0;
    const runtime = createLlmRuntime(
      resolveProviderConfig({ provider: "openai", baseUrl, model: "local-model" }, {}),
      {},
      {
        retry: {
          now: () => now,
          sleep: async (ms) => {
            sleeps.push(ms);
            now += ms;
          },
        },
      },
    );
    const result = await generateStructured(
      runtime.client,
      { system: [{ text: "s" }], messages: [{ role: "user", content: "u" }], maxTokens: 100 },
      z.object({ ok: z.boolean() }),
      { name: "answer" },
    );
    expect(result.value).toEqual({ ok: true });
    expect(sleeps).toEqual([1000]);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatchObject({
      model: "local-model",
      max_tokens: 100,
      response_format: { type: "json_schema" },
    });
    expect(runtime.ledger.toReportUsage()).toEqual({
      calls: 1,
      inputTokens: 50,
      outputTokens: 5,
      cachedTokens: 0,
      costUsd: 0,
      provider: "openai",
      model: "local-model",
    });
  });
});
