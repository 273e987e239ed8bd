import type { SyntaxAnalysis } from "./syntax-types.js";

/**
 * Weight budget of one snapshot's analyses. An entry weighs twice its file's bytes (the text and its
 * code mask), so this keeps about 64 MB of source parsed: a ~1.5M-line repository is parsed once for
 * every scanner of a catalogue run, and a larger one re-parses what fell out of the cache.
 */
export const SYNTAX_CACHE_BYTES = 128 * 1024 * 1024;

/** A least-recently-used map of pending or finished analyses, bounded by the source bytes they hold. */
export class SyntaxCache {
  private readonly entries = new Map<string, { value: Promise<SyntaxAnalysis>; weight: number }>();
  private weight = 0;

  constructor(private readonly maxBytes: number = SYNTAX_CACHE_BYTES) {}

  /** The cached analysis for `key`, or the one `compute` makes (stored unless it fails). */
  get(key: string, bytes: number, compute: () => Promise<SyntaxAnalysis>): Promise<SyntaxAnalysis> {
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value;
    }
    const value = compute();
    const weight = bytes * 2;
    if (weight > this.maxBytes) return value;
    this.entries.set(key, { value, weight });
    this.weight += weight;
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.forget(key);
    });
    for (const [oldKey] of this.entries) {
      if (this.weight <= this.maxBytes) break;
      this.forget(oldKey);
    }
    return value;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}
