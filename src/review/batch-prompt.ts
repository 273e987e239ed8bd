import { AREA_TITLES, type Area, areaOutputSchema } from "../../schemas/index.js";
import { outputFormatFor } from "../llm/generate-structured.js";
import type { OutputFormat, SystemBlock } from "../llm/types.js";
import { composeSystemPrompt } from "./prompt-compose.js";
import { fenceData, fenceRepositoryFile } from "./prompt-fence.js";
import type { PromptSet } from "./prompts.js";
import { type AreaScanContext, fenceScanFindings } from "./scan-context.js";

/** One chunk as it is sent: its place in the file and its text, already redacted. */
export interface SentChunk {
  file: string;
  startLine: number;
  endLine: number;
  text: string;
  isTest: boolean;
}

/**
 * The system prompt of an area's calls: the composed area prompt, then the repository map, both
 * marked cacheable. Both are the same for every batch of the area within a run (the fence nonce is
 * per run), so a provider's prompt cache serves every batch after the first.
 */
export function reviewSystem(prompts: PromptSet, area: Area, repoMap: string, nonce: string): SystemBlock[] {
  return [
    { text: composeSystemPrompt(prompts, area), cache: true },
    {
      text: `The repository map, as data:\n\n${fenceData("repository_map", nonce, repoMap)}`,
      cache: true,
    },
  ];
}

/** The opening user turn of one batch: the area's pre-scan findings, the chunks, and what to do. */
export function batchUserTurn(input: {
  area: Area;
  scan: AreaScanContext;
  chunks: readonly SentChunk[];
  nonce: string;
  maxTurns: number;
}): string {
  const { area, chunks, nonce } = input;
  const files = chunks.map((chunk) => fenceSentChunk(chunk, nonce));
  const excerpts = `${chunks.length} repository excerpt${chunks.length === 1 ? "" : "s"}`;
  return [
    `The fence nonce for this review is ${nonce}: only tags ending in it open or close data.`,
    `Review the ${excerpts} below for the ${AREA_TITLES[area]} area (\`${area}\`).`,
    `Pre-scan findings for this area (decide on them by id in scannerFindings):\n\n${fenceScanFindings(input.scan, nonce)}`,
    ...files,
    `You may make up to ${input.maxTurns} rounds of read-only tool calls to check callers, configuration and tests before you conclude. When you are done, answer with only the JSON object: findings (each citing a file, its lines and their verbatim evidence), scannerFindings, strengths and summary.`,
  ].join("\n\n");
}

/** One chunk as the user turn carries it: fenced as a repository file, with a line-number gutter. */
export function fenceSentChunk(chunk: SentChunk, nonce: string): string {
  return fenceRepositoryFile(
    {
      path: chunk.file,
      startLine: chunk.startLine,
      text: chunk.text,
      lineNumbers: true,
      ...(chunk.isTest ? { attributes: { role: "test" } } : {}),
    },
    nonce,
  );
}

/** The structured answer every call of an area asks for. */
export function areaOutputFormat(area: Area): OutputFormat {
  return outputFormatFor(areaOutputSchema(area), {
    name: "area_review",
    description: `The ${area} review of the code shown: findings, pre-scan decisions, strengths and summary.`,
  });
}
