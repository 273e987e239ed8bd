import { createHash } from "node:crypto";
import { contentBlocks, type GenerateRequest } from "./types.js";

/**
 * The parts of a request that decide the answer, in a canonical form: the model, the system prompt,
 * the messages (as blocks), the tools and the output schema. Token limits and sampling are left out
 * so tuning them does not invalidate recordings.
 */
export function normaliseRequest(model: string, request: GenerateRequest): unknown {
  return {
    model,
    system: request.system.map((block) => block.text),
    messages: request.messages.map((message) => ({ role: message.role, content: contentBlocks(message) })),
    tools: (request.tools ?? []).map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
    output: request.output ? { name: request.output.name, schema: request.output.schema } : null,
  };
}

/** A stable hash of a request: sha256 over canonical JSON (sorted keys), 32 hex characters. */
export function requestHash(model: string, request: GenerateRequest): string {
  return createHash("sha256")
    .update(canonicalJson(normaliseRequest(model, request)))
    .digest("hex")
    .slice(0, 32);
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => {
        const child = (value as Record<string, unknown>)[key];
        return child === undefined ? [] : [[key, sortKeys(child)]];
      }),
  );
}
