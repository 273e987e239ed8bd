import { delay, HttpResponse, http, type RequestHandler } from "msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  anthropicErrorBody,
  anthropicErrorType,
  anthropicMessage,
  anthropicRequestProblem,
} from "./anthropic-wire.js";
import { chatCompletion, openAiErrorBody, openAiRequestProblem } from "./openai-wire.js";
import { type FaultSpec, isFault, newId, type ReplySpec, type Turn } from "./script.js";

/** One request the fake provider received. */
export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * One scripted provider endpoint: tests queue turns (answers and faults), the endpoint answers each
 * request with the next turn in the provider's exact wire format and records the request.
 */
export class ScriptedEndpoint {
  readonly requests: RecordedRequest[] = [];
  private readonly turns: Turn[] = [];
  /** When set, requests must carry this key (Authorization: Bearer, or x-api-key for Anthropic). */
  apiKey: string | undefined;
  /** OpenAI-compatible servers without JSON-schema output answer `response_format` with a 400. */
  rejectJsonSchema = false;

  constructor(readonly provider: "anthropic" | "openai") {}

  /** Queues answers. */
  reply(...specs: ReplySpec[]): this {
    this.turns.push(...specs);
    return this;
  }

  /** Queues an HTTP error with the provider's error body. */
  fail(status: number, options: Omit<Extract<FaultSpec, { fault: "http" }>, "fault" | "status"> = {}): this {
    this.turns.push({ fault: "http", status, ...options });
    return this;
  }

  /** Queues a 429 rate-limit error; `retryAfter` in seconds (or an HTTP date) when given. */
  rateLimit(retryAfter?: number | string): this {
    return this.fail(429, retryAfter === undefined ? {} : { retryAfter });
  }

  /** Queues Anthropic's 529 overloaded_error (OpenAI: a 503). */
  overloaded(): this {
    return this.fail(this.provider === "anthropic" ? 529 : 503);
  }

  /** Queues a connection reset (the request fails with a network error). */
  reset(): this {
    this.turns.push({ fault: "reset" });
    return this;
  }

  /** Queues a 200 answer whose body is cut-off JSON. */
  malformedBody(): this {
    this.turns.push({ fault: "malformed-body" });
    return this;
  }

  /** Turns not yet used. */
  get pending(): number {
    return this.turns.length;
  }

  /** The recorded request bodies, in order. */
  get bodies(): Json[] {
    return this.requests.map((request) => request.body);
  }

  /** The body of request `index` (0-based); throws when there was no such request. */
  body(index: number): Json {
    const request = this.requests[index];
    if (!request)
      throw new Error(
        `llm-kit: ${this.provider} received ${this.requests.length} request(s), not ${index + 1}`,
      );
    return request.body;
  }

  clear(): void {
    this.turns.length = 0;
    this.requests.length = 0;
    this.apiKey = undefined;
    this.rejectJsonSchema = false;
  }

  /** Answers one request. */
  async handle(request: Request, officialApi: boolean): Promise<Response> {
    const body = (await request.json()) as Json;
    this.requests.push({ url: request.url, headers: Object.fromEntries(request.headers), body });
    const requestId = newId("req_");
    const idHeader = this.provider === "anthropic" ? "request-id" : "x-request-id";
    if (this.apiKey !== undefined && !this.authorised(request.headers))
      return this.error(401, requestId, idHeader);
    const problem = this.requestProblem(body, request.headers, officialApi);
    if (problem) return this.error(400, requestId, idHeader, problem);
    const turn = this.turns.shift();
    if (!turn) {
      return this.error(400, requestId, idHeader, {
        message: `llm-kit: no scripted turn for ${this.provider} request #${this.requests.length}`,
        param: null,
      });
    }
    const wait = "delayMs" in turn ? turn.delayMs : undefined;
    if (wait) await delay(wait);
    if (isFault(turn)) return this.fault(turn, requestId, idHeader);
    const headers = { [idHeader]: requestId, ...turn.headers };
    const answer = this.provider === "anthropic" ? anthropicMessage(turn, body) : chatCompletion(turn, body);
    return HttpResponse.json(answer, { status: 200, headers });
  }

