import path from "node:path";

const BY_EXTENSION: Record<string, string> = {
  ".rs": "rust",
  ".py": "python",
  ".pyi": "python",
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".go": "go",
  ".java": "java",
  ".kt": "kotlin",
  ".kts": "kotlin",
  ".scala": "scala",
  ".rb": "ruby",
  ".pl": "perl",
  ".pm": "perl",
  ".php": "php",
  ".cs": "csharp",
  ".c": "c",
  ".h": "c",
  ".cc": "cpp",
  ".cpp": "cpp",
  ".cxx": "cpp",
  ".hpp": "cpp",
  ".hh": "cpp",
  ".swift": "swift",
  ".lua": "lua",
  ".sh": "shell",
  ".bash": "shell",
  ".zsh": "shell",
  ".ps1": "powershell",
  ".sql": "sql",
  ".html": "html",
  ".htm": "html",
  ".css": "css",
  ".scss": "scss",
  ".vue": "vue",
  ".svelte": "svelte",
  ".json": "json",
  ".jsonc": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".toml": "toml",
  ".xml": "xml",
  ".md": "markdown",
  ".mdx": "markdown",
  ".rst": "restructuredtext",
  ".txt": "text",
  ".ini": "ini",
  ".cfg": "ini",
  ".conf": "conf",
  ".proto": "protobuf",
  ".tf": "terraform",
  ".hcl": "hcl",
  ".gradle": "groovy",
  ".groovy": "groovy",
  ".dart": "dart",
  ".ex": "elixir",
  ".exs": "elixir",
  ".erl": "erlang",
  ".hs": "haskell",
  ".ml": "ocaml",
  ".r": "r",
  ".jl": "julia",
  ".zig": "zig",
  ".nim": "nim",
  ".dockerfile": "dockerfile",
};

const BY_NAME: Record<string, string> = {
  dockerfile: "dockerfile",
  containerfile: "dockerfile",
  makefile: "makefile",
  gnumakefile: "makefile",
  justfile: "just",
  jenkinsfile: "groovy",
  gemfile: "ruby",
  rakefile: "ruby",
  vagrantfile: "ruby",
  "cargo.lock": "toml",
  "go.mod": "go-module",
  "go.sum": "go-sum",
  ".gitignore": "ignore",
  ".dockerignore": "ignore",
  ".env": "dotenv",
};

const SHEBANG: Array<[RegExp, string]> = [
  [/\bpython[0-9.]*\b/, "python"],
  [/\b(node|deno|bun)\b/, "javascript"],
  [/\b(ts-node|tsx)\b/, "typescript"],
  [/\b(bash|sh|zsh|dash|ksh)\b/, "shell"],
  [/\bruby\b/, "ruby"],
  [/\bperl\b/, "perl"],
  [/\bphp\b/, "php"],
];

/** Detects a language from the file name, then the extension, then the shebang line. */
export function detectLanguage(filePath: string, firstLine?: string): string | null {
  const base = path.posix.basename(filePath).toLowerCase();
  const byName = BY_NAME[base];
  if (byName) return byName;
  if (base.startsWith("dockerfile") || base.endsWith(".dockerfile") || base.startsWith("containerfile")) {
    return "dockerfile";
  }
  if (base.startsWith(".env")) return "dotenv";
  const byExtension = BY_EXTENSION[path.posix.extname(base)];
  if (byExtension) return byExtension;
  if (firstLine?.startsWith("#!")) {
    for (const [pattern, language] of SHEBANG) if (pattern.test(firstLine)) return language;
  }
  return null;
}

/** Languages whose files are program source (as opposed to data, config or prose). */
export const SOURCE_LANGUAGES = new Set([
  "rust",
  "python",
  "typescript",
  "tsx",
  "javascript",
  "go",
  "java",
  "kotlin",
  "scala",
  "ruby",
  "php",
  "csharp",
  "c",
  "cpp",
  "swift",
  "lua",
  "shell",
  "powershell",
  "perl",
  "dart",
  "elixir",
  "erlang",
  "haskell",
  "ocaml",
  "r",
  "julia",
  "zig",
  "nim",
  "vue",
  "svelte",
  "groovy",
  "sql",
]);
