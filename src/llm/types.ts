/**
 * The one model interface the pipeline talks to. Adapters (Anthropic, OpenAI-compatible, fake,
 * replay) translate it to and from a provider's wire format; nothing outside an adapter knows which
 * provider answers.
 */

/** A JSON Schema object (draft 2020-12 subset the providers accept). */
export type JsonSchema = Record<string, unknown>;

export interface TextBlock {
  type: "text";
  text: string;
}

export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResultBlock {
  type: "tool_result";
  toolUseId: string;
  content: string;
  isError?: boolean;
}

/**
 * A block only its provider understands (an Anthropic `thinking` block, say) that must travel back
 * verbatim in later turns; adapters for other providers drop it.
 */
export interface ProviderBlock {
  type: "provider";
  provider: string;
  value: unknown;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ProviderBlock;

export interface LlmMessage {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

/** One part of the system prompt; `cache` marks the end of a stable prefix worth caching. */
export interface SystemBlock {
  text: string;
  cache?: boolean;
}

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

/** Structured output: the answer must be one JSON value matching `schema` (strict-compatible). */
export interface OutputFormat {
  name: string;
  description?: string;
  schema: JsonSchema;
}

export interface GenerateRequest {
  system: SystemBlock[];
  messages: LlmMessage[];
  tools?: ToolDefinition[];
  output?: OutputFormat;
  maxTokens: number;
  /** OpenAI-compatible servers only, and only when set: the Anthropic API no longer takes sampling parameters. */
  temperature?: number;
}

/**
 * Why the model stopped. `end` is a finished answer; `max_tokens` a truncated one; `refusal` and
 * `content_filter` are the provider declining; `other` covers reasons codeaudit does not act on.
 */
export type StopReason =
  | "end"
  | "tool_use"
  | "max_tokens"
  | "refusal"
  | "content_filter"
  | "stop_sequence"
  | "pause"
  | "context_window"
  | "other";

/**
 * Tokens of one call. `inputTokens` are the uncached input tokens billed at the base rate; cache reads
 * and writes are counted apart, so the prompt's size is the sum of the three.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface GenerateResponse {
  provider: string;
  model: string;
  /** The answer's text blocks joined; for structured output, the raw JSON text. */
  text: string;
  toolCalls: ToolCall[];
  /** The parsed structured output, set only for a finished answer whose text is valid JSON. */
  output?: unknown;
  /** The raw structured-output text as received, kept for diagnostics even when it does not parse. */
  outputText?: string;
  /** The provider's refusal text, when it gave one. */
  refusal?: string;
  /** The assistant turn to append to the conversation for a follow-up call. */
  message: LlmMessage;
  stopReason: StopReason;
  usage: TokenUsage;
  requestId?: string;
  /** Degradations worth reporting, e.g. a server that rejected JSON-schema output. */
  warnings: string[];
}

/** A model behind one provider. `generate` never retries; wrap it with `withRetries` for that. */
export interface LlmClient {
  readonly provider: string;
  readonly model: string;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse>;
}

/** A usage value with every count at zero. */
export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

/** The message's content as blocks, whether it was given as a string or as blocks. */
export function contentBlocks(message: LlmMessage): ContentBlock[] {
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
}
