import type Anthropic from "@anthropic-ai/sdk";
import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema";
import { parseJson } from "./parse-json.js";
import {
  type ContentBlock,
  contentBlocks,
  type GenerateRequest,
  type GenerateResponse,
  type StopReason,
  type ToolCall,
} from "./types.js";

/** How structured output is requested: the native JSON-schema format, or a forced tool for servers without it. */
export type AnthropicOutputMode = "output-format" | "forced-tool";

/** At most four cache breakpoints are allowed per request; the last ones cover everything before them. */
const MAX_CACHE_BREAKPOINTS = 4;

/** The Messages API request body for a neutral request. */
export function toAnthropicParams(
  request: GenerateRequest,
  model: string,
  mode: AnthropicOutputMode,
): Anthropic.MessageCreateParamsNonStreaming {
  const tools: Anthropic.Tool[] = (request.tools ?? []).map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
  }));
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model,
    max_tokens: request.maxTokens,
    messages: request.messages.map(toMessageParam).filter((message) => message.content.length > 0),
  };
  const system = toSystem(request);
  if (system.length > 0) params.system = system;
  // No temperature: the current Messages API has no sampling parameters.
  const output = request.output;
  if (output && mode === "output-format") {
    params.output_config = { format: { type: "json_schema", schema: transformJSONSchema(output.schema) } };
  } else if (output) {
    tools.push({
      name: output.name,
      description: output.description ?? "Give the final answer through this tool.",
      input_schema: transformJSONSchema(output.schema) as Anthropic.Tool.InputSchema,
    });
    params.tool_choice =
      tools.length > 1
        ? { type: "any" }
        : { type: "tool", name: output.name, disable_parallel_tool_use: true };
  }
  if (tools.length > 0) params.tools = tools;
  return params;
}

function toSystem(request: GenerateRequest): Anthropic.TextBlockParam[] {
  const cached = request.system.flatMap((block, index) => (block.cache ? [index] : []));
  const breakpoints = new Set(cached.slice(-MAX_CACHE_BREAKPOINTS));
  return request.system
    .filter((block) => block.text.length > 0)
    .map((block) => ({
      type: "text" as const,
      text: block.text,
      ...(breakpoints.has(request.system.indexOf(block))
        ? { cache_control: { type: "ephemeral" as const } }
        : {}),
    }));
}

function toMessageParam(message: GenerateRequest["messages"][number]): {
  role: "user" | "assistant";
  content: Anthropic.ContentBlockParam[];
} {
  const content = contentBlocks(message).flatMap((block): Anthropic.ContentBlockParam[] => {
    // The API rejects empty text blocks.
    if (block.type === "text") return block.text.length > 0 ? [{ type: "text", text: block.text }] : [];
    if (block.type === "tool_use")
      return [{ type: "tool_use", id: block.id, name: block.name, input: block.input }];
    if (block.type === "tool_result") {
      return [
        {
          type: "tool_result",
          tool_use_id: block.toolUseId,
          content: block.content,
          ...(block.isError ? { is_error: true } : {}),
        },
      ];
    }
    return block.provider === "anthropic" ? [block.value as Anthropic.ContentBlockParam] : [];
  });
  return { role: message.role, content };
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: "end",
  tool_use: "tool_use",
  max_tokens: "max_tokens",
  stop_sequence: "stop_sequence",
  pause_turn: "pause",
  refusal: "refusal",
  model_context_window_exceeded: "context_window",
};

/** The neutral response for a Messages API answer. */
export function fromAnthropicMessage(
  message: Anthropic.Message,
  request: GenerateRequest,
  mode: AnthropicOutputMode,
  requestId: string | undefined,
): Omit<GenerateResponse, "warnings"> {
  const outputTool = request.output && mode === "forced-tool" ? request.output.name : undefined;
  const blocks: ContentBlock[] = [];
  const toolCalls: ToolCall[] = [];
  let outputText: string | undefined;
  let outputValue: unknown;
  for (const block of message.content) {
    if (block.type === "text") blocks.push({ type: "text", text: block.text });
    else if (block.type === "tool_use" && block.name === outputTool) {
      outputValue = block.input;
      outputText = JSON.stringify(block.input);
      // Kept as text so a follow-up turn (a repair) needs no tool_result for it.
      blocks.push({ type: "text", text: outputText });
    } else if (block.type === "tool_use") {
      blocks.push({ type: "tool_use", id: block.id, name: block.name, input: block.input });
      toolCalls.push({ id: block.id, name: block.name, input: block.input });
    } else blocks.push({ type: "provider", provider: "anthropic", value: block });
  }
  const text = blocks.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
  let stopReason = STOP_REASONS[message.stop_reason ?? ""] ?? "other";
  if (outputTool && outputText !== undefined && toolCalls.length === 0 && stopReason === "tool_use") {
    stopReason = "end";
  }
  const response: Omit<GenerateResponse, "warnings"> = {
    provider: "anthropic",
    model: message.model,
    text,
    toolCalls,
    message: { role: "assistant", content: blocks },
    stopReason,
    usage: {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    },
    ...(requestId ? { requestId } : {}),
  };
  if (request.output) {
    if (mode === "output-format") outputText = text;
    response.outputText = outputText ?? "";
    if (stopReason === "end") {
      const parsed =
        mode === "forced-tool" ? { ok: outputText !== undefined, value: outputValue } : parseJson(text);
      if (parsed.ok) response.output = parsed.value;
    }
  }
  if (stopReason === "refusal") response.refusal = refusalText(message, text);
  return response;
}

function refusalText(message: Anthropic.Message, text: string): string {
  const category = message.stop_details?.category;
  const explanation = message.stop_details?.explanation;
  return [text.trim(), explanation, category ? `category: ${category}` : undefined].filter(Boolean).join(" ");
}
