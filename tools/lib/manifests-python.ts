import { parse } from "smol-toml";
import type { DependencyScope, ManifestDependency, ParsedManifest, Pinning } from "./manifests.js";
import { lineContaining, resolveDependencyPath } from "./manifests.js";
import { pep440Pinning, poetryPinning } from "./manifests-pinning.js";
import { tomlKeyLines } from "./manifests-toml-lines.js";

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** PEP 503 normalised name: lower case, runs of `-_.` as one `-`. */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

type Requirement = Pick<ManifestDependency, "name" | "requirement" | "pinning" | "condition" | "outsideRepo">;

/** One PEP 508 requirement (`name[extra] >=1,<2 ; marker`, `name @ git+https://…@rev`). */
export function parsePep508(file: string, text: string): Requirement | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(text);
  if (!match) return undefined;
  const name = match[1] as string;
  const [rest = "", marker] = (match[3] as string).split(";", 2);
  const spec = rest.trim();
  // After the name comes a version, a URL or nothing: `Explanation of each library:` is prose.
  if (spec !== "" && !/^[<>=!~@(,]/.test(spec)) return undefined;
  const condition = marker?.trim() ? { condition: marker.trim() } : {};
  if (spec.startsWith("@")) {
    const url = spec.slice(1).trim();
    return { name, requirement: url, pinning: urlPinning(file, url).pinning, ...condition };
  }
  return { name, requirement: spec, pinning: pep440Pinning(spec), ...condition };
}

