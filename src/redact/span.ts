/** Where a stretch of a file's text sits: offsets plus 1-based lines and columns (end column exclusive). */
export interface TextSpan {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A function that turns `[start, end)` offsets of `text` into a full {@link TextSpan}, with one line index shared by all calls. */
export function spanLocator(text: string): (start: number, end: number) => TextSpan {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1))
    starts.push(index + 1);
  const position = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
  return (start, end) => {
    const from = position(start);
    const to = position(end);
    return { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  };
}
