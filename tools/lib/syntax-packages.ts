import { parse } from "smol-toml";
import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName, ownFiles } from "./files.js";
import { type ManifestKind, manifestKind, type ParsedManifest } from "./manifests.js";
import { parseCargoManifest } from "./manifests-cargo.js";
import { parseGoMod } from "./manifests-go.js";
import { parsePackageJson } from "./manifests-npm.js";
import { parsePyproject, parseRequirements } from "./manifests-python.js";
import { type Ecosystem, ecosystemOf, packageRootOf, packageRoots } from "./packages.js";

/** The ecosystems whose error strategy and dependency use codeaudit reads from syntax. */
export const SYNTAX_ECOSYSTEMS = ["rust", "python", "node", "go"] as const;
export type SyntaxEcosystem = (typeof SYNTAX_ECOSYSTEMS)[number];

/** A manifest codeaudit parsed, with the package name and the text (for evidence and scripts). */
export interface ReadManifest {
  ecosystem: SyntaxEcosystem;
  parsed: ParsedManifest;
  text: string;
  /** The package's own name ([package].name, "name", [project].name, `module`), if it declares one. */
  packageName?: string;
  /** Cargo: a `[workspace]` root. */
  isWorkspace: boolean;
}

/** A package: the source files nearest a manifest folder (or the repository root when none holds them). */
export interface SourcePackage {
  ecosystem: SyntaxEcosystem;
  root: string;
  files: RepoFile[];
}

const PARSERS: Partial<
  Record<ManifestKind, [SyntaxEcosystem, (file: string, text: string) => ParsedManifest]>
> = {
  cargo: ["rust", parseCargoManifest],
  "package-json": ["node", parsePackageJson],
  requirements: ["python", parseRequirements],
  pyproject: ["python", parsePyproject],
  "go-mod": ["go", parseGoMod],
};

const NOT_A_PACKAGE = /(^|\/)(examples?|fixtures|testdata|test-data)\//;

/** Parses every Cargo.toml, package.json, requirements file, pyproject.toml and go.mod; unreadable ones are skipped. */
export async function readManifests(snapshot: RepoSnapshot): Promise<ReadManifest[]> {
  const manifests: ReadManifest[] = [];
  for (const file of ownFiles(snapshot)) {
    if (file.isTest || NOT_A_PACKAGE.test(file.path)) continue;
    const kind = manifestKind(baseName(file.path));
    const parser = kind ? PARSERS[kind] : undefined;
    if (!parser) continue;
    const text = await snapshot.read(file.path);
    try {
      const parsed = parser[1](file.path, text);
      manifests.push({ ecosystem: parser[0], parsed, text, ...packageIdentity(parsed.kind, text) });
    } catch {
      // A manifest that does not parse is the dependencies scanner's to report; here it just has no deps.
    }
  }
  return manifests;
}

function packageIdentity(kind: ManifestKind, text: string): { packageName?: string; isWorkspace: boolean } {
  try {
    if (kind === "cargo" || kind === "pyproject") {
      const doc = parse(text) as Record<string, Record<string, unknown> | undefined>;
      const poetry = (doc.tool?.poetry ?? {}) as Record<string, unknown>;
      const name = doc.package?.name ?? doc.project?.name ?? poetry.name;
      return {
        ...(typeof name === "string" ? { packageName: name } : {}),
        isWorkspace: doc.workspace !== undefined,
      };
    }
    if (kind === "package-json") {
      const name = (JSON.parse(text) as { name?: unknown }).name;
      return { ...(typeof name === "string" ? { packageName: name } : {}), isWorkspace: false };
    }
    const module = /^\s*module\s+(\S+)/m.exec(text)?.[1];
    return { ...(module ? { packageName: module } : {}), isWorkspace: false };
  } catch {
    return { isWorkspace: false };
  }
}

/** Own source files grouped by ecosystem and nearest package root. */
export function sourcePackages(snapshot: RepoSnapshot): SourcePackage[] {
  const roots = packageRoots(snapshot);
  const packages = new Map<string, SourcePackage>();
  for (const file of ownFiles(snapshot)) {
    const ecosystem = ecosystemOf(file.language);
    if (!isSyntaxEcosystem(ecosystem)) continue;
    const root = packageRootOf(file.path, roots[ecosystem]) ?? "";
    const key = `${ecosystem}:${root}`;
    const entry = packages.get(key) ?? { ecosystem, root, files: [] };
    entry.files.push(file);
    packages.set(key, entry);
  }
  return [...packages.values()].sort(
    (a, b) =>
      SYNTAX_ECOSYSTEMS.indexOf(a.ecosystem) - SYNTAX_ECOSYSTEMS.indexOf(b.ecosystem) ||
      a.root.localeCompare(b.root),
  );
}

function isSyntaxEcosystem(ecosystem: Ecosystem | undefined): ecosystem is SyntaxEcosystem {
  return ecosystem !== undefined && (SYNTAX_ECOSYSTEMS as readonly string[]).includes(ecosystem);
}

/** The manifests of a package root (Python may have several: pyproject plus requirements files). */
export function manifestsAt(manifests: readonly ReadManifest[], ecosystem: SyntaxEcosystem, root: string) {
  return manifests.filter(
    (manifest) => manifest.ecosystem === ecosystem && dirName(manifest.parsed.file) === root,
  );
}
