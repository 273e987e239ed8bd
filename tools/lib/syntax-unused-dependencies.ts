import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { linesOf } from "./evidence.js";
import { baseName, dirName, ownFiles } from "./files.js";
import type { DependencyScope } from "./manifests.js";
import { isInside } from "./packages.js";
import { syntaxOf, withoutComments } from "./syntax.js";
import {
  importNames,
  isCheckedScope,
  isImplicitPythonDependency,
  isUsed,
  mentions,
} from "./syntax-dependency-use.js";
import type { ReadManifest, SyntaxEcosystem } from "./syntax-packages.js";

/** A dependency a manifest declares that no code of its package imports or references. */
export interface UnusedDependency {
  ecosystem: SyntaxEcosystem;
  name: string;
  manifest: string;
  line: number;
  scope: DependencyScope;
  /** Cargo `[workspace.dependencies]`: no member crate uses it. */
  workspace: boolean;
  evidence: string;
}

/** Names each package's code uses, by "ecosystem:root". */
export type UsedNamesByPackage = Map<string, Set<string>>;

// Tooling files whose text may name a dependency that code never imports (a server started from a
// Dockerfile, a Django app in settings, a Babel preset). Manifests themselves are excluded.
const CONFIG_FILE =
  /(^|\/)(Dockerfile[^/]*|Procfile|Makefile|\.babelrc|\.env\.example|[^/]+\.(sh|ini|cfg|ya?ml|toml|json)|[^/]+\.config\.[cm]?[jt]s)$/;
const MANIFEST_FILE =
  /(^|\/)(Cargo\.toml|pyproject\.toml|package\.json|requirements[\w.-]*\.(txt|in)|setup\.py|go\.mod)$/;
const TOOLING_REQUIREMENTS = /(dev|test|lint|doc|ci|types)/i;

/** Declared dependencies never used by the code of the package(s) the manifest governs. */
export async function findUnusedDependencies(
  snapshot: RepoSnapshot,
  manifests: readonly ReadManifest[],
  used: UsedNamesByPackage,
): Promise<{ checked: number; unused: UnusedDependency[] }> {
  const unused: UnusedDependency[] = [];
  let checked = 0;
  for (const manifest of manifests) {
    const { ecosystem, parsed } = manifest;
    if (ecosystem === "python" && TOOLING_REQUIREMENTS.test(baseName(parsed.file))) continue;
    const folder = dirName(parsed.file);
    const scopeNames = usedWithin(used, ecosystem, folder);
    const manifestLines = manifest.text.split(/\r?\n/);
    let texts: string[] | undefined;
    for (const dependency of parsed.dependencies) {
      if (!isCheckedScope(ecosystem, dependency.scope)) continue;
      if (ecosystem === "python" && isImplicitPythonDependency(dependency.name)) continue;
      // `-sys` crates only link a native library; compiler_builtins and rustc-std-workspace-* are
      // linked in when a crate is built as part of the standard library.
      if (ecosystem === "rust" && /-sys$|^compiler_builtins$|^rustc-std-workspace-/.test(dependency.name))
        continue;
      if (ecosystem === "node" && dependency.name.startsWith("@types/")) continue;
      checked++;
      const key = ecosystem === "rust" ? cargoKey(manifestLines[dependency.line - 1] ?? "") : undefined;
      const candidates = importNames(ecosystem, dependency.name, key);
      if (isUsed(ecosystem, candidates, scopeNames)) continue;
      if (ecosystem === "python" || ecosystem === "node") {
        texts ??= await toolingTexts(snapshot, manifest, folder);
        if (texts.some((text) => mentions(ecosystem, candidates, text))) continue;
      }
      unused.push({
        ecosystem,
        name: dependency.name,
        manifest: parsed.file,
        line: dependency.line,
        scope: dependency.scope,
        workspace: dependency.scope === "workspace",
        evidence: linesOf(manifest.text, dependency.line),
      });
    }
  }
  return { checked, unused };
}

// A manifest governs the packages at or under its folder (a Cargo workspace root: every member);
// a requirements file in a subfolder governs the package that holds it.
function usedWithin(used: UsedNamesByPackage, ecosystem: string, folder: string): Set<string> {
  const names = new Set<string>();
  let holder: string | undefined;
  for (const [key, set] of used) {
    const [keyEcosystem, root = ""] = key.split(/:(.*)/s);
    if (keyEcosystem !== ecosystem) continue;
    if (isInside(root, folder)) for (const name of set) names.add(name);
    else if (isInside(folder, root) && (holder === undefined || root.length > holder.length)) holder = root;
  }
  if (names.size === 0 && holder !== undefined)
    for (const name of used.get(`${ecosystem}:${holder}`) ?? []) names.add(name);
  return names;
}

/** The manifest key a Cargo dependency line declares (`thiserror.workspace = true`, `[dependencies.foo]`). */
function cargoKey(line: string): string | undefined {
  const header = /^\s*\[(?:[^\]]*\.)?([A-Za-z0-9_-]+)\]/.exec(line);
  if (header && /dependencies\./.test(line)) return header[1];
  return /^\s*"?([A-Za-z0-9_-]+)"?\s*(?:\.|=)/.exec(line)?.[1];
}

async function toolingTexts(
  snapshot: RepoSnapshot,
  manifest: ReadManifest,
  folder: string,
): Promise<string[]> {
  const texts: string[] = [];
  if (manifest.parsed.kind === "package-json") {
    try {
      const scripts = (JSON.parse(manifest.text) as { scripts?: Record<string, string> }).scripts ?? {};
      texts.push(
        Object.values(scripts)
          .map((script) => `"${script.split(/\s+/).join('" "')}"`)
          .join(" "),
      );
    } catch {
      // Unreadable scripts mention nothing.
    }
  }
  for (const file of ownFiles(snapshot)) {
    if (!isInside(file.path, folder) || MANIFEST_FILE.test(file.path)) continue;
    const source =
      manifest.ecosystem === "python"
        ? file.language === "python"
        : /^(javascript|typescript|tsx|vue|svelte)$/.test(file.language ?? "");
    // Source is read without comments, so a dependency named only in a comment still counts as unused.
    if (source) texts.push(withoutComments(await syntaxOf(snapshot, file)));
    else if (CONFIG_FILE.test(file.path)) texts.push(await snapshot.read(file.path));
  }
  return texts;
}
