import { AREAS, type Area } from "../../schemas/index.js";
import { getScanner } from "../../tools/registry.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { costOf, defaultPriceTable, findPrice, type ModelPrice, type PriceTable } from "../llm/pricing.js";
import { countTokens } from "../llm/token-count.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import { chunkLines } from "./chunk-lines.js";
import { prioritiseFiles } from "./prioritise-files.js";
import { buildRepoMap, type RepoMap } from "./repo-map.js";

export interface PlanSettings {
  /** Repository text per call, in tokens (chunks are packed into calls up to this). */
  chunkTokens: number;
  /** Calls per area at most; files beyond are listed as omitted. */
  maxCallsPerArea: number;
  /** Estimated system prompt, rubric and instructions per call. */
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
}

/** Whole lines of one file sent together. `id` is stable: `file:start-end`. */
export interface PlanChunk {
  id: string;
  file: string;
  startLine: number;
  endLine: number;
  tokens: number;
  language: string | null;
}

/** One model call's worth of chunks. */
export interface PlanBatch {
  id: string;
  chunkIds: string[];
  /** Repository text in the call (chunks plus their fences). */
  tokens: number;
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
  /** Tokens of the pre-scan findings passed to every call of the area. */
  prescanTokens: number;
}

export interface PlanEstimate {
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The price used, or undefined when the model has none (cost then 0). */
  price?: ModelPrice;
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
 * the token budget, plus the token and cost estimate for the chosen model. Makes no model call.
 */
export async function buildReviewPlan(
  snapshot: RepoSnapshot,
  prescan: PrescanResult,
  options: PlanOptions,
): Promise<ReviewPlan> {
  const settings: PlanSettings = { ...DEFAULT_PLAN_SETTINGS, ...definedOnly(options) };
  const repoMap = await buildRepoMap(snapshot, settings.repoMapTokens);
  const chunkCache = new Map<string, Promise<PlanChunk[]>>();
  const chunksOf = (path: string, language: string | null) => {
    let chunks = chunkCache.get(path);
    if (!chunks) {
      chunks = snapshot
        .read(path)
        .then((text) => chunkLines(text, language, settings.chunkTokens - FENCE_TOKENS))
        .then((ranges) =>
          ranges.map((range) => ({
            id: `${path}:${range.startLine}-${range.endLine}`,
            file: path,
            language,
            ...range,
          })),
        );
      chunkCache.set(path, chunks);
    }
    return chunks;
  };

  const areas: AreaPlan[] = [];
  for (const area of options.areas ?? AREAS) {
    const files = prioritiseFiles(snapshot, prescan, area);
    const prescanTokens = countTokens(prescanContext(prescan, area));
    const perCallOverhead = settings.promptTokens + repoMap.tokens + prescanTokens;
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
      const chunks = await chunksOf(entry.file.path, entry.file.language);
      let placed = 0;
      for (const chunk of chunks) {
        const size = chunk.tokens + FENCE_TOKENS;
        // First fit: a small chunk fills a gap left in an earlier call rather than opening a new one.
        let batch = plan.batches.find((candidate) => candidate.tokens + size <= settings.chunkTokens);
        if (!batch) {
          if (plan.batches.length >= settings.maxCallsPerArea) break;
          batch = {
            id: `${area}#${plan.batches.length + 1}`,
            chunkIds: [],
            tokens: 0,
            inputTokens: 0,
            outputTokens: settings.outputTokensPerCall,
          };
          plan.batches.push(batch);
        }
        batch.chunkIds.push(chunk.id);
        batch.tokens += size;
        batch.inputTokens = perCallOverhead + batch.tokens;
        plan.chunks.push(chunk);
        placed++;
      }
      if (placed > 0) plan.files++;
      if (placed < chunks.length) plan.omittedFiles.push(entry.file.path);
    }
    areas.push(plan);
  }
  return {
    repo: { name: snapshot.name, files: snapshot.files.length },
    settings,
    repoMap,
    areas,
    estimate: estimate(areas, options),
    assumptions: [
      `one call per batch of up to ${settings.chunkTokens} tokens of code; tool calls and repair rounds add calls`,
      `each call also carries about ${settings.promptTokens} tokens of instructions, the repo map (${repoMap.tokens} tokens) and the area's pre-scan findings`,
      `${settings.outputTokensPerCall} output tokens per call, thinking included`,
      "token counts use the o200k tokenizer; other providers count somewhat differently",
      "prompt caching is not counted, so the cost is an upper bound for cached prefixes",
    ],
  };
}

/** True when some call still has room for a small chunk. */
function hasRoom(batches: PlanBatch[], chunkTokens: number): boolean {
  return batches.some((batch) => batch.tokens + FENCE_TOKENS + 1 <= chunkTokens);
}

function estimate(areas: AreaPlan[], options: PlanOptions): PlanEstimate {
  const batches = areas.flatMap((area) => area.batches);
  const inputTokens = batches.reduce((sum, batch) => sum + batch.inputTokens, 0);
  const outputTokens = batches.reduce((sum, batch) => sum + batch.outputTokens, 0);
  const price = findPrice(options.model, options.prices ?? defaultPriceTable());
  return {
    provider: options.provider,
    model: options.model,
    calls: batches.length,
    inputTokens,
    outputTokens,
    costUsd: price
      ? costOf({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, price)
      : 0,
    ...(price ? { price } : {}),
  };
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
