import { parseJson } from "./parse-json.js";
import {
  type ContentBlock,
  emptyUsage,
  type GenerateRequest,
  type GenerateResponse,
  type LlmClient,
} from "./types.js";

/** A scripted answer: any response fields, plus `json` as a shortcut for a structured answer. */
export type FakeAnswer = Partial<Omit<GenerateResponse, "usage">> & {
  json?: unknown;
  usage?: Partial<GenerateResponse["usage"]>;
};

/** A turn of the script: an answer, an error to throw, or a function of the request. */
export type FakeTurn =
  | FakeAnswer
  | Error
  | ((request: GenerateRequest, call: number) => FakeAnswer | Promise<FakeAnswer>);

export interface FakeCall {
  request: GenerateRequest;
  signal?: AbortSignal;
}

/**
 * An in-process model for tests of code above the adapters: it answers from a queue of turns and
 * records every call. Running out of turns is an error, so a test notices an unexpected call.
 */
export class FakeLlmClient implements LlmClient {
  readonly provider: string;
  readonly model: string;
  readonly calls: FakeCall[] = [];
  private readonly turns: FakeTurn[];

  constructor(options: { provider?: string; model?: string; turns?: FakeTurn[] } = {}) {
    this.provider = options.provider ?? "fake";
    this.model = options.model ?? "fake-model";
    this.turns = [...(options.turns ?? [])];
  }

  /** Queues more turns. */
  enqueue(...turns: FakeTurn[]): this {
    this.turns.push(...turns);
    return this;
  }

  /** Turns not yet used. */
  get pending(): number {
    return this.turns.length;
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    this.calls.push({ request, ...(signal ? { signal } : {}) });
    const turn = this.turns.shift();
    if (turn === undefined) {
      throw new Error(`FakeLlmClient: no scripted answer for call ${this.calls.length}`);
    }
    if (turn instanceof Error) throw turn;
    const answer = typeof turn === "function" ? await turn(request, this.calls.length) : turn;
    return this.complete(answer, request);
  }

  private complete(answer: FakeAnswer, request: GenerateRequest): GenerateResponse {
    const text = answer.text ?? (answer.json !== undefined ? JSON.stringify(answer.json) : "");
    const toolCalls = answer.toolCalls ?? [];
    const stopReason = answer.stopReason ?? (toolCalls.length > 0 ? "tool_use" : "end");
    const blocks: ContentBlock[] = [
      ...(text ? [{ type: "text" as const, text }] : []),
      ...toolCalls.map((call) => ({ type: "tool_use" as const, ...call })),
    ];
    const response: GenerateResponse = {
      provider: this.provider,
      model: answer.model ?? this.model,
      text,
      toolCalls,
      message: answer.message ?? { role: "assistant", content: blocks },
      stopReason,
      usage: { ...emptyUsage(), ...answer.usage },
      warnings: answer.warnings ?? [],
      ...(answer.requestId ? { requestId: answer.requestId } : {}),
      ...(answer.refusal ? { refusal: answer.refusal } : {}),
    };
    if (request.output) {
      response.outputText = answer.outputText ?? text;
      const parsed = answer.json !== undefined ? { ok: true as const, value: answer.json } : parseJson(text);
      if (answer.output !== undefined) response.output = answer.output;
      else if (stopReason === "end" && parsed.ok) response.output = parsed.value;
    }
    return response;
  }
}
