import { errorMessage } from "../errors.js";
import { keyVariableFor, kindForStatus, LlmCallError, retryAfterMs, shouldRetry } from "./llm-error.js";

/** What an adapter read from a provider's error response. */
export interface HttpFailure {
  provider: string;
  status: number;
  headers?: Headers;
  /** The provider's message, without the status prefix the SDKs add. */
  apiMessage?: string;
  apiType?: string;
  requestId?: string;
  /** Where the key was sent, named in auth errors for OpenAI-compatible servers. */
  baseUrl?: string;
  cause?: unknown;
}

/** Turns an HTTP error response into an LlmCallError; 401/403 name the variable to fix, in one line. */
export function httpFailure(failure: HttpFailure, now: number = Date.now()): LlmCallError {
  const kind = kindForStatus(failure.status);
  const detail = [failure.apiType, failure.apiMessage].filter(Boolean).join(": ");
  const what = `${failure.status}${detail ? ` ${detail}` : ""}`;
  const requestPart = failure.requestId ? ` [request ${failure.requestId}]` : "";
  const fields = {
    provider: failure.provider,
    kind,
    retryable: kind !== "auth" && shouldRetry(failure.status, failure.headers),
    status: failure.status,
    retryAfterMs: retryAfterMs(failure.headers, now),
    requestId: failure.requestId,
    apiType: failure.apiType,
    cause: failure.cause,
  };
  if (kind === "auth") {
    const variable = keyVariableFor(failure.provider);
    const where = failure.baseUrl ? ` (sent to ${failure.baseUrl})` : "";
    const problem =
      failure.status === 401 ? "invalid API key" : "the API key is not allowed to use this model or endpoint";
    return new LlmCallError(
      `${failure.provider} rejected the request (${what}): ${problem}: check ${variable}${where}${requestPart}`,
      fields,
    );
  }
  return new LlmCallError(`${failure.provider} request failed (${what})${requestPart}`, fields);
}

/** A network-level failure: connection reset, refused, DNS, or the per-call timeout. */
export function transportFailure(
  provider: string,
  kind: "timeout" | "connection",
  cause: unknown,
): LlmCallError {
  const reason =
    kind === "timeout"
      ? "timed out"
      : `connection failed (${errorMessage(cause instanceof Error && cause.cause ? cause.cause : cause)})`;
  return new LlmCallError(`${provider} request ${reason}`, { provider, kind, retryable: true, cause });
}

/** A 2xx answer whose body is not the JSON the API promises (a proxy cut it short, say). */
export function malformedResponse(provider: string, cause: unknown): LlmCallError {
  return new LlmCallError(`${provider} sent a malformed response body (${errorMessage(cause)})`, {
    provider,
    kind: "malformed_response",
    retryable: true,
    cause,
  });
}

/** The caller cancelled the call. */
export function abortedCall(provider: string, cause?: unknown): LlmCallError {
  return new LlmCallError(`${provider} request cancelled`, {
    provider,
    kind: "aborted",
    retryable: false,
    cause,
  });
}
