import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";

/** One mapping entry: its key, the line the key is on, and the value node. */
export interface YamlEntry {
  key: string;
  line: number;
  value: unknown;
}

/**
 * A YAML file read with the `yaml` Document API so every value keeps its line. Lookups follow aliases
 * and `<<` merge keys, which compose files use for shared service settings.
 */
export class YamlFile {
  readonly documents: Document[];
  readonly errors: string[];
  readonly #lines = new LineCounter();

  constructor(text: string) {
    this.documents = parseAllDocuments(text, { lineCounter: this.#lines, uniqueKeys: false }) as Document[];
    this.errors = this.documents.flatMap((document) =>
      document.errors.map((error) => error.message.split("\n")[0] ?? ""),
    );
  }

  /** The 1-based line where a node starts (1 when the node has no position). */
  line(node: unknown): number {
    const range = (node as Node | undefined)?.range;
    return range ? this.#lines.linePos(range[0]).line : 1;
  }

  /** A node with aliases resolved. */
  resolve(document: Document, node: unknown): unknown {
    return isAlias(node) ? node.resolve(document) : node;
  }

  /** The entries of a mapping, merged keys included (an explicit key wins over a merged one). */
  entries(document: Document, node: unknown): YamlEntry[] {
    const map = this.resolve(document, node);
    if (!isMap(map)) return [];
    const own: YamlEntry[] = [];
    const merged: YamlEntry[] = [];
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === "<<") {
        const sources = this.resolve(document, pair.value);
        const list = isSeq(sources) ? sources.items : [sources];
        for (const source of list) merged.push(...this.entries(document, source));
        continue;
      }
      own.push({ key, line: this.line(pair.key), value: pair.value });
    }
    return [...own, ...merged.filter((entry) => !own.some((mine) => mine.key === entry.key))];
  }

  /** The entry for `key` in a mapping, if present. */
  entry(document: Document, node: unknown, key: string): YamlEntry | undefined {
    return this.entries(document, node).find((entry) => entry.key === key);
  }

  /** The value at a path of keys. */
  at(document: Document, node: unknown, path: readonly string[]): unknown {
    let current = node;
    for (const key of path) {
      const entry = this.entry(document, current, key);
      if (!entry) return undefined;
      current = entry.value;
    }
    return this.resolve(document, current);
  }

  /** The items of a sequence (empty for anything else). */
  items(document: Document, node: unknown): unknown[] {
    const seq = this.resolve(document, node);
    return isSeq(seq) ? seq.items.map((item) => this.resolve(document, item)) : [];
  }
}

/** A scalar node's value as a string (numbers and booleans too); undefined for collections. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  return node.value === null || node.value === undefined ? undefined : String(node.value);
}

/** True for a scalar `true` (or the string "true"). */
export function isTrue(node: unknown): boolean {
  return isScalar(node) && (node.value === true || node.value === "true");
}

/** True for a mapping node. */
export function isMapping(node: unknown): boolean {
  return isMap(node);
}
