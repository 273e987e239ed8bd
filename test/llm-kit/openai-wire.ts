import { newId, type ReplySpec, toolUsesOf } from "./script.js";

/**
 * OpenAI Chat Completions on the wire, as `POST {base}/chat/completions` answers: completion bodies,
 * error bodies (`{"error":{"message","type","param","code"}}`) and the request checks the real API
 * makes that codeaudit could trip over (strict schemas, tool-call pairing, JSON mode, token field).
 */

type Json = Record<string, unknown>;

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request" },
  401: {
    type: "invalid_request_error",
    code: "invalid_api_key",
    message:
      "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory", message: "Forbidden" },
  404: {
    type: "invalid_request_error",
    code: "model_not_found",
    message: "The model does not exist or you do not have access to it.",
  },
  429: {
    type: "requests",
    code: "rate_limit_exceeded",
    message: "Rate limit reached for requests. Please try again later.",
  },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  503: {
    type: "server_error",
    code: null,
    message: "The engine is currently overloaded, please try again later",
  },
};

/** An error body exactly as the API sends it. */
export function openAiErrorBody(
  status: number,
  type?: string,
  message?: string,
  param: string | null = null,
): Json {
  const known = ERRORS[status] ?? {
    type: status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
    message: "Error",
  };
  return {
    error: {
      message: message ?? known.message,
      type: type ?? known.type,
      param,
      code: type ? null : known.code,
    },
  };
}

/** The completion body answering `body` as scripted by `spec`. */
export function chatCompletion(spec: ReplySpec, body: Json): Json {
  const structured = spec.rawJson ?? (spec.json !== undefined ? JSON.stringify(spec.json) : undefined);
  let content: string | null = structured ?? spec.text ?? null;
  if (content !== null && spec.truncated)
    content = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
  const toolCalls = toolUsesOf(spec).map((use) => ({
    id: use.id ?? newId("call_"),
    type: "function",
    function: {
      name: use.name,
      arguments: typeof use.input === "string" ? use.input : JSON.stringify(use.input),
    },
  }));
  const refusal = spec.refusal ?? null;
  const finishReason = spec.truncated
    ? "length"
    : spec.contentFilter
      ? "content_filter"
      : toolCalls.length > 0
        ? "tool_calls"
        : "stop";
  const usage = spec.usage ?? {};
  const cached = usage.cacheRead ?? 0;
  const written = usage.cacheWrite ?? 0;
  const prompt = (usage.input ?? 120) + cached + written;
  const completion = usage.output ?? 30;
  return {
    id: newId("chatcmpl-"),
    object: "chat.completion",
    created: 1_763_700_000,
    model: spec.model ?? String(body.model),
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: refusal !== null ? null : content,
          refusal,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    ...(spec.omitUsage
      ? {}
      : {
          usage: {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
            prompt_tokens_details: {
              cached_tokens: cached,
              audio_tokens: 0,
              ...(written ? { cache_write_tokens: written } : {}),
            },
            completion_tokens_details: {
              reasoning_tokens: 0,
              audio_tokens: 0,
              accepted_prediction_tokens: 0,
              rejected_prediction_tokens: 0,
            },
          },
        }),
    service_tier: "default",
    system_fingerprint: null,
  };
}

const REASONING_MODEL = /^(gpt-5|o\d)/;

/** The 400 (message, param) the API would give for this request, or undefined when it would accept it. */
export function openAiRequestProblem(
  body: Json,
  officialApi: boolean,
): { message: string; param: string | null } | undefined {
  if (typeof body.model !== "string") return { message: "you must provide a model parameter", param: null };
  const messages = body.messages as Json[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) {
    return { message: "[] is too short - 'messages'", param: "messages" };
  }
  if (officialApi && body.max_tokens !== undefined && REASONING_MODEL.test(body.model)) {
    return {
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      param: "max_tokens",
    };
  }
  const format = body.response_format as Json | undefined;
  if (format?.type === "json_schema") {
    const spec = format.json_schema as Json;
    if (spec.strict === true) {
      const problem = strictSchemaProblem(spec.schema, []);
      if (problem) {
        return {
          message: `Invalid schema for response_format '${String(spec.name)}': ${problem}`,
          param: "response_format",
        };
      }
    }
  }
  if (format?.type === "json_object" && !JSON.stringify(messages).toLowerCase().includes("json")) {
    return {
      message:
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      param: "messages",
    };
  }
  let open: string[] = [];
  for (const message of messages) {
    if (message.role === "tool") {
      const id = String(message.tool_call_id);
      if (!open.includes(id)) {
        return {
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: "messages.[].role",
        };
      }
      open = open.filter((pending) => pending !== id);
      continue;
    }
    if (open.length > 0) {
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(", ")}`,
        param: "messages.[].role",
      };
    }
    const calls = (message.tool_calls as Json[] | undefined) ?? [];
    open = message.role === "assistant" ? calls.map((call) => String(call.id)) : [];
  }
  return undefined;
}

/** What strict mode rejects in a schema: open objects, properties missing from `required`, a root that is not an object. */
export function strictSchemaProblem(schema: unknown, context: string[]): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const node = schema as Json;
  const where = `In context=(${context.map((part) => `'${part}'`).join(", ")})`;
  if (context.length === 0 && node.type !== "object")
    return `${where}, schema must be a JSON Schema of 'type: "object"', got 'type: "${String(node.type)}"'.`;
  const isObject = node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
  if (isObject) {
    if (node.additionalProperties !== false)
      return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys((node.properties as Json | undefined) ?? {});
    const required = (node.required as string[] | undefined) ?? [];
    const missing = keys.filter((key) => !required.includes(key));
    if (missing.length > 0) {
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }
  for (const [key, child] of Object.entries((node.properties as Json | undefined) ?? {})) {
    const found = strictSchemaProblem(child, [...context, "properties", key]);
    if (found) return found;
  }
  for (const [key, child] of Object.entries((node.$defs as Json | undefined) ?? {})) {
    const found = strictSchemaProblem(child, [...context, "$defs", key]);
    if (found) return found;
  }
  if (node.items !== undefined) {
    const found = strictSchemaProblem(node.items, [...context, "items"]);
    if (found) return found;
  }
  for (const [index, variant] of ((node.anyOf as unknown[] | undefined) ?? []).entries()) {
    const found = strictSchemaProblem(variant, [...context, "anyOf", String(index)]);
    if (found) return found;
  }
  return undefined;
}
