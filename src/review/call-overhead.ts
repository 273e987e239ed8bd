import { AREAS, type Area } from "../../schemas/index.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { outputFormatFor } from "../llm/generate-structured.js";
import { countTokens, estimateInputTokens } from "../llm/token-count.js";
import type { ToolDefinition } from "../llm/types.js";
import { buildReport } from "../merge/build-report.js";
import type { CallSizing } from "../plan/build-review-plan.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import type { Redactor } from "../redact/redactor.js";
import { loadRedactor } from "../redact/report-redactor.js";
import { type AgentSettings, DEFAULT_AGENT_SETTINGS } from "./agent-settings.js";
import { areaOutputFormat, batchUserTurn, fenceSentChunk, reviewSystem } from "./batch-prompt.js";
import { SUMMARY_ANSWER, summaryData, summaryRequest } from "./executive-summary.js";
import { openAgentToolbox } from "./mcp-tools.js";
import { loadPrompts, type PromptSet } from "./prompts.js";
import { type AreaScanContext, areaScanContext } from "./scan-context.js";

/**
 * Stands in for the run's fence nonce, which is random: fixed, so a dry run prints the same numbers
 * every time, and 32 hex digits like the real one, which tokenize at about the same rate whatever they are.
 */
const ESTIMATE_NONCE = "9f2c4e7a1b8d3f6054a9c2e7b1d8f3a6";

/** The blank line that joins a fenced chunk to the rest of the user turn. */
const CHUNK_SEPARATOR_TOKENS = countTokens("\n\n");

/**
 * What the model's answers add, per reviewed area, to the data the executive summary is shown (the
 * area's summary sentences, its findings and strengths); a deliberately high guess, since the
 * answers do not exist before the run.
 */
export const SUMMARY_TOKENS_PER_AREA = 300;

export interface CallOverheadInput {
  snapshot: RepoSnapshot;
  prescan: PrescanResult;
  areas?: readonly Area[];
  /** The prompts the review will use; the packaged ones by default. */
  prompts?: PromptSet;
  settings?: Partial<AgentSettings>;
  maxFileBytes?: number;
}

/** Everything but the chunks and the repo map's text that one call of an area carries. */
export interface AreaCallParts {
  area: Area;
  prompts: PromptSet;
  scan: AreaScanContext;
  tools: ToolDefinition[];
  settings: AgentSettings;
}

/**
 * Input tokens of an area's first call without its chunks and repo map text, built exactly as the
 * agent builds it (system blocks, user turn, tool definitions, answer schema) and counted like the
 * metering layer counts a request before sending it.
 */
export function estimateCallOverhead(parts: AreaCallParts): number {
  return estimateInputTokens({
    system: reviewSystem(parts.prompts, parts.area, "", ESTIMATE_NONCE),
    messages: [
      {
        role: "user",
        content: batchUserTurn({
          area: parts.area,
          scan: parts.scan,
          chunks: [],
          nonce: ESTIMATE_NONCE,
          maxTurns: parts.settings.maxTurns,
        }),
      },
    ],
    tools: parts.tools,
    output: areaOutputFormat(parts.area),
    maxTokens: parts.settings.maxOutputTokens,
  });
}

/**
 * Sizes the review's calls for the dry-run plan without calling a model: per area the overhead of
 * each call (with the area's real tool definitions, listed from the agent's own MCP toolbox), the
 * cost of each chunk as the user turn fences it, and the executive-summary call.
 */
export async function measureReviewCalls(input: CallOverheadInput): Promise<CallSizing> {
  const settings = { ...DEFAULT_AGENT_SETTINGS, ...input.settings };
  const prompts = input.prompts ?? (await loadPrompts());
  const redactor = await loadRedactor(input.snapshot, input.prescan.results);
  const toolbox = await openAgentToolbox(input.snapshot, {
    redactor,
    maxResultChars: settings.maxToolResultChars,
    ...(input.maxFileBytes ? { maxFileBytes: input.maxFileBytes } : {}),
  });
  const overheadTokens: Partial<Record<Area, number>> = {};
  try {
    for (const area of input.areas ?? AREAS) {
      const scan = areaScanContext(input.prescan, area, redactor, settings.maxScanFindings);
      const tools = toolbox.definitionsFor(area);
      overheadTokens[area] = estimateCallOverhead({ area, prompts, scan, tools, settings });
    }
  } finally {
    await toolbox.close();
  }
  const summary = summaryCallBase(input.snapshot, input.prescan, redactor);
  return {
    overheadTokens,
    chunkTokens: (chunk) =>
      countTokens(fenceSentChunk({ ...chunk, text: redactor.redactText(chunk.text) }, ESTIMATE_NONCE)) +
      CHUNK_SEPARATOR_TOKENS,
    summaryCall: (reviewed) => ({
      inputTokens: summary.inputTokens + reviewed.length * SUMMARY_TOKENS_PER_AREA,
      outputTokens: summary.outputTokens,
    }),
    assumptions: [
      `the executive summary's input is its instructions and the pre-scan findings it is shown, plus ${SUMMARY_TOKENS_PER_AREA} tokens per reviewed area for what the model's answers add; its output is counted at its whole ${summary.outputTokens}-token limit`,
    ],
  };
}

/** The summary call over a report of the pre-scan alone: what the real one is shown before the model adds to it. */
function summaryCallBase(snapshot: RepoSnapshot, prescan: PrescanResult, redactor: Redactor) {
  const draft = buildReport({ snapshot, prescan, mode: "review", redactor });
  const request = summaryRequest(redactor.redactText(summaryData(draft)), ESTIMATE_NONCE);
  const output = outputFormatFor(SUMMARY_ANSWER.schema, { name: SUMMARY_ANSWER.name });
  return { inputTokens: estimateInputTokens({ ...request, output }), outputTokens: request.maxTokens };
}
