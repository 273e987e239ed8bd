import { AREAS, type Area } from "../../schemas/index.js";
import { getScanner } from "../../tools/registry.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { PriceTable } from "../llm/pricing.js";
import { countTokens } from "../llm/token-count.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import { type CallSizing, planAssumptions } from "./call-sizing.js";
import { type PlanChunk, planChunks } from "./plan-chunks.js";
import { estimatePlan, type PlanEstimate } from "./plan-estimate.js";
import { prioritiseFiles } from "./prioritise-files.js";
import { buildRepoMap, type RepoMap } from "./repo-map.js";

export interface PlanSettings {
  /** Repository text per call, in tokens (chunks are packed into calls up to this). */
  chunkTokens: number;
  /** Calls per area at most; files beyond are listed as omitted. */
  maxCallsPerArea: number;
  /** Estimated system prompt, rubric and instructions per call, when no measured call sizes are given. */
  promptTokens: number;
  /** Estimated output per call, thinking included. */
  outputTokensPerCall: number;
  /** Cap on the repo map's size. */
  repoMapTokens: number;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  chunkTokens: 6000,
  maxCallsPerArea: 10,
  promptTokens: 2500,
  outputTokensPerCall: 3000,
  repoMapTokens: 3000,
};

export interface PlanOptions extends Partial<PlanSettings> {
  provider: string;
  model: string;
  areas?: readonly Area[];
  prices?: PriceTable;
  /** Call sizes measured from the requests the review would send; the flat `promptTokens` otherwise. */
  callSizing?: CallSizing;
}

export type { CallSizing, ChunkToSend } from "./call-sizing.js";
export type { PlanChunk } from "./plan-chunks.js";
export type { PlanEstimate } from "./plan-estimate.js";

/** One model call's worth of chunks. */
export interface PlanBatch {
  id: string;
  chunkIds: string[];
  /** Repository text in the call (chunks plus their fences): what calls are packed by. */
  tokens: number;
  /** The call's whole input, summed from measured call sizes when the plan was given them. */
  inputTokens: number;
  outputTokens: number;
}

export interface AreaPlan {
  area: Area;
  /** Chunks in the order the area reads them (pre-scan hits first). */
  chunks: PlanChunk[];
  batches: PlanBatch[];
  files: number;
  /** Files with pre-scan findings for this area, read first. */
  hitFiles: string[];
  /** Relevant files past the call cap: not read by the model. */
  omittedFiles: string[];
  /**
   * Tokens of the pre-scan findings passed to every call of the area, in the compact form the flat
   * estimate counts (measured call sizes count them as the agent fences them).
   */
  prescanTokens: number;
}

export interface ReviewPlan {
  repo: { name: string; files: number };
  settings: PlanSettings;
  repoMap: RepoMap;
  areas: AreaPlan[];
  estimate: PlanEstimate;
  /** What the estimate assumes, for the dry-run output. */
  assumptions: string[];
}

/** Fence and header tokens around each chunk in a prompt (path, line range, code fence). */
const FENCE_TOKENS = 16;

/**
 * Plans the model review: which chunks of which files each area reads, packed into calls that fit
 * the token budget, plus the token and cost estimate for the chosen model, the closing
 * executive-summary call included. Makes no model call.
 */
