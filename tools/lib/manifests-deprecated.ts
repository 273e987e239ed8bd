import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { packageRoot } from "../../src/util/package-root.js";
import { DependencyEcosystem, type ManifestDependency } from "./manifests.js";
import { normalisePythonName } from "./manifests-python.js";

export const DeprecatedPackage = z.object({
  ecosystem: DependencyEcosystem,
  name: z.string(),
  status: z.string(),
  severity: z.enum(["high", "medium", "low", "info"]),
  reason: z.string(),
  replacement: z.string(),
  reference: z.string(),
});
export type DeprecatedPackage = z.infer<typeof DeprecatedPackage>;

/** tools/data/deprecated-packages.json: where each status comes from and when it was checked. */
export const DeprecatedCatalogue = z.object({
  source: z.string(),
  date: z.string(),
  packages: z.array(DeprecatedPackage),
});
export type DeprecatedCatalogue = z.infer<typeof DeprecatedCatalogue>;

let cached: DeprecatedCatalogue | undefined;

/** The bundled catalogue of deprecated and unmaintained packages, validated once. */
export function deprecatedCatalogue(): DeprecatedCatalogue {
  cached ??= DeprecatedCatalogue.parse(
    JSON.parse(readFileSync(path.join(packageRoot(), "tools", "data", "deprecated-packages.json"), "utf8")),
  );
  return cached;
}

function key(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${ecosystem === "PyPI" ? normalisePythonName(name) : name}`;
}

/**
 * A lookup from a declared dependency to its catalogue entry. Go modules also match their major
 * version paths (`…/jwt-go/v4`), which are the same unmaintained project.
 */
export function deprecatedLookup(
  catalogue: DeprecatedCatalogue,
): (dependency: Pick<ManifestDependency, "ecosystem" | "name">) => DeprecatedPackage | undefined {
  const byKey = new Map(catalogue.packages.map((entry) => [key(entry.ecosystem, entry.name), entry]));
  return (dependency) => {
    const name = dependency.ecosystem === "Go" ? dependency.name.replace(/\/v\d+$/, "") : dependency.name;
    return byKey.get(key(dependency.ecosystem, name));
  };
}
