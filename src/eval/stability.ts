import { round4 } from "./metrics.js";

/** |A ∩ B| / |A ∪ B|; two empty sets are identical (1). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Mean Jaccard similarity over every pair of runs; null with fewer than two runs. */
export function runStability(runs: ReadonlyArray<ReadonlySet<string>>): number | null {
  if (runs.length < 2) return null;
  let total = 0;
  let pairs = 0;
  for (let first = 0; first < runs.length; first++) {
    for (let second = first + 1; second < runs.length; second++) {
      const a = runs[first];
      const b = runs[second];
      if (!a || !b) continue;
      total += jaccard(a, b);
      pairs++;
    }
  }
  return round4(total / pairs);
}
