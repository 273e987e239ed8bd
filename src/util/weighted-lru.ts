/**
 * A least-recently-used map bounded by the total weight of its values (characters of text, bytes of
 * source), so a cache shared by every scanner holds a repository's worth of work without growing past
 * a budget. A value heavier than the whole budget is never stored.
 */
export class WeightedLru<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(readonly maxWeight: number) {}

  /** Weight of everything stored. */
  get weight(): number {
    return this.total;
  }

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value, evicting the least recently used entries until the budget holds again. */
  set(key: string, value: V, weight: number): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldKey] of this.entries) {
      if (this.total <= this.maxWeight) break;
      this.delete(oldKey);
    }
  }

  /** Stores the value only if it fits without evicting anything; false when it does not. */
  offer(key: string, value: V, weight: number): boolean {
    if (this.entries.has(key) || this.total + weight > this.maxWeight) return false;
    this.entries.set(key, { value, weight });
    this.total += weight;
    return true;
  }

  /** Removes the entry for `key` if it holds `value` (or any value when `value` is omitted). */
  delete(key: string, value?: V): void {
    const entry = this.entries.get(key);
    if (!entry || (value !== undefined && entry.value !== value)) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }
}
