import { XMLParser } from "fast-xml-parser";
import type { ManifestDependency, ParsedManifest } from "./manifests.js";
import { mavenPinning } from "./manifests-pinning.js";

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => name === "dependency" || name === "plugin",
});

function node(value: unknown): Node {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * pom.xml dependencies, `<dependencyManagement>` declarations and build plugins. `${property}` versions
 * resolve from `<properties>` and the project's own version; a version left to the parent is `managed`.
 */
export function parsePom(file: string, source: string): ParsedManifest {
  const project = node(node(parser.parse(source)).project);
  const properties = new Map<string, string>();
  for (const [key, value] of Object.entries(node(project.properties)))
    if (typeof value === "string") properties.set(key, value);
  const projectVersion = text(project.version) ?? text(node(project.parent).version);
  if (projectVersion) {
    properties.set("project.version", projectVersion);
    properties.set("version", projectVersion);
  }
  const resolve = (value: string | undefined) =>
    value?.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties.get(key) ?? whole);
  const used = new Set<number>();
  const dependencies: ManifestDependency[] = [];
  const sectionOf = sectionAt(source);
  const read = (entries: unknown, scope: Section) => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries.map(node)) {
      const artifact = text(entry.artifactId);
      if (!artifact) continue;
      const group = text(entry.groupId) ?? (scope === "build" ? "org.apache.maven.plugins" : "");
      const declared = text(entry.version);
      const version = resolve(declared);
      const mavenScope = text(entry.scope);
      dependencies.push({
        name: group ? `${group}:${artifact}` : artifact,
        ecosystem: "Maven",
        manifest: file,
        line: artifactLine(source, artifact, scope, sectionOf, used),
        scope: mavenScope === "test" ? "dev" : text(entry.optional) === "true" ? "optional" : scope,
        requirement:
          declared === undefined ? "(managed)" : version === declared ? declared : `${declared} = ${version}`,
        pinning: mavenPinning(version),
      });
    }
  };
  read(node(node(project.dependencyManagement).dependencies).dependency, "workspace");
  read(node(project.dependencies).dependency, "normal");
  read(node(node(project.build).plugins).plugin, "build");
  return { file, kind: "maven", ecosystem: "Maven", dependencies, includes: [] };
}

type Section = "workspace" | "normal" | "build";

/** Offsets of each `<tag>…</tag>` element in the source. */
function elementRanges(source: string, tag: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of source.matchAll(new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`, "g")))
    ranges.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  return ranges;
}

/** Which of the parsed sections an offset of the pom falls in (undefined: a profile or elsewhere). */
function sectionAt(source: string): (offset: number) => Section | undefined {
  const inside = (ranges: Array<[number, number]>, offset: number) =>
    ranges.some(([start, end]) => offset >= start && offset < end);
  const management = elementRanges(source, "dependencyManagement");
  const plugins = elementRanges(source, "plugins");
  const profiles = elementRanges(source, "profiles");
  return (offset) => {
    if (inside(profiles, offset)) return undefined;
    if (inside(management, offset)) return "workspace";
    if (inside(plugins, offset)) return "build";
    return "normal";
  };
}

/** The line of the next unused `<artifactId>name</artifactId>` in a section: declarations are read in document order. */
function artifactLine(
  source: string,
  artifact: string,
  section: Section,
  sectionOf: (offset: number) => Section | undefined,
  used: Set<number>,
): number {
  const escaped = artifact.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const match of source.matchAll(new RegExp(`<artifactId>\\s*${escaped}\\s*</artifactId>`, "g"))) {
    const offset = match.index ?? 0;
    if (used.has(offset) || sectionOf(offset) !== section) continue;
    used.add(offset);
    return source.slice(0, offset).split("\n").length;
  }
  return 1;
}
