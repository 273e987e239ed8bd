import { ingest } from "../src/ingest/ingest.js";
import { parseAhead } from "../src/prescan/parse-ahead.js";
import { ownFiles } from "../tools/lib/files.js";
import { hasGrammar } from "../tools/lib/syntax-grammars.js";

/** Parsing alone: what any catalogue that reads syntax trees pays before a scanner does any work. */
export interface ParseFloor {
  /** Wall time to parse every file with a grammar on the syntax pool and hand its analysis back. */
  ms: number;
  /** CPU time of every thread of the process meanwhile. */
  cpuMs: number;
  files: number;
  bytes: number;
}

/**
 * Parses every file with a grammar of a fresh snapshot of the tree (its own, empty syntax cache) on
 * the syntax pool, as the catalogue's parse-ahead does, with no scanner running: the floor under the
 * catalogue's time while every source file is parsed with tree-sitter.
 */
export async function measureParseFloor(dir: string): Promise<ParseFloor> {
  const snapshot = await ingest(dir);
  const files = ownFiles(snapshot).filter((file) => hasGrammar(file.language));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await parseAhead(snapshot, Number.POSITIVE_INFINITY);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ms: Math.round(performance.now() - started),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
  };
}
