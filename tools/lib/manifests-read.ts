import { errorMessage } from "../../src/errors.js";
import { isVendoredPath } from "../../src/ingest/classify.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName, ownFiles } from "./files.js";
import { lockfileEcosystem, type ParsedLockfile, parseLockfile } from "./lockfiles.js";
import {
  type DependencyEcosystem,
  type ManifestDependency,
  manifestKind,
  type ParsedManifest,
} from "./manifests.js";
import { parseCargoManifest } from "./manifests-cargo.js";
import { parseGoMod } from "./manifests-go.js";
import { parsePom } from "./manifests-maven.js";
import { parsePackageJson } from "./manifests-npm.js";
import { parsePyproject, parseRequirements } from "./manifests-python.js";
import { parseGemfile } from "./manifests-ruby.js";

/** One manifest as the facts list it, parsed or not. */
export interface ManifestSummary {
  file: string;
  kind: ParsedManifest["kind"];
  ecosystem: DependencyEcosystem;
  dependencies: number;
  isTest: boolean;
  error?: string;
}

const FIXTURE_PATH = /(^|\/)(examples?|fixtures|testdata)\//;

const PARSERS: Record<ParsedManifest["kind"], (file: string, text: string) => ParsedManifest> = {
  cargo: parseCargoManifest,
  "package-json": parsePackageJson,
  requirements: parseRequirements,
  pyproject: parsePyproject,
  "go-mod": parseGoMod,
  gemfile: parseGemfile,
  maven: parsePom,
};

/** Test fixtures and examples: parsed and counted, but their dependencies are not the project's. */
export function isFixture(snapshot: RepoSnapshot, file: string): boolean {
  return (snapshot.file(file)?.isTest ?? false) || FIXTURE_PATH.test(file);
}

/** Parses every manifest (and the requirements files they include); a manifest that fails to parse is listed with its error. */
export async function readManifests(
  snapshot: RepoSnapshot,
): Promise<{ parsed: ParsedManifest[]; manifestFacts: ManifestSummary[] }> {
  const parsed: ParsedManifest[] = [];
  const manifestFacts: ManifestSummary[] = [];
  const queue = ownFiles(snapshot)
    .map((file) => ({ file: file.path, kind: manifestKind(baseName(file.path)) }))
    .filter((entry): entry is { file: string; kind: ParsedManifest["kind"] } => entry.kind !== undefined);
  const seen = new Set(queue.map((entry) => entry.file));
  for (let index = 0; index < queue.length; index++) {
    const { file, kind } = queue[index] as { file: string; kind: ParsedManifest["kind"] };
    const isTest = isFixture(snapshot, file);
    try {
      const manifest = PARSERS[kind](file, await snapshot.read(file));
      parsed.push(manifest);
      manifestFacts.push({
        file,
        kind,
        ecosystem: manifest.ecosystem,
        dependencies: manifest.dependencies.length,
        isTest,
      });
      for (const include of manifest.includes) {
        if (seen.has(include) || !snapshot.file(include)) continue;
        seen.add(include);
        queue.push({ file: include, kind: "requirements" });
      }
    } catch (error) {
      const ecosystem = kindEcosystem(kind);
      manifestFacts.push({
        file,
        kind,
        ecosystem,
        dependencies: 0,
        isTest,
        error: (error as Error).message.split("\n")[0] ?? "parse error",
      });
    }
  }
  return { parsed, manifestFacts };
}

function kindEcosystem(kind: ParsedManifest["kind"]): DependencyEcosystem {
  const byKind = {
    cargo: "crates.io",
    "package-json": "npm",
    requirements: "PyPI",
    pyproject: "PyPI",
    "go-mod": "Go",
    gemfile: "RubyGems",
    maven: "Maven",
  } as const;
  return byKind[kind];
}

/**
 * Parses every lockfile codeaudit reads, outside vendored folders and fixtures. A lockfile the snapshot
 * skipped (over the size limit) or that does not parse is still listed, with why it was not read: it
 * is committed and pins the build even though codeaudit cannot count its packages.
 */
export async function readLockfiles(snapshot: RepoSnapshot): Promise<ParsedLockfile[]> {
  const lockfiles: ParsedLockfile[] = [];
  const unread = (file: string, ecosystem: ParsedLockfile["ecosystem"], reason: string): ParsedLockfile => ({
    file,
    ecosystem,
    format: baseName(file),
    packages: [],
    notRead: reason,
  });
  for (const file of snapshot.files) {
    const name = baseName(file.path);
    const ecosystem = lockfileEcosystem(name);
    if (file.isVendored || !ecosystem || isFixture(snapshot, file.path)) continue;
    try {
      const parsed = parseLockfile(file.path, name, await snapshot.read(file.path));
      if (parsed) lockfiles.push(parsed);
    } catch (error) {
      lockfiles.push(unread(file.path, ecosystem, `does not parse: ${errorMessage(error)}`));
    }
  }
  for (const skipped of snapshot.skipped) {
    const ecosystem = lockfileEcosystem(baseName(skipped.path));
    if (!ecosystem || isFixture(snapshot, skipped.path) || isVendoredPath(skipped.path)) continue;
    lockfiles.push(
      unread(skipped.path, ecosystem, `${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ""}`),
    );
  }
  return lockfiles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Lockfiles of the manifest's ecosystem in its folder or an ancestor (a workspace root). Requirements files have none. */
export function lockCoverage(manifest: ParsedManifest, lockfiles: readonly ParsedLockfile[]): string[] {
  if (manifest.kind === "requirements") return [];
  const folder = dirName(manifest.file);
  return lockfiles
    .filter((lockfile) => lockfile.ecosystem === manifest.ecosystem)
    .filter((lockfile) => {
      const lockFolder = dirName(lockfile.file);
      return lockFolder === "" || folder === lockFolder || folder.startsWith(`${lockFolder}/`);
    })
    .map((lockfile) => lockfile.file);
}

export interface PinnedVersion {
  ecosystem: ManifestDependency["ecosystem"];
  name: string;
  version: string;
  file: string;
  line: number;
}

/** Exact versions to check against advisories: every lockfile entry, plus `==` pins in requirements files and go.mod versions without a go.sum. */
export function pinnedVersions(
  manifests: readonly ParsedManifest[],
  lockfiles: readonly ParsedLockfile[],
): PinnedVersion[] {
  const out = new Map<string, PinnedVersion>();
  const add = (entry: PinnedVersion) => {
    const key = `${entry.file}\u0000${entry.name}\u0000${entry.version}`;
    if (!out.has(key)) out.set(key, entry);
  };
  for (const lockfile of lockfiles)
    for (const entry of lockfile.packages)
      add({ ecosystem: lockfile.ecosystem, file: lockfile.file, ...entry });
  for (const manifest of manifests) {
    const hasGoSum = lockfiles.some(
      (lockfile) => lockfile.file === `${dirName(manifest.file) ? `${dirName(manifest.file)}/` : ""}go.sum`,
    );
    for (const dependency of manifest.dependencies) {
      const exact = /^===?\s*([\w.!+-]+)$/.exec(dependency.requirement)?.[1];
      if (manifest.kind === "requirements" && exact)
        add({
          ecosystem: "PyPI",
          name: dependency.name,
          version: exact,
          file: manifest.file,
          line: dependency.line,
        });
      if (manifest.kind === "go-mod" && !hasGoSum && dependency.pinning === "exact")
        add({
          ecosystem: "Go",
          name: dependency.name,
          version: dependency.requirement,
          file: manifest.file,
          line: dependency.line,
        });
    }
  }
  return [...out.values()];
}
