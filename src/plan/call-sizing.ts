import type { Area } from "../../schemas/index.js";
import type { CallTokens } from "./plan-estimate.js";

/** A chunk as the review would send it (its text as read), for sizing its share of a call. */
export interface ChunkToSend {
  file: string;
  startLine: number;
  endLine: number;
  text: string;
  isTest: boolean;
}

/**
 * How big the review's calls are, measured from the requests its agent builds
 * (src/review/call-overhead.ts), so the plan adds up real sizes without knowing prompts or tools.
 */
export interface CallSizing {
  /**
   * Per area, the input tokens of one call besides its chunks and the repo map's text: system
   * prompt, tool definitions, answer schema, pre-scan findings and instructions. An area left out
   * gets the flat estimate.
   */
  overheadTokens: Partial<Record<Area, number>>;
  /** Input tokens one chunk adds to a call, fenced and line-numbered as sent. */
  chunkTokens(chunk: ChunkToSend): number;
  /** The executive-summary call made once the `reviewed` areas (those with calls) are done. */
  summaryCall(reviewed: readonly Area[]): CallTokens;
  /** How the summary call was sized, for the dry-run output. */
  assumptions: string[];
}

/** The plan settings the assumptions quote. */
interface QuotedSettings {
  chunkTokens: number;
  promptTokens: number;
  outputTokensPerCall: number;
}

const number = (value: number) => value.toLocaleString("en-US");

/** What the estimate assumes, in words, for the dry-run output; `summaryCall` when the plan counts one. */
export function planAssumptions(
  settings: QuotedSettings,
  repoMapTokens: number,
  sizing: CallSizing | undefined,
  summaryCall: CallTokens | undefined,
): string[] {
  const perCall = sizing
    ? `each call's input is counted from the request the review agent would send: the area's system prompt, the repo map (${repoMapTokens} tokens), the area's tool definitions, the answer schema, its pre-scan findings and the chunks fenced with line numbers; each round of tool calls resends all of it and is not counted`
    : `each call also carries about ${settings.promptTokens} tokens of instructions, the repo map (${repoMapTokens} tokens) and the area's pre-scan findings`;
  const summary = summaryCall
    ? [
        `one executive-summary call at the end, in the total but in no area's row: ${number(summaryCall.inputTokens)} input and ${number(summaryCall.outputTokens)} output tokens${sizing ? "" : ", a flat guess"}`,
        ...(sizing?.assumptions ?? []),
      ]
    : [];
  return [
    `one call per batch of up to ${settings.chunkTokens} tokens of code; tool calls and repair rounds add calls`,
    perCall,
    `${settings.outputTokensPerCall} output tokens per area call, thinking included`,
    ...summary,
    "token counts use the o200k tokenizer; other providers count somewhat differently",
    "prompt caching is not counted, so the cost is an upper bound for cached prefixes",
  ];
}
