/**
 * Cheap top-level symbol extraction for the repo map: one regex per language family over lines that
 * start at column 0. It misses things a parser would find and that is fine: the map is orientation,
 * not evidence.
 */

type SymbolPattern = RegExp;

const JS: SymbolPattern[] = [
  /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)(?:const|let|var)\s+([A-Za-z_$][\w$]*)/,
];
const JVM_LIKE: SymbolPattern[] = [
  /^(?:(?:public|private|protected|internal|abstract|final|sealed|open|data|static|partial|export)\s+)*(?:class|interface|enum|object|struct|record|trait|protocol|extension)\s+([A-Za-z_]\w*)/,
  /^(?:(?:public|private|internal|inline|suspend)\s+)*(?:fun|func)\s+(?:<[^>]*>\s*)?([A-Za-z_]\w*)/,
];

const PATTERNS: Record<string, SymbolPattern[]> = {
  typescript: JS,
  tsx: JS,
  javascript: JS,
  python: [/^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/],
  go: [/^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/, /^type\s+([A-Za-z_]\w*)/],
  rust: [
    /^(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?(?:fn|struct|enum|trait|type|mod|union)\s+([A-Za-z_]\w*)/,
    /^impl(?:<[^>]*>)?\s+(?:[\w:<>, ]+\s+for\s+)?([A-Za-z_][\w:]*)/,
  ],
  java: JVM_LIKE,
  kotlin: JVM_LIKE,
  scala: JVM_LIKE,
  csharp: JVM_LIKE,
  swift: JVM_LIKE,
  dart: JVM_LIKE,
  php: [/^(?:(?:abstract|final)\s+)?(?:class|interface|trait|enum|function)\s+([A-Za-z_]\w*)/],
  ruby: [/^(?:class|module|def)\s+((?:self\.)?[A-Za-z_][\w:]*[?!]?)/],
  c: [/^(?:typedef\s+)?(?:struct|enum|union)\s+([A-Za-z_]\w*)\s*\{/],
  cpp: [/^(?:typedef\s+)?(?:struct|class|enum|union|namespace)\s+([A-Za-z_]\w*)/],
  shell: [/^(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{/],
  elixir: [/^defmodule\s+([\w.]+)/],
};

/** True when codeaudit can list top-level symbols for the language. */
export function knowsSymbols(language: string | null): boolean {
  return language !== null && PATTERNS[language] !== undefined;
}

/** Names defined at the top level of a file, in order, without duplicates. */
export function topLevelSymbols(text: string, language: string | null): string[] {
  const patterns = language ? PATTERNS[language] : undefined;
  if (!patterns) return [];
  const names: string[] = [];
  for (const line of text.split("\n")) {
    if (line.length === 0 || line[0] === " " || line[0] === "\t") continue;
    for (const pattern of patterns) {
      const name = pattern.exec(line)?.[1];
      if (name && !names.includes(name)) {
        names.push(name);
        break;
      }
    }
  }
  return names;
}
