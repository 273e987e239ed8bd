import { WeightedLru } from "../../src/util/weighted-lru.js";
import type { SyntaxAnalysis } from "./syntax-types.js";

/**
 * Weight budget of one snapshot's analyses. An entry weighs twice its file's bytes (the text and its
 * code mask), so this keeps about 64 MB of source parsed: a ~1.5M-line repository is parsed once for
 * every scanner of a catalogue run, and a larger one re-parses what fell out of the cache.
 */
export const SYNTAX_CACHE_BYTES = 128 * 1024 * 1024;

/** A least-recently-used map of pending or finished analyses, bounded by the source bytes they hold. */
export class SyntaxCache {
  private readonly entries: WeightedLru<Promise<SyntaxAnalysis>>;

  constructor(maxBytes: number = SYNTAX_CACHE_BYTES) {
    this.entries = new WeightedLru(maxBytes);
  }

  /** The cached analysis for `key`, or the one `compute` makes (stored unless it fails). */
  get(key: string, bytes: number, compute: () => Promise<SyntaxAnalysis>): Promise<SyntaxAnalysis> {
    const known = this.entries.get(key);
    if (known) return known;
    const value = compute();
    this.entries.set(key, value, bytes * 2);
    value.catch(() => this.entries.delete(key, value));
    return value;
  }
}
