import path from "node:path";
import { cfgRequiresTest } from "../../tools/lib/syntax-rust.js";
import type { RepoFile } from "./snapshot.js";

// `#[cfg(test)]` (or any cfg that requires test), then other attributes or comments, then `mod name;`:
// the module's body lives in another file, which is test code wherever its path puts it.
const OUT_OF_LINE_TEST_MODULE =
  /^[ \t]*#\[cfg\s*\(([^\]]*)\)\s*\]\s*((?:(?:#\[[^\]]*\]|\/\/[^\n]*)\s*)*)(?:pub(?:\s*\([^)]*\))?\s+)?mod\s+(r#)?(\w+)\s*;/gm;
const PATH_ATTRIBUTE = /#\[path\s*=\s*"([^"]+)"\s*\]/;

/**
 * Rust files that hold the body of a test module declared elsewhere (`#[cfg(test)] mod tests;` in
 * `src/parser.rs` puts the tests in `src/parser/tests.rs`), and every file of that module's own
 * submodules. Paths follow rustc's rules: a crate root or `mod.rs` declares children beside it, any
 * other file in the folder named after it; `#[path = "…"]` overrides both.
 */
export async function rustTestModuleFiles(
  files: readonly RepoFile[],
  read: (path: string) => Promise<string>,
): Promise<Set<string>> {
  const rustPaths = new Set(files.filter((file) => file.language === "rust").map((file) => file.path));
  const found = new Set<string>();
  for (const declaring of rustPaths) {
    const text = await read(declaring);
    if (!text?.includes("cfg")) continue;
    for (const match of text.matchAll(OUT_OF_LINE_TEST_MODULE)) {
      if (!cfgRequiresTest(match[1] ?? "")) continue;
      const name = match[4] ?? "";
      const explicit = PATH_ATTRIBUTE.exec(match[2] ?? "")?.[1];
      const folder = childFolder(declaring);
      const candidates = explicit
        ? [path.posix.normalize(path.posix.join(path.posix.dirname(declaring), explicit))]
        : [`${folder}${name}.rs`, `${folder}${name}/mod.rs`];
      const body = candidates.find((candidate) => rustPaths.has(candidate));
      if (!body) continue;
      found.add(body);
      const below = `${childFolder(body)}`;
      for (const other of rustPaths) if (other.startsWith(below) && other !== body) found.add(other);
    }
  }
  return found;
}

/** The folder (with a trailing slash, "" at the top) where a Rust file's `mod x;` children live. */
function childFolder(filePath: string): string {
  const directory = path.posix.dirname(filePath);
  const prefix = directory === "." ? "" : `${directory}/`;
  const base = path.posix.basename(filePath, ".rs");
  const isRoot =
    base === "mod" ||
    base === "lib" ||
    base === "main" ||
    base === "build" ||
    path.posix.basename(directory) === "bin" ||
    /^(tests|examples|benches)$/.test(path.posix.basename(directory));
  return isRoot ? prefix : `${prefix}${base}/`;
}
