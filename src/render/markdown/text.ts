/** A GitHub-style heading anchor. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

/** A fenced block whose fence is longer than any backtick run inside, so repository text cannot break out of it. */
export function fence(content: string, language = ""): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${language}\n${content}\n${ticks}`;
}

/** Escapes a value for a Markdown table cell. */
export function cell(value: string | number): string {
  return String(value).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const lines = [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(" | ")} |`);
  return lines.join("\n");
}

/** Inline code that survives backticks in the value. */
export function code(value: string): string {
  const ticks = value.includes("`") ? "``" : "`";
  return `${ticks}${value}${ticks}`;
}

const FENCE_LANGUAGE: Record<string, string> = {
  rust: "rust",
  python: "python",
  typescript: "ts",
  tsx: "tsx",
  javascript: "js",
  go: "go",
  java: "java",
  yaml: "yaml",
  dockerfile: "dockerfile",
  shell: "bash",
  toml: "toml",
  json: "json",
  ruby: "ruby",
  dotenv: "bash",
};

/** The fence info string for a file's language. */
export function fenceLanguage(language: string | null | undefined): string {
  return language ? (FENCE_LANGUAGE[language] ?? language) : "";
}
