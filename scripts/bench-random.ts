/** A small seeded pseudo-random source (mulberry32), so the synthetic repository is the same on every run. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** A hex string of `length` digits. */
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** A file length in lines: mostly a few hundred, with a long tail of large files. */
  fileLines(): number {
    const roll = this.next();
    if (roll < 0.25) return this.int(20, 80);
    if (roll < 0.75) return this.int(80, 300);
    if (roll < 0.95) return this.int(300, 700);
    return this.int(700, 2000);
  }
}

const WORDS = [
  "account",
  "audit",
  "batch",
  "buffer",
  "cache",
  "channel",
  "client",
  "config",
  "cursor",
  "digest",
  "event",
  "export",
  "filter",
  "gateway",
  "handler",
  "index",
  "invoice",
  "job",
  "ledger",
  "limit",
  "loader",
  "metric",
  "order",
  "payload",
  "policy",
  "queue",
  "record",
  "region",
  "report",
  "request",
  "route",
  "schema",
  "session",
  "shard",
  "signal",
  "store",
  "stream",
  "tenant",
  "token",
  "upload",
  "user",
  "window",
  "worker",
] as const;

/** Identifier builders shared by the language generators. */
export class Names {
  constructor(private readonly random: SeededRandom) {}

  /** A lower-case word. */
  word(): string {
    return this.random.pick(WORDS);
  }

  /** snake_case, two or three words. */
  snake(): string {
    const parts = [this.word(), this.word()];
    if (this.random.chance(0.3)) parts.push(this.word());
    return parts.join("_");
  }

  /** camelCase, two or three words. */
  camel(): string {
    const [first = "value", ...rest] = this.snake().split("_");
    return first + rest.map(capitalise).join("");
  }

  /** PascalCase, two words. */
  pascal(): string {
    return capitalise(this.word()) + capitalise(this.word());
  }
}

/** The word with its first letter in upper case. */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
