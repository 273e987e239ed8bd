import { linesOf, splitLines } from "../../tools/lib/evidence.js";
import { CodeauditError } from "../errors.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";

/** A file region the review sends to the model. */
export interface ChunkRef {
  file: string;
  startLine: number;
  endLine: number;
}

/** The text of a chunk exactly as it leaves the process. */
export type ChunkTextProvider = (chunk: ChunkRef) => Promise<string>;

/**
 * Rewrites a whole file before any of it is sent (secret redaction plugs in here). It must keep the
 * number of lines, so every chunk's line numbers still point at the same lines of the real file.
 */
export type FileTextTransform = (text: string, file: string) => string | Promise<string>;

/**
 * The one place chunk text is read for the model: the file is read through the snapshot, transformed
 * once as a whole (so a secret spanning chunk edges is still caught), then cut to the chunk's lines.
 */
export function createChunkTextProvider(
  snapshot: RepoSnapshot,
  options: { transform?: FileTextTransform } = {},
): ChunkTextProvider {
  const prepared = new Map<string, Promise<string>>();
  const prepare = async (file: string): Promise<string> => {
    const original = await snapshot.read(file);
    if (!options.transform) return original;
    const transformed = await options.transform(original, file);
    if (splitLines(transformed).length !== splitLines(original).length) {
      throw new CodeauditError(
        "INTERNAL",
        `the text transform changed the number of lines of ${file}; chunk line numbers would be wrong`,
      );
    }
    return transformed;
  };
  return async (chunk) => {
    let text = prepared.get(chunk.file);
    if (!text) {
      text = prepare(chunk.file);
      prepared.set(chunk.file, text);
    }
    return linesOf(await text, chunk.startLine, chunk.endLine);
  };
}
