import { linesOf } from "../../tools/lib/evidence.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { CallSizing } from "./call-sizing.js";
import { chunkLines } from "./chunk-lines.js";

/** Whole lines of one file sent together. `id` is stable: `file:start-end`. */
export interface PlanChunk {
  id: string;
  file: string;
  startLine: number;
  endLine: number;
  tokens: number;
  language: string | null;
}

/** Each file's chunks and each chunk's size as sent, computed once however many areas read them. */
export interface PlanChunks {
  /** The file's chunks, each at most `maxTokens` of text. */
  of(path: string, language: string | null): Promise<PlanChunk[]>;
  /** Input tokens the chunk adds to a call, as `sizing` measures the review's fencing of it. */
  sentTokens(chunk: PlanChunk, sizing: CallSizing): Promise<number>;
}

/** Chunks the snapshot's files to `maxTokens` on demand, reading each file once. */
export function planChunks(snapshot: RepoSnapshot, maxTokens: number): PlanChunks {
  const texts = new Map<string, Promise<string>>();
  const textOf = (path: string) => {
    let text = texts.get(path);
    if (!text) {
      text = snapshot.read(path);
      texts.set(path, text);
    }
    return text;
  };
  const chunks = new Map<string, Promise<PlanChunk[]>>();
  const sent = new Map<string, number>();
  return {
    of(path, language) {
      let fileChunks = chunks.get(path);
      if (!fileChunks) {
        fileChunks = textOf(path)
          .then((text) => chunkLines(text, language, maxTokens))
          .then((ranges) =>
            ranges.map((range) => ({
              id: `${path}:${range.startLine}-${range.endLine}`,
              file: path,
              language,
              ...range,
            })),
          );
        chunks.set(path, fileChunks);
      }
      return fileChunks;
    },
    async sentTokens(chunk, sizing) {
      let tokens = sent.get(chunk.id);
      if (tokens === undefined) {
        tokens = sizing.chunkTokens({
          file: chunk.file,
          startLine: chunk.startLine,
          endLine: chunk.endLine,
          text: linesOf(await textOf(chunk.file), chunk.startLine, chunk.endLine),
          isTest: snapshot.file(chunk.file)?.isTest ?? false,
        });
        sent.set(chunk.id, tokens);
      }
      return tokens;
    },
  };
}
