import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";

/**
 * Grammar files from @vscode/tree-sitter-wasm by codeaudit language id. web-tree-sitter 0.27 loads
 * them directly (ABI 14 and 15), so the package's own older runtime is not needed.
 */
const GRAMMAR_FILES: Record<string, string> = {
  rust: "tree-sitter-rust.wasm",
  python: "tree-sitter-python.wasm",
  typescript: "tree-sitter-typescript.wasm",
  tsx: "tree-sitter-tsx.wasm",
  javascript: "tree-sitter-javascript.wasm",
  go: "tree-sitter-go.wasm",
  java: "tree-sitter-java.wasm",
  csharp: "tree-sitter-c-sharp.wasm",
  cpp: "tree-sitter-cpp.wasm",
  ruby: "tree-sitter-ruby.wasm",
  php: "tree-sitter-php.wasm",
  shell: "tree-sitter-bash.wasm",
  css: "tree-sitter-css.wasm",
};

// Resolved from this module so the same code works from tools/ (vitest, tsx) and dist/tools/.
const require = createRequire(import.meta.url);

let runtime: Promise<void> | undefined;
const grammars = new Map<string, Promise<Language | undefined>>();
const failures = new Map<string, string>();

/** True when codeaudit ships a tree-sitter grammar for the language. */
export function hasGrammar(language: string | null): language is string {
  return language !== null && language in GRAMMAR_FILES;
}

/**
 * The language's grammar, loaded once per process; undefined when there is none or it failed to
 * load (the reason is kept for `grammarFailure`), so callers fall back to the lexical pass.
 */
export function loadGrammar(language: string | null): Promise<Language | undefined> {
  if (!hasGrammar(language)) return Promise.resolve(undefined);
  const known = grammars.get(language);
  if (known) return known;
  const loading = loadOnce(language);
  grammars.set(language, loading);
  return loading;
}

/** Why a grammar failed to load, if it did. */
export function grammarFailure(language: string): string | undefined {
  return failures.get(language);
}

async function loadOnce(language: string): Promise<Language | undefined> {
  try {
    runtime ??= Parser.init();
    await runtime;
    const file = GRAMMAR_FILES[language] as string;
    return await Language.load(require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`));
  } catch (error) {
    failures.set(language, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
