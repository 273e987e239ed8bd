import { CodeauditError, type ErrorCode } from "../errors.js";

/** What went wrong with a call, in provider-neutral terms. */
export type LlmFailureKind =
  | "rate_limit"
  | "overloaded"
  | "server"
  | "timeout"
  | "connection"
  | "malformed_response"
  | "bad_request"
  | "auth"
  | "not_found"
  | "aborted";

export interface LlmCallErrorFields {
  provider: string;
  kind: LlmFailureKind;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  /** The provider's own error type, e.g. `rate_limit_error` or `invalid_api_key`. */
  apiType?: string;
  cause?: unknown;
}

/** A failed model call, carrying what the retry policy and the report need. */
export class LlmCallError extends CodeauditError {
  readonly provider: string;
  readonly kind: LlmFailureKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly apiType?: string;

  constructor(message: string, fields: LlmCallErrorFields) {
    super(codeFor(fields.kind), message, {
      cause: fields.cause,
      details: {
        provider: fields.provider,
        kind: fields.kind,
        status: fields.status,
        requestId: fields.requestId,
        apiType: fields.apiType,
      },
    });
    this.name = "LlmCallError";
    this.provider = fields.provider;
    this.kind = fields.kind;
    this.retryable = fields.retryable;
    this.status = fields.status;
    this.retryAfterMs = fields.retryAfterMs;
    this.requestId = fields.requestId;
    this.apiType = fields.apiType;
  }
}

function codeFor(kind: LlmFailureKind): ErrorCode {
  if (kind === "auth") return "LLM_AUTH";
  if (kind === "aborted") return "ABORTED";
  return "LLM_UNAVAILABLE";
}

/** HTTP statuses worth another attempt: timeouts, conflicts, rate limits and server-side failures (529 included). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The failure kind an HTTP status stands for. */
export function kindForStatus(status: number): LlmFailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  return "bad_request";
}

/**
 * Delay the server asked for: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date
 * (measured against `now`). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Honours the `x-should-retry` header both providers send, else decides by status. */
export function shouldRetry(status: number, headers: Headers | undefined): boolean {
  const hint = headers?.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return isRetryableStatus(status);
}

/** The environment variable a user fixes when a provider rejects the key. */
export function keyVariableFor(provider: string): string {
  return provider === "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
}
