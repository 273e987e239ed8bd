import { newId, type ReplySpec, toolUsesOf } from "./script.js";

/**
 * The Anthropic Messages API on the wire, as `POST /v1/messages` answers: message bodies, error
 * bodies (`{"type":"error","error":{"type","message"},"request_id"}`) and the request checks the real
 * API makes that codeaudit could trip over.
 */

type Json = Record<string, unknown>;

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: "Invalid request",
  authentication_error: "invalid x-api-key",
  permission_error: "Your API key does not have permission to use the specified resource.",
  not_found_error: "The requested resource could not be found.",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  api_error: "Internal server error",
  overloaded_error: "Overloaded",
};

/** The error type the API uses for a status. */
export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** An error body exactly as the API sends it. */
export function anthropicErrorBody(type: string, message: string | undefined, requestId: string): Json {
  return {
    type: "error",
    error: { type, message: message ?? ERROR_MESSAGES[type] ?? type },
    request_id: requestId,
  };
}

/** Models on which forced tool use (`tool_choice` any/tool) is rejected with a 400. */
const FORCED_TOOL_REJECTED = /^claude-(opus-5-5|fable-5-1|sonnet-5-5)/;

/** The message body answering `body` as scripted by `spec`. */
export function anthropicMessage(spec: ReplySpec, body: Json): Json {
  const content: Json[] = [];
  if (spec.thinking) content.push({ type: "thinking", thinking: "", signature: `sig_${newId("")}` });
  const structured = spec.rawJson ?? (spec.json !== undefined ? JSON.stringify(spec.json) : undefined);
  const forced = forcedToolName(body);
  if (structured !== undefined && forced && spec.rawJson === undefined) {
    content.push({
      type: "tool_use",
      id: newId("toolu_"),
      name: forced,
      input: spec.json,
      caller: { type: "direct" },
    });
  } else if (structured !== undefined) {
    content.push({ type: "text", text: cut(structured, spec.truncated), citations: null });
  }
  if (spec.text !== undefined)
    content.push({ type: "text", text: cut(spec.text, spec.truncated), citations: null });
  for (const use of toolUsesOf(spec)) {
    content.push({
      type: "tool_use",
      id: use.id ?? newId("toolu_"),
      name: use.name,
      input: use.input,
      caller: { type: "direct" },
    });
  }
  const hasToolUse = content.some((block) => block.type === "tool_use");
  const stopReason = spec.truncated
    ? "max_tokens"
    : spec.refusal !== undefined
      ? "refusal"
      : hasToolUse
        ? "tool_use"
        : "end_turn";
  if (spec.refusal !== undefined && spec.refusal.length > 0) {
    content.push({ type: "text", text: spec.refusal, citations: null });
  }
  const usage = spec.usage ?? {};
  return {
    id: newId("msg_"),
    type: "message",
    role: "assistant",
    model: spec.model ?? String(body.model),
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details:
      spec.refusal !== undefined ? { type: "refusal", category: "cyber", explanation: null } : null,
    container: null,
    usage: {
      input_tokens: usage.input ?? 120,
      output_tokens: usage.output ?? 30,
      cache_creation_input_tokens: usage.cacheWrite ?? 0,
      cache_read_input_tokens: usage.cacheRead ?? 0,
      cache_creation: { ephemeral_5m_input_tokens: usage.cacheWrite ?? 0, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: "standard",
      inference_geo: "global",
    },
  };
}

function cut(text: string, truncated: boolean | undefined): string {
  return truncated ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text;
}

/** The tool a request forces: `tool_choice: {type:"tool"}`, or the last tool under `any`. */
function forcedToolName(body: Json): string | undefined {
  const choice = body.tool_choice as Json | undefined;
  if (choice?.type === "tool") return String(choice.name);
  const tools = body.tools as Json[] | undefined;
  if (choice?.type === "any" && tools && tools.length > 0) return String(tools[tools.length - 1]?.name);
  return undefined;
}

/** The 400 message the API would give for this request, or undefined when it would accept it. */
export function anthropicRequestProblem(body: Json, headers: Headers): string | undefined {
  if (!headers.get("anthropic-version")) return "anthropic-version: header is required";
  if (typeof body.model !== "string") return "model: Field required";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  const messages = body.messages as Array<{ role: string; content: unknown }> | undefined;
  if (!Array.isArray(messages) || messages.length === 0) return "messages: at least one message is required";
  const choice = body.tool_choice as Json | undefined;
  if ((choice?.type === "tool" || choice?.type === "any") && FORCED_TOOL_REJECTED.test(body.model)) {
    return `tool_choice: forced tool use is not supported on ${body.model}; use tool_choice auto or structured outputs`;
  }
  const format = (body.output_config as Json | undefined)?.format as Json | undefined;
  if (format) {
    const open = openObjectPath(format.schema, "schema");
    if (open)
      return `output_config.format.${open}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
  }
  let previousToolUses: string[] = [];
  for (const [index, message] of messages.entries()) {
    const blocks = Array.isArray(message.content) ? (message.content as Json[]) : [];
    if (typeof message.content === "string" && message.content.length === 0) {
      return `messages.${index}: user messages must have non-empty content`;
    }
    if (blocks.some((block) => block.type === "text" && block.text === "")) {
      return "messages: text content blocks must be non-empty";
    }
    const results = blocks
      .filter((block) => block.type === "tool_result")
      .map((block) => String(block.tool_use_id));
    const unexpected = results.filter((id) => !previousToolUses.includes(id));
    if (unexpected.length > 0) {
      return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(", ")}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const unanswered = previousToolUses.filter((id) => !results.includes(id));
    if (unanswered.length > 0) {
      return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    previousToolUses =
      message.role === "assistant"
        ? blocks.filter((block) => block.type === "tool_use").map((block) => String(block.id))
        : [];
  }
  return undefined;
}

/** The path of the first object schema that is not closed with `additionalProperties: false`. */
export function openObjectPath(schema: unknown, path: string): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const node = schema as Json;
  const isObject = node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
  if (isObject && node.additionalProperties !== false) return path;
  const children: Array<[string, unknown]> = [];
  for (const [key, child] of Object.entries((node.properties as Json | undefined) ?? {})) {
    children.push([`${path}.properties.${key}`, child]);
  }
  for (const [key, child] of Object.entries((node.$defs as Json | undefined) ?? {})) {
    children.push([`${path}.$defs.${key}`, child]);
  }
  if (node.items !== undefined) children.push([`${path}.items`, node.items]);
  for (const [index, variant] of ((node.anyOf as unknown[] | undefined) ?? []).entries()) {
    children.push([`${path}.anyOf.${index}`, variant]);
  }
  for (const [childPath, child] of children) {
    const found = openObjectPath(child, childPath);
    if (found) return found;
  }
  return undefined;
}
