import path from "node:path";
import { z } from "zod";

/** Package ecosystems, named as OSV names them so advisories match without translation. */
export const DEPENDENCY_ECOSYSTEMS = ["crates.io", "npm", "PyPI", "Go", "RubyGems", "Maven"] as const;
export const DependencyEcosystem = z.enum(DEPENDENCY_ECOSYSTEMS);
export type DependencyEcosystem = z.infer<typeof DependencyEcosystem>;

/**
 * How tightly a declared dependency is pinned, from the requirement as written:
 * - exact `=1.2.3`, `==1.2.3`, npm `1.2.3`, Poetry `1.2.3`, go.mod versions, Maven `1.2.3`
 * - caret `^1.2`, Cargo bare `1.2.3`; tilde `~1.2`, `~=1.2`, `~> 1.2`
 * - major-only `1`, `1.x`, `1.*`; minor-wide `0.8`, `1.2.x`
 * - range with an upper bound; lower-bound `>=1.2` with none; wildcard `*`, `latest`, a dist tag,
 *   a SNAPSHOT; unpinned: no requirement at all
 * - path, git-pinned (rev, tag or commit), git-branch, git-unpinned, url (a tarball),
 *   workspace (inherited from the workspace root), managed (the version comes from a parent, a BOM
 *   or a pnpm `catalog:`)
 */
export const PINNING_KINDS = [
  "exact",
  "caret",
  "tilde",
  "major-only",
  "minor-wide",
  "range",
  "lower-bound",
  "wildcard",
  "unpinned",
  "path",
  "git-pinned",
  "git-branch",
  "git-unpinned",
  "url",
  "workspace",
  "managed",
] as const;
export const Pinning = z.enum(PINNING_KINDS);
export type Pinning = z.infer<typeof Pinning>;

export const DEPENDENCY_SCOPES = [
  "normal",
  "dev",
  "build",
  "optional",
  "peer",
  "indirect",
  "workspace",
] as const;
export const DependencyScope = z.enum(DEPENDENCY_SCOPES);
export type DependencyScope = z.infer<typeof DependencyScope>;

export const ManifestDependency = z.object({
  name: z.string(),
  ecosystem: DependencyEcosystem,
  manifest: z.string(),
  line: z.number().int(),
  scope: DependencyScope,
  /** The requirement as written: `"1"`, `^1.2`, `>=3.3.0`, `*`, a path, a git URL, `workspace`. */
  requirement: z.string(),
  pinning: Pinning,
  /** For workspace-inherited dependencies, the requirement declared at the workspace root. */
  inherited: z.string().optional(),
  /** Target (`cfg(windows)`), environment marker or group the dependency is declared under. */
  condition: z.string().optional(),
  /** Path dependencies only: does the path leave the repository? */
  outsideRepo: z.boolean().optional(),
});
export type ManifestDependency = z.infer<typeof ManifestDependency>;

export const MANIFEST_KINDS = [
  "cargo",
  "package-json",
  "requirements",
  "pyproject",
  "go-mod",
  "gemfile",
  "maven",
] as const;
export type ManifestKind = (typeof MANIFEST_KINDS)[number];

/** One parsed manifest: its dependencies, plus files it includes (`-r other.txt`). */
export interface ParsedManifest {
  file: string;
  kind: ManifestKind;
  ecosystem: DependencyEcosystem;
  dependencies: ManifestDependency[];
  includes: string[];
  /** Cargo `[workspace.dependencies]`, by name, for members that inherit them. */
  workspaceDependencies?: Map<string, ManifestDependency>;
}

/** Which manifest parser a file name calls for, if any. */
export function manifestKind(baseName: string): ManifestKind | undefined {
  if (baseName === "Cargo.toml") return "cargo";
  if (baseName === "package.json") return "package-json";
  if (/^(?:[\w.-]+[-_.])?requirements[\w.-]*\.(txt|in)$/.test(baseName)) return "requirements";
  if (baseName === "pyproject.toml") return "pyproject";
  if (baseName === "go.mod") return "go-mod";
  if (baseName === "Gemfile" || baseName === "gems.rb") return "gemfile";
  if (baseName === "pom.xml") return "maven";
  return undefined;
}

/** A path dependency's location relative to the repository root, and whether it leaves the repository. */
export function resolveDependencyPath(manifest: string, target: string): { outsideRepo: boolean } {
  if (path.posix.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target)) return { outsideRepo: true };
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(manifest), target));
  return { outsideRepo: resolved === ".." || resolved.startsWith("../") };
}

/** The 1-based line of the first line at or after `fromLine` that contains `needle`, else `fallback`. */
export function lineContaining(lines: readonly string[], needle: string, fromLine = 1, fallback = 1): number {
  for (let index = Math.max(0, fromLine - 1); index < lines.length; index++)
    if ((lines[index] as string).includes(needle)) return index + 1;
  return fallback;
}