  private authorised(headers: Headers): boolean {
    const bearer = headers.get("authorization")?.replace(/^Bearer /, "");
    return (
      bearer === this.apiKey || (this.provider === "anthropic" && headers.get("x-api-key") === this.apiKey)
    );
  }

  private requestProblem(
    body: Json,
    headers: Headers,
    officialApi: boolean,
  ): { message: string; param: string | null } | undefined {
    if (this.provider === "anthropic") {
      const message = anthropicRequestProblem(body, headers);
      return message ? { message, param: null } : undefined;
    }
    const format = (body.response_format as Json | undefined)?.type;
    if (this.rejectJsonSchema && (format === "json_schema" || format === "json_object")) {
      return {
        message: `response_format type '${String(format)}' is not supported by this server`,
        param: "response_format",
      };
    }
    return openAiRequestProblem(body, officialApi);
  }

  private fault(turn: FaultSpec, requestId: string, idHeader: string): Response {
    if (turn.fault === "reset") return HttpResponse.error();
    if (turn.fault === "malformed-body") {
      return new HttpResponse('{"id":"msg_01","type":"mess', {
        status: 200,
        headers: { "content-type": "application/json", [idHeader]: requestId },
      });
    }
    const headers: Record<string, string> = { ...turn.headers };
    if (turn.retryAfter !== undefined) headers["retry-after"] = String(turn.retryAfter);
    if (turn.retryAfterMs !== undefined) headers["retry-after-ms"] = String(turn.retryAfterMs);
    return this.error(
      turn.status,
      requestId,
      idHeader,
      { message: turn.message, param: null },
      turn.errorType,
      headers,
    );
  }

  private error(
    status: number,
    requestId: string,
    idHeader: string,
    detail: { message?: string; param: string | null } = { param: null },
    errorType?: string,
    extraHeaders: Record<string, string> = {},
  ): Response {
    const body =
      this.provider === "anthropic"
        ? anthropicErrorBody(errorType ?? anthropicErrorType(status), detail.message, requestId)
        : openAiErrorBody(status, errorType, detail.message, detail.param);
    return HttpResponse.json(body, { status, headers: { [idHeader]: requestId, ...extraHeaders } });
  }
}

export interface LlmKitOptions {
  /** Anthropic base URLs to serve (default the public API). */
  anthropicBaseUrls?: string[];
  /** OpenAI-compatible base URLs to serve, each ending before `/chat/completions` (default the public API). */
  openaiBaseUrls?: string[];
}

export interface LlmKit {
  server: SetupServer;
  anthropic: ScriptedEndpoint;
  openai: ScriptedEndpoint;
  /** Forgets turns and requests on both endpoints. */
  reset(): void;
}

export const ANTHROPIC_URL = "https://api.anthropic.com";
export const OPENAI_URL = "https://api.openai.com/v1";

/** The fake providers on an msw server (not yet listening). */
export function createLlmKit(options: LlmKitOptions = {}): LlmKit {
  const anthropic = new ScriptedEndpoint("anthropic");
  const openai = new ScriptedEndpoint("openai");
  const handlers: RequestHandler[] = [
    ...(options.anthropicBaseUrls ?? [ANTHROPIC_URL]).map((base) =>
      http.post(`${base.replace(/\/+$/, "")}/v1/messages`, ({ request }) => anthropic.handle(request, true)),
    ),
    ...(options.openaiBaseUrls ?? [OPENAI_URL]).map((base) =>
      http.post(`${base.replace(/\/+$/, "")}/chat/completions`, ({ request }) =>
        openai.handle(request, new URL(base).hostname === "api.openai.com"),
      ),
    ),
  ];
  const server = setupServer(...handlers);
  return {
    server,
    anthropic,
    openai,
    reset: () => {
      anthropic.clear();
      openai.clear();
    },
  };
}

/**
 * The kit for a vitest file: listening before the tests (any request it does not serve fails the
 * test), cleared after each, closed at the end.
 */
export function useLlmKit(options: LlmKitOptions = {}): LlmKit {
  const kit = createLlmKit(options);
  beforeAll(() => kit.server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => kit.reset());
  afterAll(() => kit.server.close());
  return kit;
}
