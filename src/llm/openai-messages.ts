import type OpenAI from "openai";
import { parseJson } from "./parse-json.js";
import {
  type ContentBlock,
  contentBlocks,
  type GenerateRequest,
  type GenerateResponse,
  type LlmMessage,
  type StopReason,
  type ToolCall,
} from "./types.js";

/**
 * How structured output is requested: a strict JSON schema, JSON mode plus the schema in the prompt
 * (servers without JSON-schema support), or the prompt alone (servers without either).
 */
export type OpenAiOutputMode = "json_schema" | "json_object" | "prompt";

export interface OpenAiParamOptions {
  model: string;
  mode: OpenAiOutputMode;
  /** OpenAI's own API wants `max_completion_tokens`; compatible servers know `max_tokens`. */
  maxTokensField: "max_completion_tokens" | "max_tokens";
}

/** The Chat Completions request body for a neutral request. */
export function toOpenAiParams(
  request: GenerateRequest,
  options: OpenAiParamOptions,
): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  const system = request.system.map((block) => block.text).filter((text) => text.length > 0);
  if (request.output && options.mode !== "json_schema") system.push(schemaInstruction(request));
  if (system.length > 0) messages.push({ role: "system", content: system.join("\n\n") });
  for (const message of request.messages) messages.push(...toMessageParams(message));
  const params: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: options.model, messages };
  params[options.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.tools && request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  if (request.output && options.mode === "json_schema") {
    params.response_format = {
      type: "json_schema",
      json_schema: {
        name: schemaName(request.output.name),
        ...(request.output.description ? { description: request.output.description } : {}),
        strict: true,
        schema: request.output.schema,
      },
    };
  } else if (request.output && options.mode === "json_object") {
    params.response_format = { type: "json_object" };
  }
  return params;
}

/** JSON mode needs the word "JSON" in the prompt, and the model needs the schema to follow. */
function schemaInstruction(request: GenerateRequest): string {
  return `Answer with one JSON object and nothing else (no prose, no code fence). It must match this JSON Schema:\n${JSON.stringify(request.output?.schema)}`;
}

/** Response-format names allow letters, digits, `_` and `-`, at most 64 characters. */
function schemaName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "output";
}

function toMessageParams(message: LlmMessage): OpenAI.Chat.ChatCompletionMessageParam[] {
  const blocks = contentBlocks(message);
  const text = blocks.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
  if (message.role === "assistant") {
    const toolCalls = blocks.flatMap((block) =>
      block.type === "tool_use"
        ? [
            {
              id: block.id,
              type: "function" as const,
              function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
            },
          ]
        : [],
    );
    return [
      {
        role: "assistant",
        content: text.length > 0 ? text : null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      },
    ];
  }
  // Tool results must directly follow the assistant turn that asked for them, before any user text.
  const params: OpenAI.Chat.ChatCompletionMessageParam[] = blocks.flatMap((block) =>
    block.type === "tool_result"
      ? [
          {
            role: "tool" as const,
            tool_call_id: block.toolUseId,
            content: block.isError ? `Error: ${block.content}` : block.content,
          },
        ]
      : [],
  );
  if (text.length > 0) params.push({ role: "user", content: text });
  return params;
}

const FINISH_REASONS: Record<string, StopReason> = {
  stop: "end",
  length: "max_tokens",
  tool_calls: "tool_use",
  function_call: "tool_use",
  content_filter: "content_filter",
};

/** The neutral response for a Chat Completions answer (its first choice). */
export function fromOpenAiCompletion(
  completion: OpenAI.Chat.ChatCompletion,
  choice: OpenAI.Chat.ChatCompletion.Choice,
  request: GenerateRequest,
  requestId: string | undefined,
): Omit<GenerateResponse, "warnings"> {
  const message = choice.message;
  const text = message.content ?? "";
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).flatMap((call) =>
    call.type === "function"
      ? [{ id: call.id, name: call.function.name, input: toolInput(call.function.arguments) }]
      : [],
  );
  const blocks: ContentBlock[] = [
    ...(text.length > 0 ? [{ type: "text" as const, text }] : []),
    ...toolCalls.map((call) => ({ type: "tool_use" as const, ...call })),
  ];
  const refusal = message.refusal ?? undefined;
  const stopReason: StopReason = refusal ? "refusal" : (FINISH_REASONS[choice.finish_reason] ?? "other");
  const usage = completion.usage;
  const cacheReadTokens = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWriteTokens = usage?.prompt_tokens_details?.cache_write_tokens ?? 0;
  const response: Omit<GenerateResponse, "warnings"> = {
    provider: "openai",
    model: completion.model,
    text,
    toolCalls,
    message: { role: "assistant", content: blocks },
    stopReason,
    usage: {
      // prompt_tokens counts cached tokens too; ours are the uncached ones.
      inputTokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheReadTokens - cacheWriteTokens),
      outputTokens: usage?.completion_tokens ?? 0,
      cacheReadTokens,
      cacheWriteTokens,
    },
    ...(requestId ? { requestId } : {}),
    ...(refusal ? { refusal } : {}),
  };
  if (request.output) {
    response.outputText = text;
    if (stopReason === "end") {
      const parsed = parseJson(unfence(text));
      if (parsed.ok) response.output = parsed.value;
    }
  }
  return response;
}

/** Tool arguments are a JSON string the model wrote; invalid JSON is passed on raw for the caller to reject. */
function toolInput(argumentsText: string): unknown {
  const parsed = parseJson(argumentsText.length > 0 ? argumentsText : "{}");
  return parsed.ok ? parsed.value : argumentsText;
}

/** Models in JSON or prompt mode sometimes wrap the object in a Markdown fence. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? (fenced[1] ?? text) : text;
}
