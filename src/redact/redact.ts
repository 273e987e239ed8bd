/** A stretch of text to hide: character offsets `[start, end)` and the kind of secret it holds. */
export interface RedactionSpan {
  start: number;
  end: number;
  /** A short kebab-case type such as `aws-access-key`; it names the placeholder. */
  kind: string;
}

/** The placeholder that stands in for one line of a secret, e.g. `[REDACTED:aws-access-key]`. */
export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/**
 * The placeholder text for a whole secret value: one placeholder per line of the value, with the
 * value's own line breaks kept, so a 27-line private key becomes 27 placeholder lines and every line
 * number after it stays right.
 */
export function maskValue(value: string, kind: string): string {
  return value
    .split(/(\r?\n)/)
    .map((part, index) => (index % 2 === 1 || part === "" ? part : placeholder(kind)))
    .join("");
}

/**
 * Replaces each span of `text` with its typed placeholder, keeping the number of lines. Overlapping
 * spans merge (the earlier span's kind names the merged one); spans outside the text are clipped.
 */
export function redact(text: string, spans: readonly RedactionSpan[]): string {
  const ordered = spans
    .map((span) => ({ ...span, start: Math.max(0, span.start), end: Math.min(text.length, span.end) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let cursor = 0;
  let index = 0;
  while (index < ordered.length) {
    const first = ordered[index] as RedactionSpan;
    let end = first.end;
    index++;
    while (index < ordered.length && (ordered[index] as RedactionSpan).start < end) {
      end = Math.max(end, (ordered[index] as RedactionSpan).end);
      index++;
    }
    out += text.slice(cursor, first.start) + maskValue(text.slice(first.start, end), first.kind);
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Replaces every occurrence of each value in `text`, longest value first so a value inside another goes with it. */
export function redactValues(text: string, values: ReadonlyArray<{ value: string; kind: string }>): string {
  let out = text;
  const ordered = [...values].sort((a, b) => b.value.length - a.value.length);
  for (const { value, kind } of ordered) {
    if (value === "" || !out.includes(value)) continue;
    out = out.split(value).join(maskValue(value, kind));
  }
  return out;
}
