import { addUsage, ensureCompleted, LlmAnswerError } from "../llm/answer-error.js";
import { repairTurns } from "../llm/generate-structured.js";
import {
  emptyUsage,
  type GenerateResponse,
  type LlmClient,
  type LlmMessage,
  type OutputFormat,
  type SystemBlock,
  type TokenUsage,
  type ToolCall,
  type ToolDefinition,
  type ToolResultBlock,
} from "../llm/types.js";
import type { ToolSupport } from "./tool-support.js";

/** Runs one tool call and returns the result block to send back (fenced, redacted, never throwing). */
export type ToolRunner = (call: ToolCall, signal?: AbortSignal) => Promise<ToolResultBlock>;

/** Reads a finished answer; `problem` is shown to the model in the repair round. */
export type AnswerReader<T> = (
  response: GenerateResponse,
) => { ok: true; value: T } | { ok: false; problem: string };

export interface AgentLoopRequest<T> {
  client: LlmClient;
  system: SystemBlock[];
  /** The opening user turn(s). */
  messages: LlmMessage[];
  tools: ToolDefinition[];
  runTool: ToolRunner;
  /** Shared by a run's batches: turns tools off for good when the server rejects them. */
  toolSupport?: ToolSupport;
  /** Sent with every call, so a model that needs no tool can answer in its first turn. */
  output: OutputFormat;
  read: AnswerReader<T>;
  maxTurns: number;
  maxTokens: number;
  maxOutputTokens: number;
  signal?: AbortSignal;
}

export interface AgentLoopResult<T> {
  value: T;
  calls: number;
  toolCalls: number;
  usage: TokenUsage;
  repaired: boolean;
  /** Why the model stopped exploring: it answered, or a budget made it answer. */
  stoppedBy: "answer" | "turns" | "tokens";
}

export const ANSWER_NOW =
  "Your tool budget for this review is used up: make no more tool calls. Answer now with only the JSON object, using what you have seen.";

const NO_MORE_TOOLS = "Not run: the tool budget is used up. Answer now with only the JSON object.";

/**
 * The review agent's loop, provider-agnostic: generate; run the tool calls it asks for and send the
 * results back; repeat until it answers or the turn or token budget is reached, then require the
 * answer. Every call carries the output format, so the answer may come in any turn. An unusable
 * answer gets one repair round that shows the model what is wrong; a second one throws
 * LLM_OUTPUT_INVALID with the raw text and usage.
 */
export async function runAgentLoop<T>(request: AgentLoopRequest<T>): Promise<AgentLoopResult<T>> {
  const messages = [...request.messages];
  let usage = emptyUsage();
  let calls = 0;
  let toolCalls = 0;
  let turns = 0;
  let repairs = 0;
  let stoppedBy: AgentLoopResult<T>["stoppedBy"] = "answer";
  for (;;) {
    const generate = (tools: ToolDefinition[]) =>
      withCallSignal(request.signal, (signal) =>
        request.client.generate(
          {
            system: request.system,
            messages: [...messages],
            tools,
            output: request.output,
            maxTokens: request.maxOutputTokens,
          },
          signal,
        ),
      );
    const tools = request.toolSupport?.enabled === false ? [] : request.tools;
    const response = ensureCompleted(
      await generate(tools).catch((error: unknown) => {
        if (tools.length > 0 && request.toolSupport?.refuses(error)) return generate([]);
        throw error;
      }),
    );
    calls++;
    usage = addUsage(usage, response.usage);
    // The assistant turn goes back as it came: provider blocks (signed thinking) must travel with tool results.
    if (response.toolCalls.length > 0) {
      messages.push(response.message);
      if (stoppedBy !== "answer") {
        if (repairs >= 1)
          throw invalid(response, usage, "kept calling tools after its tool budget was used up");
        repairs++;
        messages.push({ role: "user", content: response.toolCalls.map((call) => refused(call)) });
        continue;
      }
      const results: ToolResultBlock[] = [];
      for (const call of response.toolCalls) {
        results.push(await request.runTool(call, request.signal));
        toolCalls++;
      }
      turns++;
      const spent = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
      if (turns >= request.maxTurns) stoppedBy = "turns";
      else if (spent >= request.maxTokens) stoppedBy = "tokens";
      messages.push({
        role: "user",
        content: stoppedBy === "answer" ? results : [...results, { type: "text", text: ANSWER_NOW }],
      });
      continue;
    }
    const answer = request.read(response);
    if (answer.ok) return { value: answer.value, calls, toolCalls, usage, repaired: repairs > 0, stoppedBy };
    if (repairs >= 1) throw invalid(response, usage, answer.problem);
    repairs++;
    messages.push(...repairTurns(response, answer.problem));
  }
}

/**
 * Runs one call with its own signal that follows the run's: SDKs attach an abort listener per
 * request and do not always remove it, so a long review would pile them up on one shared signal.
 */
export async function withCallSignal<T>(
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return call(undefined);
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener("abort", forward, { once: true });
  try {
    return await call(controller.signal);
  } finally {
    signal.removeEventListener("abort", forward);
  }
}

function refused(call: ToolCall): ToolResultBlock {
  return { type: "tool_result", toolUseId: call.id, content: NO_MORE_TOOLS, isError: true };
}

function invalid(response: GenerateResponse, usage: TokenUsage, problem: string): LlmAnswerError {
  return new LlmAnswerError(
    "LLM_OUTPUT_INVALID",
    `${response.provider} ${response.model} gave no usable review after one repair round: ${problem.split("\n").join(" ")}`,
    {
      rawText: response.outputText ?? response.text,
      usage,
      stopReason: response.stopReason,
      provider: response.provider,
      model: response.model,
      ...(response.requestId ? { requestId: response.requestId } : {}),
      cause: new Error(problem),
    },
  );
}
