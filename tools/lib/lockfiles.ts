import { parsePackageLock, parsePnpmLock, parseYarnLock } from "./lockfiles-npm.js";
import { parseGemfileLock, parseGoSum } from "./lockfiles-text.js";
import { parseTomlLockfile } from "./lockfiles-toml.js";
import type { DependencyEcosystem } from "./manifests.js";

/** One package version a lockfile pins, with the line that pins it. */
export interface LockedPackage {
  name: string;
  version: string;
  line: number;
}

export interface ParsedLockfile {
  file: string;
  ecosystem: DependencyEcosystem;
  /** Lockfile format and version where the file states one: `Cargo.lock v4`, `package-lock v3`, `yarn berry`. */
  format: string;
  /** Distinct name@version pairs fetched from outside the repository; see {@link LOCKFILE_COUNTING_RULE}. */
  packages: LockedPackage[];
  /** Why the lockfile could not be read (too large for the snapshot, or malformed); its packages are then unknown. */
  notRead?: string;
}

const LOCKFILES: Record<
  string,
  { ecosystem: DependencyEcosystem; parse: (text: string) => Omit<ParsedLockfile, "file" | "ecosystem"> }
> = {
  "Cargo.lock": { ecosystem: "crates.io", parse: (text) => parseTomlLockfile(text, "Cargo.lock") },
  "poetry.lock": { ecosystem: "PyPI", parse: (text) => parseTomlLockfile(text, "poetry.lock") },
  "uv.lock": { ecosystem: "PyPI", parse: (text) => parseTomlLockfile(text, "uv.lock") },
  "package-lock.json": { ecosystem: "npm", parse: (text) => parsePackageLock(text, "package-lock") },
  "npm-shrinkwrap.json": { ecosystem: "npm", parse: (text) => parsePackageLock(text, "npm-shrinkwrap") },
  "yarn.lock": { ecosystem: "npm", parse: parseYarnLock },
  "pnpm-lock.yaml": { ecosystem: "npm", parse: parsePnpmLock },
  "go.sum": { ecosystem: "Go", parse: parseGoSum },
  "Gemfile.lock": { ecosystem: "RubyGems", parse: parseGemfileLock },
  "gems.locked": { ecosystem: "RubyGems", parse: parseGemfileLock },
};

/** The ecosystem a lockfile name belongs to, if codeaudit reads it. */
export function lockfileEcosystem(baseName: string): DependencyEcosystem | undefined {
  return LOCKFILES[baseName]?.ecosystem;
}

/**
 * How every lockfile's packages are counted, so a count can be checked by hand. Stated once here and
 * in the facts schema.
 */
export const LOCKFILE_COUNTING_RULE =
  "Distinct name@version pairs the lockfile resolves from a registry, git or a URL (an npm package installed at several node_modules paths, a pnpm package under several peer sets, or a yarn berry package and its patch: entry, a gem locked for several platforms count once). The repository's own packages pin nothing and are left out: the root and workspace or link entries of package-lock, yarn and pnpm, Cargo.lock packages without a source (workspace members, path dependencies), uv editable/virtual/directory and poetry directory packages, Gemfile.lock PATH gems. go.sum counts module versions with a content hash (h1 line without /go.mod); go.mod-only lines were read for version selection, not built.";

/** Parses a lockfile by its base name; undefined for names codeaudit does not read. */
export function parseLockfile(file: string, baseName: string, text: string): ParsedLockfile | undefined {
  const entry = LOCKFILES[baseName];
  if (!entry) return undefined;
  const { format, packages } = entry.parse(text);
  return { file, ecosystem: entry.ecosystem, format, packages: distinctPackages(packages) };
}

/** The first entry of each name@version, in lockfile order. */
function distinctPackages(packages: readonly LockedPackage[]): LockedPackage[] {
  const seen = new Map<string, LockedPackage>();
  for (const entry of packages) {
    const key = `${entry.name}@${entry.version}`;
    if (!seen.has(key)) seen.set(key, entry);
  }
  return [...seen.values()];
}
