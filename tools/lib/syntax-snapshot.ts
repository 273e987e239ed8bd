import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";
import { ownFiles } from "./files.js";
import { analyzeSource } from "./syntax-analyze.js";
import { SyntaxCache } from "./syntax-cache.js";
import { hasGrammar } from "./syntax-grammars.js";
import type { SyntaxAnalysis } from "./syntax-types.js";
import { type SyntaxPool, syntaxPoolFor } from "./syntax-workers.js";

interface SnapshotSyntax {
  cache: SyntaxCache;
  pool: SyntaxPool | undefined;
  /** Own files with a grammar, in the order scanners walk them, for reading ahead. */
  parseable: RepoFile[];
  position: Map<string, number>;
  /** Position of the last parseable file asked for (-1 before any), to tell an in-order walk. */
  lastAsked: number;
  /** Files being parsed in advance of need, not finished yet. */
  inAdvance: Set<string>;
}

const states = new WeakMap<RepoSnapshot, SnapshotSyntax>();
const READ_AHEAD_PER_THREAD = 4;

/**
 * The file's analysis, shared by every scanner over the same snapshot: each file is parsed once while
 * it stays in a bounded cache keyed by content sha, language and path convention. On large snapshots
 * files are parsed on worker threads, a few files ahead of the one asked for when files are asked for
 * in snapshot order (as scanners walk them), so the main thread scans one file while the next ones
 * are being parsed.
 */
export function syntaxOf(
  snapshot: RepoSnapshot,
  file: RepoFile,
  options: { inAdvance?: boolean } = {},
): Promise<SyntaxAnalysis> {
  const state = stateOf(snapshot);
  const urgent = options.inAdvance !== true;
  const result = analysisOf(snapshot, state, file, urgent);
  // Queued in advance earlier, and now a caller waits for it: it goes first.
  if (urgent && state.inAdvance.has(file.path)) state.pool?.promote(file.path);
  const at = state.position.get(file.path);
  // Only a walk through the files in order reads ahead: a caller that asks for a few scattered files
  // (one MCP tool on a handful of sources) must not set off a parse of most of the repository.
  const inOrder = at !== undefined && at === state.lastAsked + 1;
  if (at !== undefined) state.lastAsked = at;
  if (state.pool && at !== undefined && inOrder) {
    const ahead = state.parseable.slice(at + 1, at + 1 + READ_AHEAD_PER_THREAD * state.pool.threads);
    for (const next of ahead) void analysisOf(snapshot, state, next, false);
  }
  return result;
}

function stateOf(snapshot: RepoSnapshot): SnapshotSyntax {
  const known = states.get(snapshot);
  if (known) return known;
  const parseable = ownFiles(snapshot).filter((file) => hasGrammar(file.language));
  const bytes = parseable.reduce((sum, file) => sum + file.size, 0);
  const state: SnapshotSyntax = {
    cache: new SyntaxCache(),
    pool: syntaxPoolFor(bytes),
    parseable,
    position: new Map(parseable.map((file, index) => [file.path, index])),
    lastAsked: -1,
    inAdvance: new Set(),
  };
  states.set(snapshot, state);
  return state;
}

function analysisOf(
  snapshot: RepoSnapshot,
  state: SnapshotSyntax,
  file: RepoFile,
  urgent: boolean,
): Promise<SyntaxAnalysis> {
  const key = `${file.sha}:${file.language ?? ""}:${file.path.endsWith("_test.go") ? "t" : ""}`;
  return state.cache.get(key, file.size, async () => {
    const pool = hasGrammar(file.language) ? state.pool : undefined;
    if (pool && !urgent) state.inAdvance.add(file.path);
    try {
      const text = await snapshot.read(file.path);
      const options = { path: file.path };
      if (!pool) return await analyzeSource(file.language, text, options);
      // A worker that fails (or a pool that is closed) must not fail the scan: parse here instead.
      return await pool
        .analyze(file.language, text, file.path, urgent)
        .catch(() => analyzeSource(file.language, text, options));
    } finally {
      state.inAdvance.delete(file.path);
    }
  });
}
