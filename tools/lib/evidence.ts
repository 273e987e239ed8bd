/** The verbatim lines `start..end` (1-based, inclusive) of a text, joined with newlines. */
export function linesOf(text: string, start: number, end: number = start): string {
  return splitLines(text)
    .slice(start - 1, end)
    .join("\n");
}

/** The lines of a text without their line terminators (a trailing newline adds no empty line). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1))
    line++;
  return line;
}
