import type { RepoSnapshot } from "../ingest/snapshot.js";
import { placeholder, type RedactionSpan, redact, redactValues } from "./redact.js";
import type { TextSpan } from "./span.js";

/**
 * Where one secret sits in a repository file, as the secrets scanner records it (never the value).
 * Offsets are UTF-16 code units of the file text, `end` exclusive; lines and columns are 1-based and
 * `endColumn` is exclusive.
 */
export interface SecretLocation {
  file: string;
  kind: string;
  /** The first characters of the value followed by `****`. */
  preview: string;
  span: TextSpan;
}

interface KnownValue {
  value: string;
  kind: string;
}

/** Values shorter than this are only redacted where the scanner located them, never by search. */
const MIN_SEARCH_LENGTH = 6;
/** One line of a multi-line secret (a private key body) is searched for on its own when at least this long. */
const MIN_FRAGMENT_LENGTH = 12;

/**
 * Hides secrets found by the secrets scanner from anything codeaudit shows or sends: report evidence,
 * model prompts, tool results. Build it with {@link Redactor.fromLocations} (positions only: redacts
 * file text and line excerpts whose position is known) or {@link Redactor.fromSnapshot} (also reads
 * the secret values, in memory only, so any string can be searched). The values live in a private
 * field and never reach `JSON.stringify`.
 */
export class Redactor {
  readonly #byFile: ReadonlyMap<string, readonly SecretLocation[]>;
  readonly #values: readonly KnownValue[];
  readonly #count: number;

  private constructor(locations: readonly SecretLocation[], values: readonly KnownValue[]) {
    const byFile = new Map<string, SecretLocation[]>();
    for (const location of locations)
      byFile.set(location.file, [...(byFile.get(location.file) ?? []), location]);
    this.#byFile = byFile;
    this.#values = values;
    this.#count = locations.length;
  }

  /** A redactor that hides nothing (no secrets were found, or the secrets scanner did not run). */
  static empty(): Redactor {
    return new Redactor([], []);
  }

  /** A redactor from the scanner's locations alone: exact for file text and excerpts with a known position. */
  static fromLocations(locations: readonly SecretLocation[]): Redactor {
    return new Redactor(locations, []);
  }

  /**
   * A redactor that also knows each secret's value, read back from the snapshot at the recorded offsets
   * (a location whose text no longer starts with its preview is skipped), so it can redact any text.
   */
  static async fromSnapshot(snapshot: RepoSnapshot, locations: readonly SecretLocation[]): Promise<Redactor> {
    const values: KnownValue[] = [];
    for (const location of locations) {
      if (!snapshot.file(location.file)) continue;
      const text = await snapshot.read(location.file);
      const value = text.slice(location.span.start, location.span.end);
      if (!value.startsWith(previewPrefix(location))) continue;
      values.push(...searchableValues(value, location.kind));
    }
    return new Redactor(locations, values);
  }

  /** How many secret locations this redactor knows. */
  get size(): number {
    return this.#count;
  }

  /** True when the redactor can search arbitrary text for secret values (built from a snapshot). */
  get knowsValues(): boolean {
    return this.#values.length > 0;
  }

  /** The files that hold at least one secret. */
  files(): string[] {
    return [...this.#byFile.keys()];
  }

  /** A file's full text with every located secret (and any other occurrence of a known value) replaced; line count unchanged. */
  redactFile(file: string, text: string): string {
    const spans: RedactionSpan[] = [];
    for (const location of this.#byFile.get(file) ?? []) {
      const { start, end } = location.span;
      if (end <= text.length && text.startsWith(previewPrefix(location), start))
        spans.push({ start, end, kind: location.kind });
    }
    return this.redactText(redact(text, spans));
  }

  /**
   * An excerpt of a file (verbatim lines starting at `startLine`, joined with `\n`) with the secrets on
   * those lines replaced. Used for finding evidence and prompt chunks; text that is not the file's
   * verbatim lines is left to the value search.
   */
  redactLines(file: string, startLine: number, text: string): string {
    const lines = text.split("\n");
    const cuts = new Map<number, Array<[number, number, string]>>();
    for (const location of this.#byFile.get(file) ?? []) {
      const { span } = location;
      for (let line = Math.max(span.line, startLine); line <= span.endLine; line++) {
        const index = line - startLine;
        if (index >= lines.length) break;
        const content = (lines[index] as string).replace(/\r$/, "");
        const from = line === span.line ? span.column - 1 : 0;
        const to = line === span.endLine ? span.endColumn - 1 : content.length;
        if (to > content.length || from > to) continue;
        if (line === span.line && !content.startsWith(previewPrefix(location), from)) continue;
        cuts.set(index, [...(cuts.get(index) ?? []), [from, to, location.kind]]);
      }
    }
    for (const [index, ranges] of cuts) {
      let line = lines[index] as string;
      for (const [from, to, kind] of ranges.sort((a, b) => b[0] - a[0]))
        line = line.slice(0, from) + placeholder(kind) + line.slice(to);
      lines[index] = line;
    }
    return this.redactText(lines.join("\n"));
  }

  /** Any text (a prompt, a tool result, a model answer) with every known secret value replaced. A no-op without values. */
  redactText(text: string): string {
    return this.#values.length === 0 ? text : redactValues(text, this.#values);
  }

  /** A finding (or anything with evidence and a location) with its evidence redacted. */
  redactFinding<T extends { evidence?: string; location?: { file: string; startLine: number } }>(
    finding: T,
  ): T {
    if (finding.evidence === undefined) return finding;
    const evidence = finding.location
      ? this.redactLines(finding.location.file, finding.location.startLine, finding.evidence)
      : this.redactText(finding.evidence);
    return evidence === finding.evidence ? finding : { ...finding, evidence };
  }

  /** Serialises as a count only, so a redactor logged or stored by mistake leaks nothing. */
  toJSON(): { secrets: number } {
    return { secrets: this.#count };
  }
}

function previewPrefix(location: SecretLocation): string {
  return location.preview.replace(/\*+$/, "");
}

function searchableValues(value: string, kind: string): KnownValue[] {
  const out: KnownValue[] = [];
  if (value.length >= MIN_SEARCH_LENGTH) out.push({ value, kind });
  if (/\n/.test(value)) {
    for (const line of value.split(/\r?\n/)) {
      const fragment = line.trim();
      if (fragment.length >= MIN_FRAGMENT_LENGTH && !/^-----/.test(fragment))
        out.push({ value: fragment, kind });
    }
  }
  return out;
}
