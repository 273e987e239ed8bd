import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName } from "./files.js";

/** The language families whose packages, tests and CI commands codeaudit tells apart. */
export const ECOSYSTEMS = ["rust", "python", "node", "go", "jvm"] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

const BY_LANGUAGE: Record<string, Ecosystem> = {
  rust: "rust",
  python: "python",
  javascript: "node",
  typescript: "node",
  tsx: "node",
  vue: "node",
  svelte: "node",
  go: "go",
  java: "jvm",
  kotlin: "jvm",
  scala: "jvm",
  groovy: "jvm",
};

/** The ecosystem a source language belongs to, if codeaudit knows its test conventions. */
export function ecosystemOf(language: string | null): Ecosystem | undefined {
  return language ? BY_LANGUAGE[language] : undefined;
}

const MANIFESTS: Record<Ecosystem, RegExp> = {
  rust: /^Cargo\.toml$/,
  python: /^(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.txt|tox\.ini|pytest\.ini)$/,
  node: /^package\.json$/,
  go: /^go\.mod$/,
  jvm: /^(pom\.xml|build\.gradle(\.kts)?|build\.sbt)$/,
};

/** Folders holding a package manifest, per ecosystem ("" is the repository root). Test fixtures and vendored copies are left out. */
export type PackageRoots = Record<Ecosystem, string[]>;

/** Finds every package root (the folder of a Cargo.toml, package.json, pyproject.toml, go.mod, pom.xml…). */
export function packageRoots(snapshot: RepoSnapshot): PackageRoots {
  const roots: PackageRoots = { rust: [], python: [], node: [], go: [], jvm: [] };
  for (const file of snapshot.files) {
    if (file.isVendored || file.isTest || /(^|\/)(examples?|fixtures|testdata)\//.test(file.path)) continue;
    for (const ecosystem of ECOSYSTEMS) {
      if (!MANIFESTS[ecosystem].test(baseName(file.path))) continue;
      const dir = dirName(file.path);
      if (!roots[ecosystem].includes(dir)) roots[ecosystem].push(dir);
    }
  }
  for (const ecosystem of ECOSYSTEMS) roots[ecosystem].sort();
  return roots;
}

/** The nearest package root at or above the file's folder, or undefined when none holds it. */
export function packageRootOf(filePath: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    if (!isInside(filePath, root)) continue;
    if (best === undefined || root.length > best.length) best = root;
  }
  return best;
}

/** True when the path is the folder itself or lies beneath it ("" contains everything). */
export function isInside(filePath: string, folder: string): boolean {
  return folder === "" || filePath === folder || filePath.startsWith(`${folder}/`);
}

/** A folder as people read it: "(root)" for the repository root. */
export function folderLabel(folder: string): string {
  return folder === "" ? "(root)" : folder;
}
