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

/** Parses a lockfile by its base name; undefined for names codeaudit does not read. */
export function parseLockfile(file: string, baseName: string, text: string): ParsedLockfile | undefined {
  const entry = LOCKFILES[baseName];
  if (!entry) return undefined;
  return { file, ecosystem: entry.ecosystem, ...entry.parse(text) };
}
