/** A small LRU of file texts bounded by total characters, so scanners share reads without holding the repo. */
export class ContentCache {
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxChars) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.size -= previous.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.size += value.length;
    for (const [oldKey, oldValue] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldKey);
      this.size -= oldValue.length;
    }
  }
}
