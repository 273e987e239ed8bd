import { parse } from "smol-toml";
import type { DependencyScope, ManifestDependency, ParsedManifest, Pinning } from "./manifests.js";
import { resolveDependencyPath } from "./manifests.js";
import { cargoPinning } from "./manifests-pinning.js";
import { tomlKeyLines } from "./manifests-toml-lines.js";

type Table = Record<string, unknown>;

const SECTIONS: Array<[string, DependencyScope]> = [
  ["dependencies", "normal"],
  ["dev-dependencies", "dev"],
  ["dev_dependencies", "dev"],
  ["build-dependencies", "build"],
  ["build_dependencies", "build"],
];

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A Cargo.toml's dependencies: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, their
 * `[target.'cfg(…)'.…]` variants and `[workspace.dependencies]`. Members' `dep = { workspace = true }`
 * are returned as `workspace` pins; {@link inheritWorkspace} fills in what they inherit.
 */
export function parseCargoManifest(file: string, text: string): ParsedManifest {
  const doc = parse(text) as Table;
  const lines = tomlKeyLines(text);
  const dependencies: ManifestDependency[] = [];
  const read = (tableName: string, table: unknown, scope: DependencyScope, condition?: string) => {
    if (!isTable(table)) return;
    for (const [name, spec] of Object.entries(table)) {
      const entry = cargoEntry(file, name, spec);
      if (!entry) continue;
      dependencies.push({
        ...entry,
        scope: isTable(spec) && spec.optional === true && scope === "normal" ? "optional" : scope,
        manifest: file,
        ecosystem: "crates.io",
        line: lines.line(tableName, name) ?? lines.header(tableName) ?? 1,
        ...(condition ? { condition } : {}),
      });
    }
  };
  for (const [section, scope] of SECTIONS) read(section, doc[section], scope);
  if (isTable(doc.target)) {
    for (const [target, tables] of Object.entries(doc.target)) {
      if (!isTable(tables)) continue;
      for (const [section, scope] of SECTIONS)
        read(`target.${target}.${section}`, tables[section], scope, target);
    }
  }
  const workspaceDependencies = new Map<string, ManifestDependency>();
  if (isTable(doc.workspace)) {
    const before = dependencies.length;
    read("workspace.dependencies", doc.workspace.dependencies, "workspace");
    for (const entry of dependencies.slice(before)) workspaceDependencies.set(entry.name, entry);
  }
  return { file, kind: "cargo", ecosystem: "crates.io", dependencies, includes: [], workspaceDependencies };
}

function cargoEntry(
  file: string,
  name: string,
  spec: unknown,
): Pick<ManifestDependency, "name" | "requirement" | "pinning" | "outsideRepo"> | undefined {
  if (typeof spec === "string") return { name, requirement: spec, pinning: cargoPinning(spec) };
  if (!isTable(spec)) return undefined;
  const crate = typeof spec.package === "string" ? spec.package : name;
  if (spec.workspace === true) return { name: crate, requirement: "workspace", pinning: "workspace" };
  if (typeof spec.path === "string")
    return {
      name: crate,
      requirement: `path = "${spec.path}"`,
      pinning: "path",
      outsideRepo: resolveDependencyPath(file, spec.path).outsideRepo,
    };
  if (typeof spec.git === "string") {
    const pin = ["rev", "tag", "branch"].find((key) => typeof spec[key] === "string");
    const pinning: Pinning = pin === "branch" ? "git-branch" : pin ? "git-pinned" : "git-unpinned";
    return {
      name: crate,
      requirement: `git = "${spec.git}"${pin ? `, ${pin} = "${String(spec[pin])}"` : ""}`,
      pinning,
    };
  }
  const version = typeof spec.version === "string" ? spec.version : "*";
  return { name: crate, requirement: version, pinning: cargoPinning(version) };
}

/**
 * Fills each `workspace = true` dependency with the requirement its workspace root declares (the
 * nearest ancestor Cargo.toml with `[workspace.dependencies]`).
 */
export function inheritWorkspace(manifests: readonly ParsedManifest[]): void {
  const roots = manifests.filter((manifest) => (manifest.workspaceDependencies?.size ?? 0) > 0);
  for (const manifest of manifests) {
    if (manifest.kind !== "cargo") continue;
    const root = roots
      .filter((candidate) => {
        const folder = candidate.file.slice(0, -"Cargo.toml".length);
        return manifest.file.startsWith(folder);
      })
      .sort((a, b) => b.file.length - a.file.length)[0];
    for (const dependency of manifest.dependencies) {
      if (dependency.pinning !== "workspace") continue;
      const declared = root?.workspaceDependencies?.get(dependency.name);
      if (declared) dependency.inherited = declared.requirement;
    }
  }
}
