import OpenAI from "openai";
import { DEFAULT_CALL_TIMEOUT_MS } from "./anthropic-client.js";
import { abortedCall, httpFailure, malformedResponse, transportFailure } from "./call-failure.js";
import { LlmCallError } from "./llm-error.js";
import { fromOpenAiCompletion, type OpenAiOutputMode, toOpenAiParams } from "./openai-messages.js";
import type { GenerateRequest, GenerateResponse, LlmClient } from "./types.js";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Sent when an OpenAI-compatible server needs no key (Ollama, vLLM, LM Studio); the SDK wants some value. */
export const NO_KEY_PLACEHOLDER = "codeaudit-no-key";

export interface OpenAiClientOptions {
  /** Optional for OpenAI-compatible servers given by `baseUrl`. */
  apiKey?: string;
  model: string;
  baseUrl?: string;
  timeoutMs?: number;
}

/** A server that cannot do JSON-schema (or JSON) output answers 400/422 naming the response format. */
const FORMAT_REJECTED = /response_format|json_schema|json_object|structured output|json mode/i;

const NEXT_MODE: Record<OpenAiOutputMode, OpenAiOutputMode | undefined> = {
  json_schema: "json_object",
  json_object: "prompt",
  prompt: undefined,
};

/** An LlmClient on Chat Completions, for OpenAI and any compatible server. The SDK's retries are off. */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  const baseUrl = options.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
  const isOpenAi = new URL(baseUrl).hostname === "api.openai.com";
  const sdk = new OpenAI({
    apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER,
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    logLevel: "off",
    organization: null,
    project: null,
  });
  let outputMode: OpenAiOutputMode = "json_schema";
  const fallbackWarnings: string[] = [];

  async function call(request: GenerateRequest, signal: AbortSignal | undefined): Promise<GenerateResponse> {
    const mode = outputMode;
    const params = toOpenAiParams(request, {
      model: options.model,
      mode,
      maxTokensField: isOpenAi ? "max_completion_tokens" : "max_tokens",
    });
    try {
      const { data, request_id } = await sdk.chat.completions
        .create(params, { signal, timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, maxRetries: 0 })
        .withResponse();
      const choice = Array.isArray(data?.choices) ? data.choices[0] : undefined;
      if (!choice?.message) {
        throw malformedResponse("openai", new Error("the body is not a chat completion with a choice"));
      }
      const response = fromOpenAiCompletion(data, choice, request, request_id ?? undefined);
      const warnings = request.output ? [...fallbackWarnings] : [];
      if (!data.usage)
        warnings.push(`openai: the server at ${baseUrl} reported no token usage for ${options.model}`);
      return { ...response, warnings };
    } catch (error) {
      const failure = toCallError(error, signal, isOpenAi ? undefined : baseUrl);
      if (!failure) throw error;
      const next = NEXT_MODE[mode];
      if (
        request.output &&
        next &&
        // OpenAI itself supports JSON-schema output: a 400 there means the schema is wrong, so it surfaces.
        !isOpenAi &&
        !/invalid schema/i.test(failure.message) &&
        (failure.status === 400 || failure.status === 422) &&
        FORMAT_REJECTED.test(failure.message)
      ) {
        outputMode = next;
        fallbackWarnings.push(
          `openai: the server at ${baseUrl} rejected ${mode === "json_schema" ? "JSON-schema output" : "JSON mode"} for ${options.model} (${failure.message}); fell back to ${next === "json_object" ? "JSON mode" : "prompt-only JSON"} with validation`,
        );
        return call(request, signal);
      }
      throw failure;
    }
  }

  return { provider: "openai", model: options.model, generate: call };
}

/** The neutral error for an SDK failure; undefined for errors that are not the call's. */
function toCallError(
  error: unknown,
  signal: AbortSignal | undefined,
  customBaseUrl: string | undefined,
): LlmCallError | undefined {
  if (error instanceof LlmCallError) return error;
  if (error instanceof OpenAI.APIUserAbortError || signal?.aborted) return abortedCall("openai", error);
  if (error instanceof OpenAI.APIConnectionTimeoutError) return transportFailure("openai", "timeout", error);
  if (error instanceof OpenAI.APIConnectionError) return transportFailure("openai", "connection", error);
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const body = error.error as { message?: unknown } | undefined;
    return httpFailure({
      provider: "openai",
      status: error.status,
      headers: error.headers,
      apiMessage: typeof body?.message === "string" ? body.message : undefined,
      apiType: typeof error.code === "string" ? error.code : (error.type ?? undefined),
      requestId: error.requestID ?? undefined,
      baseUrl: customBaseUrl,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) return malformedResponse("openai", error);
  return undefined;
}
