import type { DependencyScope, ManifestDependency, ParsedManifest } from "./manifests.js";
import { resolveDependencyPath } from "./manifests.js";
import { npmPinning } from "./manifests-pinning.js";

const SECTIONS: Array<[string, DependencyScope]> = [
  ["dependencies", "normal"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
];

/** The line of `"key":` inside the object that starts at `"section":`, by scanning from the section's line. */
function keyLine(lines: readonly string[], sectionLine: number, key: string): number {
  const needle = `${JSON.stringify(key)}`;
  for (let index = sectionLine; index < lines.length; index++) {
    const line = lines[index] as string;
    const at = line.indexOf(needle);
    if (at !== -1 && /^\s*:/.test(line.slice(at + needle.length))) return index + 1;
  }
  return sectionLine;
}

/** package.json dependencies, devDependencies, optionalDependencies and peerDependencies. */
export function parsePackageJson(file: string, text: string): ParsedManifest {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const lines = text.split(/\r?\n/);
  const dependencies: ManifestDependency[] = [];
  for (const [section, scope] of SECTIONS) {
    const table = doc[section];
    if (typeof table !== "object" || table === null || Array.isArray(table)) continue;
    const sectionLine = Math.max(
      1,
      lines.findIndex((line) => new RegExp(`^\\s*"${section}"\\s*:`).test(line)) + 1,
    );
    for (const [name, value] of Object.entries(table as Record<string, unknown>)) {
      if (typeof value !== "string") continue;
      const pinning = npmPinning(value);
      const pathTarget = /^(file|link|portal):(.*)$/.exec(value)?.[2];
      dependencies.push({
        name,
        ecosystem: "npm",
        manifest: file,
        line: keyLine(lines, sectionLine, name),
        scope,
        requirement: value,
        pinning,
        ...(pathTarget !== undefined
          ? { outsideRepo: resolveDependencyPath(file, pathTarget).outsideRepo }
          : {}),
      });
    }
  }
  return { file, kind: "package-json", ecosystem: "npm", dependencies, includes: [] };
}
