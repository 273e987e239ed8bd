import Anthropic from "@anthropic-ai/sdk";
import { type AnthropicOutputMode, fromAnthropicMessage, toAnthropicParams } from "./anthropic-messages.js";
import { abortedCall, httpFailure, malformedResponse, transportFailure } from "./call-failure.js";
import { LlmCallError } from "./llm-error.js";
import type { GenerateRequest, GenerateResponse, LlmClient } from "./types.js";

export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";
export const DEFAULT_CALL_TIMEOUT_MS = 300_000;

export interface AnthropicClientOptions {
  apiKey: string;
  model: string;
  /** Defaults to the public API; ANTHROPIC_BASE_URL is resolved by the caller, not read here. */
  baseUrl?: string;
  /** Per-call timeout; a timed-out call fails with a retryable error. */
  timeoutMs?: number;
}

/** Structured output is rejected by models or gateways without the JSON-schema output format. */
const OUTPUT_FORMAT_REJECTED = /output_config|output_format|structured.output|json.schema/i;

/** An LlmClient on the Anthropic Messages API. The SDK's own retries are off: `withRetries` owns them. */
export function createAnthropicClient(options: AnthropicClientOptions): LlmClient {
  const sdk = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    logLevel: "off",
  });
  let outputMode: AnthropicOutputMode = "output-format";
  let fallbackWarning: string | undefined;

  async function call(request: GenerateRequest, signal: AbortSignal | undefined): Promise<GenerateResponse> {
    const mode = outputMode;
    const params = toAnthropicParams(request, options.model, mode);
    try {
      const { data, request_id } = await sdk.messages
        .create(params, { signal, timeout: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, maxRetries: 0 })
        .withResponse();
      if (!Array.isArray(data?.content) || typeof data.usage !== "object" || data.usage === null) {
        throw malformedResponse("anthropic", new Error("the body is not a Messages API message"));
      }
      const response = fromAnthropicMessage(data, request, mode, request_id ?? undefined);
      return { ...response, warnings: request.output && fallbackWarning ? [fallbackWarning] : [] };
    } catch (error) {
      const failure = toCallError(error, signal, options.baseUrl);
      if (!failure) throw error;
      if (
        request.output &&
        mode === "output-format" &&
        failure.status === 400 &&
        OUTPUT_FORMAT_REJECTED.test(failure.message) &&
        !/invalid schema/i.test(failure.message)
      ) {
        outputMode = "forced-tool";
        fallbackWarning = `anthropic: ${options.model} rejected the JSON-schema output format (${failure.message}); structured output used a forced tool call instead`;
        return call(request, signal);
      }
      throw failure;
    }
  }

  return { provider: "anthropic", model: options.model, generate: call };
}

/** The neutral error for an SDK failure; undefined for errors that are not the call's (bugs propagate as they are). */
function toCallError(
  error: unknown,
  signal: AbortSignal | undefined,
  baseUrl: string | undefined,
): LlmCallError | undefined {
  if (error instanceof LlmCallError) return error;
  if (error instanceof Anthropic.APIUserAbortError || signal?.aborted) return abortedCall("anthropic", error);
  if (error instanceof Anthropic.APIConnectionTimeoutError)
    return transportFailure("anthropic", "timeout", error);
  if (error instanceof Anthropic.APIConnectionError)
    return transportFailure("anthropic", "connection", error);
  if (error instanceof Anthropic.APIError && typeof error.status === "number") {
    return httpFailure({
      provider: "anthropic",
      status: error.status,
      headers: error.headers,
      apiMessage: error.apiMessage ?? undefined,
      apiType: error.type ?? undefined,
      requestId: error.requestID ?? undefined,
      baseUrl: baseUrl && baseUrl !== ANTHROPIC_DEFAULT_BASE_URL ? baseUrl : undefined,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) return malformedResponse("anthropic", error);
  return undefined;
}