export async function buildReviewPlan(
  snapshot: RepoSnapshot,
  prescan: PrescanResult,
  options: PlanOptions,
): Promise<ReviewPlan> {
  const settings: PlanSettings = { ...DEFAULT_PLAN_SETTINGS, ...definedOnly(options) };
  const repoMap = await buildRepoMap(snapshot, settings.repoMapTokens);
  const sizing = options.callSizing;
  const chunks = planChunks(snapshot, settings.chunkTokens - FENCE_TOKENS);

  const areas: AreaPlan[] = [];
  for (const area of options.areas ?? AREAS) {
    const files = prioritiseFiles(snapshot, prescan, area);
    const prescanTokens = countTokens(prescanContext(prescan, area));
    const measured = sizing?.overheadTokens[area];
    // A measured overhead already holds the area's pre-scan findings, fenced as the agent sends them.
    const perCallOverhead =
      measured === undefined
        ? settings.promptTokens + repoMap.tokens + prescanTokens
        : measured + repoMap.tokens;
    const plan: AreaPlan = {
      area,
      chunks: [],
      batches: [],
      files: 0,
      hitFiles: files.filter((entry) => entry.hits > 0).map((entry) => entry.file.path),
      omittedFiles: [],
      prescanTokens,
    };
    for (const entry of files) {
      if (plan.batches.length >= settings.maxCallsPerArea && !hasRoom(plan.batches, settings.chunkTokens)) {
        plan.omittedFiles.push(entry.file.path);
        continue;
      }
      const fileChunks = await chunks.of(entry.file.path, entry.file.language);
      let placed = 0;
      for (const chunk of fileChunks) {
        // Calls are packed by code tokens alone, so measured sizes change the estimate, never the batches.
        const size = chunk.tokens + FENCE_TOKENS;
        // First fit: a small chunk fills a gap left in an earlier call rather than opening a new one.
        let batch = plan.batches.find((candidate) => candidate.tokens + size <= settings.chunkTokens);
        if (!batch) {
          if (plan.batches.length >= settings.maxCallsPerArea) break;
          batch = {
            id: `${area}#${plan.batches.length + 1}`,
            chunkIds: [],
            tokens: 0,
            inputTokens: perCallOverhead,
            outputTokens: settings.outputTokensPerCall,
          };
          plan.batches.push(batch);
        }
        batch.chunkIds.push(chunk.id);
        batch.tokens += size;
        batch.inputTokens += sizing && measured !== undefined ? await chunks.sentTokens(chunk, sizing) : size;
        plan.chunks.push(chunk);
        placed++;
      }
      if (placed > 0) plan.files++;
      if (placed < fileChunks.length) plan.omittedFiles.push(entry.file.path);
    }
    areas.push(plan);
  }
  const reviewed = areas.filter((area) => area.batches.length > 0).map((area) => area.area);
  const summaryCall = sizing?.summaryCall(reviewed) ?? {
    inputTokens: settings.promptTokens,
    outputTokens: settings.outputTokensPerCall,
  };
  const estimate = estimatePlan(
    areas.flatMap((area) => area.batches),
    summaryCall,
    options,
  );
  return {
    repo: { name: snapshot.name, files: snapshot.files.length },
    settings,
    repoMap,
    areas,
    estimate,
    assumptions: planAssumptions(settings, repoMap.tokens, sizing, estimate.summaryCall),
  };
}

/** True when some call still has room for a small chunk. */
function hasRoom(batches: PlanBatch[], chunkTokens: number): boolean {
  return batches.some((batch) => batch.tokens + FENCE_TOKENS + 1 <= chunkTokens);
}

/** The pre-scan findings an area's calls carry, in the compact form the estimate counts. */
export function prescanContext(prescan: PrescanResult, area: Area): string {
  const lines: string[] = [];
  for (const result of prescan.results) {
    const speaks = getScanner(result.id)?.areas.includes(area) ?? false;
    for (const finding of result.findings) {
      if (!speaks && finding.area !== area) continue;
      const where = finding.location ? ` ${finding.location.file}:${finding.location.startLine}` : "";
      lines.push(`- [${finding.severity}] ${finding.ruleId ?? result.id}${where}: ${finding.title}`);
    }
  }
  return lines.join("\n");
}

function definedOnly(options: PlanOptions): Partial<PlanSettings> {
  const out: Partial<PlanSettings> = {};
  for (const key of Object.keys(DEFAULT_PLAN_SETTINGS) as Array<keyof PlanSettings>) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