function urlPinning(file: string, url: string): { pinning: Pinning; outsideRepo?: boolean } {
  if (url.startsWith("git+")) {
    const afterHost = url.replace(/^git\+[a-z]+:\/\/[^/]+/, "");
    const ref = /@([^@#/]+)(#.*)?$/.exec(afterHost)?.[1];
    if (!ref) return { pinning: "git-unpinned" };
    return {
      pinning: /^[0-9a-f]{7,40}$/i.test(ref) || /^v?\d+(\.\d+)+/.test(ref) ? "git-pinned" : "git-branch",
    };
  }
  if (url.startsWith("file:")) {
    const target = url.replace(/^file:(\/\/)?/, "");
    return { pinning: "path", outsideRepo: resolveDependencyPath(file, target).outsideRepo };
  }
  return { pinning: "url" };
}

/**
 * A requirements file: one requirement per line, `\` continuations, `# comments`, `--hash` options,
 * editable installs, URLs and local paths. `-r other.txt` includes are returned for the caller to parse.
 */
export function parseRequirements(file: string, text: string): ParsedManifest {
  const dependencies: ManifestDependency[] = [];
  const includes: string[] = [];
  const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    let entry = lines[index] as string;
    while (entry.endsWith("\\") && index + 1 < lines.length)
      entry = entry.slice(0, -1) + (lines[++index] as string);
    entry = entry
      .replace(/(^|\s)#.*$/, "")
      .replace(/\s--hash[= ]\S+/g, "")
      .trim();
    if (!entry) continue;
    const include = /^(-r|--requirement)[=\s]\s*(\S+)/.exec(entry);
    if (include) {
      includes.push(normaliseJoin(folder, include[2] as string));
      continue;
    }
    const editable = /^(-e|--editable)[=\s]\s*(\S+)/.exec(entry);
    const target = editable ? (editable[2] as string) : entry;
    if (target.startsWith("-")) continue;
    const base = { manifest: file, ecosystem: "PyPI" as const, line: lineNumber, scope: "normal" as const };
    if (/^(git\+|https?:|file:)/.test(target) || /^(\.{1,2}\/|\/)/.test(target)) {
      const name =
        /#egg=([\w.-]+)/.exec(target)?.[1] ??
        (target
          .replace(/[#?].*$/, "")
          .split("/")
          .pop()
          // `…/table-logger.git@v0.3.7` names `table-logger`.
          ?.replace(/@[^@]*$/, "")
          .replace(/\.git$/, "") ||
          target);
      const pin = /^(\.{1,2}\/|\/)/.test(target)
        ? urlPinning(file, `file:${target}`)
        : urlPinning(file, target);
      dependencies.push({ ...base, name, requirement: target, ...pin });
      continue;
    }
    const requirement = parsePep508(file, target);
    if (requirement) dependencies.push({ ...base, ...requirement });
  }
  return { file, kind: "requirements", ecosystem: "PyPI", dependencies, includes };
}

function normaliseJoin(folder: string, target: string): string {
  const parts: string[] = [];
  for (const part of `${folder}${target}`.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

/** pyproject.toml: PEP 621 `[project]` dependencies and extras, PEP 735 groups, Poetry dependencies and groups. */
export function parsePyproject(file: string, text: string): ParsedManifest {
  const doc = parse(text) as Table;
  const lines = text.split(/\r?\n/);
  const keys = tomlKeyLines(text);
  const dependencies: ManifestDependency[] = [];
  const base = { manifest: file, ecosystem: "PyPI" as const };
  const fromArray = (values: unknown, scope: DependencyScope, fromLine: number, group?: string) => {
    if (!Array.isArray(values)) return;
    let cursor = fromLine;
    for (const value of values) {
      if (typeof value !== "string") continue;
      const requirement = parsePep508(file, value);
      if (!requirement) continue;
      const line = lineContaining(lines, value, cursor, cursor);
      cursor = line;
      dependencies.push({
        ...base,
        ...requirement,
        ...(group && !requirement.condition ? { condition: group } : {}),
        scope,
        line,
      });
    }
  };
  const project = isTable(doc.project) ? doc.project : undefined;
  if (project) {
    fromArray(project.dependencies, "normal", keys.line("project", "dependencies") ?? 1);
    if (isTable(project["optional-dependencies"]))
      for (const [extra, values] of Object.entries(project["optional-dependencies"]))
        fromArray(
          values,
          "optional",
          keys.line("project.optional-dependencies", extra) ?? 1,
          `extra: ${extra}`,
        );
  }
  if (isTable(doc["dependency-groups"]))
    for (const [group, values] of Object.entries(doc["dependency-groups"]))
      fromArray(values, "dev", keys.line("dependency-groups", group) ?? 1, `group: ${group}`);
  const tool = isTable(doc.tool) ? doc.tool : undefined;
  const poetry = tool && isTable(tool.poetry) ? tool.poetry : undefined;
  if (poetry) {
    const poetryTable = (tableName: string, table: unknown, scope: DependencyScope, group?: string) => {
      if (!isTable(table)) return;
      for (const [name, spec] of Object.entries(table)) {
        if (name.toLowerCase() === "python") continue;
        const entry = poetryEntry(file, spec);
        if (!entry) continue;
        dependencies.push({
          ...base,
          name,
          ...entry,
          scope: isTable(spec) && spec.optional === true && scope === "normal" ? "optional" : scope,
          line: keys.line(tableName, name) ?? keys.header(tableName) ?? 1,
          ...(group ? { condition: `group: ${group}` } : {}),
        });
      }
    };
    poetryTable("tool.poetry.dependencies", poetry.dependencies, "normal");
    poetryTable("tool.poetry.dev-dependencies", poetry["dev-dependencies"], "dev");
    if (isTable(poetry.group))
      for (const [group, table] of Object.entries(poetry.group))
        if (isTable(table))
          poetryTable(
            `tool.poetry.group.${group}.dependencies`,
            table.dependencies,
            group === "main" ? "normal" : "dev",
            group,
          );
  }
  // uv installs a dependency from `[tool.uv.sources]` when one is given: a git rev, a path, a URL.
  const uvSources = tool && isTable(tool.uv) && isTable(tool.uv.sources) ? tool.uv.sources : undefined;
  for (const [name, spec] of Object.entries(uvSources ?? {})) {
    if (!isTable(spec)) continue;
    const source =
      spec.workspace === true
        ? { requirement: "workspace = true", pinning: "path" as const }
        : typeof spec.git === "string" || typeof spec.path === "string" || typeof spec.url === "string"
          ? poetryEntry(file, spec)
          : undefined;
    if (!source) continue;
    for (const dependency of dependencies)
      if (normalisePythonName(dependency.name) === normalisePythonName(name))
        Object.assign(dependency, source, {
          requirement: `${dependency.requirement} (uv source: ${source.requirement})`,
        });
  }
  return { file, kind: "pyproject", ecosystem: "PyPI", dependencies, includes: [] };
}

function poetryEntry(
  file: string,
  spec: unknown,
): Pick<ManifestDependency, "requirement" | "pinning" | "outsideRepo"> | undefined {
  if (typeof spec === "string") return { requirement: spec, pinning: poetryPinning(spec) };
  if (Array.isArray(spec)) {
    const pins = spec.map((item) => poetryEntry(file, item)).filter((item) => item !== undefined);
    const loosest = pins.find((pin) => pin.pinning !== "exact") ?? pins[0];
    return loosest
      ? { requirement: pins.map((pin) => pin.requirement).join(" | "), pinning: loosest.pinning }
      : undefined;
  }
  if (!isTable(spec)) return undefined;
  if (typeof spec.path === "string")
    return {
      requirement: `path = "${spec.path}"`,
      pinning: "path",
      outsideRepo: resolveDependencyPath(file, spec.path).outsideRepo,
    };
  if (typeof spec.git === "string") {
    const pin = ["rev", "tag", "branch"].find((key) => typeof spec[key] === "string");
    return {
      requirement: `git = "${spec.git}"${pin ? `, ${pin} = "${String(spec[pin])}"` : ""}`,
      pinning: pin === "branch" ? "git-branch" : pin ? "git-pinned" : "git-unpinned",
    };
  }
  if (typeof spec.url === "string") return { requirement: spec.url, pinning: "url" };
  const version = typeof spec.version === "string" ? spec.version : "*";
  return { requirement: version, pinning: poetryPinning(version) };
}
