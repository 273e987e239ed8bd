import { CodeauditError } from "../errors.js";
import type { GenerateResponse, StopReason, TokenUsage } from "./types.js";

export interface AnswerErrorFields {
  rawText: string;
  usage: TokenUsage;
  stopReason: StopReason;
  provider: string;
  model: string;
  requestId?: string;
  cause?: unknown;
}

/**
 * An answer that arrived but cannot be used: truncated (LLM_TRUNCATED), refused or filtered
 * (LLM_REFUSED), or not matching the schema after the repair round (LLM_OUTPUT_INVALID). It carries
 * the raw text, usage and stop reason so the report can say what happened.
 */
export class LlmAnswerError extends CodeauditError {
  readonly rawText: string;
  readonly usage: TokenUsage;
  readonly stopReason: StopReason;
  readonly provider: string;
  readonly model: string;
  readonly requestId?: string;

  constructor(
    code: "LLM_TRUNCATED" | "LLM_REFUSED" | "LLM_OUTPUT_INVALID",
    message: string,
    fields: AnswerErrorFields,
  ) {
    super(code, message, {
      cause: fields.cause,
      details: { stopReason: fields.stopReason, usage: fields.usage, requestId: fields.requestId },
    });
    this.name = "LlmAnswerError";
    this.rawText = fields.rawText;
    this.usage = fields.usage;
    this.stopReason = fields.stopReason;
    this.provider = fields.provider;
    this.model = fields.model;
    this.requestId = fields.requestId;
  }
}

function fieldsOf(response: GenerateResponse): AnswerErrorFields {
  return {
    rawText: response.outputText ?? response.text,
    usage: response.usage,
    stopReason: response.stopReason,
    provider: response.provider,
    model: response.model,
    ...(response.requestId ? { requestId: response.requestId } : {}),
  };
}

/**
 * Throws when an answer must not be used: cut off by the token limit or the context window, refused,
 * or stopped by a content filter. Returns the response unchanged otherwise.
 */
export function ensureCompleted(response: GenerateResponse): GenerateResponse {
  const who = `${response.provider} ${response.model}`;
  const reason: StopReason = response.stopReason;
  if (reason === "max_tokens" || reason === "context_window") {
    const limit = reason === "max_tokens" ? "the max_tokens limit" : "the model's context window";
    throw new LlmAnswerError(
      "LLM_TRUNCATED",
      `${who} answer was cut off by ${limit} after ${response.usage.outputTokens} output tokens`,
      fieldsOf(response),
    );
  }
  if (reason === "refusal") {
    const why = response.refusal?.trim();
    throw new LlmAnswerError(
      "LLM_REFUSED",
      `${who} refused to answer${why ? `: ${why}` : ""}`,
      fieldsOf(response),
    );
  }
  if (reason === "content_filter") {
    throw new LlmAnswerError(
      "LLM_REFUSED",
      `${who} answer was stopped by the provider's content filter`,
      fieldsOf(response),
    );
  }
  return response;
}

/** Adds usages together. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}
