import { isScalar, LineCounter, type Node, parseDocument } from "yaml";
import { splitLines } from "./evidence.js";

/** A value and the 1-based line it sits on. */
export interface Located {
  value: string;
  line: number;
}

/** One line of a shell script with the line of the workflow file that holds it. */
export interface ScriptLine {
  text: string;
  line: number;
}

/** Turns parsed YAML nodes into values with the file lines they came from. */
export class NodeReader {
  constructor(
    private readonly counter: LineCounter,
    private readonly lines: readonly string[],
  ) {}

  /** Parses a YAML text and returns its root node with a reader for it. */
  static for(text: string): { reader: NodeReader; root: unknown } {
    const counter = new LineCounter();
    const document = parseDocument(text, { lineCounter: counter });
    return { reader: new NodeReader(counter, splitLines(text)), root: document.contents };
  }

  /** The 1-based line a node starts on. */
  line(node: unknown): number {
    const range = (node as Node | null)?.range;
    return range ? this.counter.linePos(range[0]).line : 1;
  }

  /** A scalar node's value as text. */
  text(node: unknown): string | undefined {
    return isScalar(node) && node.value !== null ? String(node.value) : undefined;
  }

  /** A scalar node's value with its line. */
  located(node: unknown): Located | undefined {
    const value = this.text(node);
    return value === undefined ? undefined : { value, line: this.line(node) };
  }

  /** The line of a literal `true`. */
  trueLine(node: unknown): number | undefined {
    return isScalar(node) && (node.value === true || node.value === "true") ? this.line(node) : undefined;
  }

  /** The line of an `if:` that can never pass (`false`, `${{ false }}`). */
  falseLine(node: unknown): number | undefined {
    if (!isScalar(node)) return undefined;
    const value = String(node.value).trim();
    // `false && (…)` can never pass either (a job switched off while keeping its old condition).
    return value === "false" || /^(?:\$\{\{\s*)?false\s*(?:\}\}\s*$|&&)/.test(value)
      ? this.line(node)
      : undefined;
  }

  /**
   * The non-empty lines of a script scalar, each paired with the file line that holds it. A line is
   * looked up in the raw text of the scalar's range, so block, plain and quoted styles all map back.
   */
  script(node: unknown): ScriptLine[] {
    if (!isScalar(node) || typeof node.value !== "string" || !node.range) return [];
    const first = this.counter.linePos(node.range[0]).line;
    const last = this.counter.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
    const out: ScriptLine[] = [];
    let cursor = first;
    for (const raw of node.value.split("\n")) {
      const text = raw.trim();
      if (text === "") continue;
      let found: number | undefined;
      for (let line = cursor; line <= last && found === undefined; line++)
        if ((this.lines[line - 1] ?? "").includes(text)) found = line;
      if (found !== undefined) cursor = found + 1;
      out.push({ text, line: found ?? first });
    }
    return out;
  }
}
