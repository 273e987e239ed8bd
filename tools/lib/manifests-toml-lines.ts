/**
 * Line numbers for TOML keys. smol-toml gives values only, so this reads the table headers and
 * `key = …` lines to say where `[dependencies] serde` or `[dependencies.serde]` is declared.
 */
export interface TomlKeyLines {
  /** The line declaring `key` directly in table `table` (dotted, unquoted: `target.cfg(unix).dependencies`), or as its own `[table.key]` header. */
  line(table: string, key: string): number | undefined;
  /** The line of a table header. */
  header(table: string): number | undefined;
}

/** A key segment's value: literal strings as written, basic strings with their escapes (`\"`, `\\`) resolved. */
function unquote(segment: string): string {
  const trimmed = segment.trim();
  if (/^'.*'$/.test(trimmed)) return trimmed.slice(1, -1);
  if (!/^".*"$/.test(trimmed)) return trimmed;
  try {
    return JSON.parse(trimmed) as string;
  } catch {
    return trimmed.slice(1, -1);
  }
}

/** Splits a dotted TOML key on dots outside quotes. */
export function splitDottedKey(key: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  let escaped = false;
  for (const char of key) {
    if (quote) {
      current += char;
      // A basic string escapes its own quote (`"cfg(target_os = \"wasi\")"`); a literal string cannot.
      if (escaped) escaped = false;
      else if (char === "\\" && quote === '"') escaped = true;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ".") {
      parts.push(unquote(current));
      current = "";
    } else current += char;
  }
  parts.push(unquote(current));
  return parts;
}

/** Indexes the tables and keys of a TOML text by line. */
export function tomlKeyLines(text: string): TomlKeyLines {
  const keys = new Map<string, number>();
  const headers = new Map<string, number>();
  let table = "";
  let inMultiline: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNumber = index + 1;
    if (inMultiline) {
      if (raw.includes(inMultiline)) inMultiline = undefined;
      return;
    }
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = splitDottedKey(header[1] as string).join(".");
      if (!headers.has(table)) headers.set(table, lineNumber);
      return;
    }
    const assignment =
      /^((?:"[^"]*"|'[^']*'|[\w-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[\w-]+))*)\s*=\s*(.*)$/.exec(line);
    if (!assignment) return;
    const first = splitDottedKey(assignment[1] as string)[0] as string;
    const full = table ? `${table}.${first}` : first;
    if (!keys.has(full)) keys.set(full, lineNumber);
    const rest = assignment[2] as string;
    for (const delimiter of ['"""', "'''"])
      if (rest.startsWith(delimiter) && !rest.slice(3).includes(delimiter)) inMultiline = delimiter;
  });
  return {
    line: (tableName, key) => keys.get(`${tableName}.${key}`) ?? headers.get(`${tableName}.${key}`),
    header: (tableName) => headers.get(tableName),
  };
}
