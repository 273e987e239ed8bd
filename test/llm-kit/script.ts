/**
 * What a test queues for the fake provider to answer, one turn per request. The same script drives
 * both providers; each wire module turns it into that provider's exact JSON.
 */

export interface KitUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface KitToolUse {
  name: string;
  input: unknown;
  id?: string;
}

/** A successful answer. */
export interface ReplySpec {
  text?: string;
  /** A structured answer: text JSON for JSON-schema output, the forced tool's input in tool mode. */
  json?: unknown;
  /** A structured answer given as raw text, e.g. malformed JSON. */
  rawJson?: string;
  toolUse?: KitToolUse | KitToolUse[];
  /** Anthropic: start the answer with a (signed, empty) thinking block, as adaptive thinking does. */
  thinking?: boolean;
  usage?: KitUsage;
  /** Cut off by the token limit: `max_tokens` / `length`. */
  truncated?: boolean;
  /** Anthropic `stop_reason: "refusal"`; OpenAI `message.refusal`. */
  refusal?: string;
  /** OpenAI `finish_reason: "content_filter"`. */
  contentFilter?: boolean;
  /** The model id the answer names (defaults to the requested one). */
  model?: string;
  /** Answer after this many milliseconds (a slow response). */
  delayMs?: number;
  headers?: Record<string, string>;
  /** Leave the usage object out of the body (some OpenAI-compatible servers do). */
  omitUsage?: boolean;
}

/** An error response, or a broken connection, or a body that is not JSON. */
export type FaultSpec =
  | {
      fault: "http";
      status: number;
      /** The provider's error type; a sensible one per status by default. */
      errorType?: string;
      message?: string;
      /** `retry-after` header: seconds, or an HTTP date string. */
      retryAfter?: number | string;
      retryAfterMs?: number;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | { fault: "reset" }
  | { fault: "malformed-body" };

export type Turn = ReplySpec | FaultSpec;

/** True when a turn is a fault rather than an answer. */
export function isFault(turn: Turn): turn is FaultSpec {
  return "fault" in turn;
}

/** The tool uses of a reply as a list. */
export function toolUsesOf(spec: ReplySpec): KitToolUse[] {
  if (!spec.toolUse) return [];
  return Array.isArray(spec.toolUse) ? spec.toolUse : [spec.toolUse];
}

let counter = 0;

/** A fresh id with a provider-style prefix (`msg_`, `toolu_`, `call_`, `req_`). */
export function newId(prefix: string): string {
  counter++;
  return `${prefix}${counter.toString(36).padStart(8, "0")}kit`;
}
