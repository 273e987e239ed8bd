import { posix } from "node:path";
import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";
import { dirName, ownFiles } from "./files.js";
import { matchCode, readParsedSource } from "./source-text.js";
import type { WebFrameworkUse } from "./web-frameworks.js";

const NODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const NODE_RELATIVE = /(?:require\(\s*|\bfrom\s+|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']*)["']/g;
const PYTHON_FROM = /^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([\w\s,]+)/g;
const PYTHON_IMPORT = /^\s*import\s+([\w.]+)/g;

/**
 * Production files on the HTTP server side: the files that use a web framework, the project's own
 * modules they import (one step), and for Go and Rust the rest of their package folder. Hand-written
 * guards and general-purpose libraries only count as a server's protection in these files.
 */
export async function serverSideFiles(
  snapshot: RepoSnapshot,
  frameworks: readonly WebFrameworkUse[],
): Promise<Set<string>> {
  const production = ownFiles(snapshot).filter((file) => !file.isTest);
  const byPath = new Map(production.map((file) => [file.path, file]));
  const server = new Set<string>();
  for (const path of new Set(frameworks.flatMap((framework) => framework.files))) {
    const file = byPath.get(path);
    if (!file) continue;
    server.add(path);
    if (file.language === "go" || file.language === "rust")
      for (const sibling of production)
        if (sibling.language === file.language && dirName(sibling.path) === dirName(path))
          server.add(sibling.path);
    for (const imported of await localImports(snapshot, file, byPath)) server.add(imported);
  }
  return server;
}

async function localImports(
  snapshot: RepoSnapshot,
  file: RepoFile,
  byPath: ReadonlyMap<string, RepoFile>,
): Promise<string[]> {
  const source = await readParsedSource(snapshot, file);
  const folder = dirName(file.path);
  const found: string[] = [];
  const first = (candidates: string[]) => {
    const hit = candidates.find((candidate) => byPath.has(candidate));
    if (hit) found.push(hit);
  };
  if (file.language === "python") {
    for (const hit of matchCode(source, PYTHON_FROM, { startInCode: true })) {
      const [, dots = "", module = "", names = ""] = hit.match;
      const base = dots ? posix.join(folder, ...Array(Math.max(dots.length - 1, 0)).fill("..")) : "";
      const modulePath = posix.join(base, module.replace(/\./g, "/"));
      first(pythonModule(modulePath, byPath, !dots));
      for (const name of names.split(",").map((entry) => entry.trim().split(/\s/)[0] ?? ""))
        if (name) first(pythonModule(posix.join(modulePath, name), byPath, !dots));
    }
    for (const hit of matchCode(source, PYTHON_IMPORT, { startInCode: true }))
      first(pythonModule((hit.match[1] ?? "").replace(/\./g, "/"), byPath, true));
  } else if (/^(?:javascript|typescript|tsx|jsx)$/.test(file.language ?? "")) {
    for (const hit of matchCode(source, NODE_RELATIVE, { startInCode: true })) {
      const target = posix.join(folder, hit.match[1] ?? "");
      const stem = target.replace(/\.[cm]?[jt]sx?$/, "");
      first([
        target,
        ...NODE_EXTENSIONS.map((extension) => stem + extension),
        ...NODE_EXTENSIONS.map((extension) => `${target}/index${extension}`),
      ]);
    }
  }
  return found;
}

/** Files a Python module path can name; an absolute import may be rooted in any source folder (src/…). */
function pythonModule(
  modulePath: string,
  byPath: ReadonlyMap<string, RepoFile>,
  absolute: boolean,
): string[] {
  const candidates = [`${modulePath}.py`, `${modulePath}/__init__.py`];
  if (!absolute) return candidates;
  const suffixes = candidates.map((candidate) => `/${candidate}`);
  return [
    ...candidates,
    ...[...byPath.keys()].filter((path) => suffixes.some((suffix) => path.endsWith(suffix))),
  ];
}
