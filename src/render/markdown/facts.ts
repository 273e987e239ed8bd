import type { MarkersFacts } from "../../../tools/markers.js";
import type { RepoHygieneFacts } from "../../../tools/repo-hygiene.js";
import type { SizeFacts } from "../../../tools/size.js";
import { code, table } from "./text.js";

/** Renders one scanner's facts as a Markdown subsection (heading level 3). */
export type FactsRenderer = (facts: unknown) => string;

const yes = (value: boolean) => (value ? "✅ yes" : "❌ no");

const size: FactsRenderer = (raw) => {
  const facts = raw as SizeFacts;
  const rows = facts.languages.map((row) => [
    row.language,
    row.files,
    row.code,
    row.comment,
    row.blank,
    row.testFiles,
    row.testCode,
    row.method,
  ]);
  const parts = [
    "### Size and languages",
    table(["Language", "Files", "Code", "Comment", "Blank", "Test files", "Test code", "Method"], rows),
    "",
    table(
      ["", "Files", "Lines of code"],
      [
        ["Production", facts.production.files, facts.production.code],
        ["Test", facts.test.files, facts.test.code],
      ],
    ),
    "",
    `Test-to-code ratio: **${facts.testToCodeRatio ?? "n/a"}** (test code lines per production code line). Vendored files excluded: ${facts.excluded.vendoredFiles}; generated files excluded: ${facts.excluded.generatedFiles}.`,
  ];
  if (facts.largestFiles.length > 0) {
    parts.push(
      "",
      "Largest source files:",
      "",
      table(
        ["File", "Lines", "Code"],
        facts.largestFiles.slice(0, 5).map((file) => [code(file.path), file.lines, file.code]),
      ),
    );
  }
  return parts.join("\n");
};

const markers: FactsRenderer = (raw) => {
  const facts = raw as MarkersFacts;
  const rows = (["TODO", "FIXME", "HACK", "XXX"] as const).map((kind) => [
    code(kind),
    facts.byKind[kind].production,
    facts.byKind[kind].test,
  ]);
  const parts = ["### TODO / FIXME / HACK / XXX", table(["Marker", "Production", "Test"], rows)];
  const production = facts.sites.filter((site) => !site.isTest);
  if (production.length > 0) {
    parts.push("", "Production sites:", "");
    for (const site of production.slice(0, 25))
      parts.push(
        `- ${code(`${site.file}:${site.line}`)} ${site.kind}: ${site.text.replace(/^(TODO|FIXME|HACK|XXX)[:\s]*/, "")}`,
      );
    if (production.length > 25) parts.push(`- … and ${production.length - 25} more (see the JSON report)`);
  } else {
    parts.push("", "No markers in production code. ✅");
  }
  return parts.join("\n");
};

const hygiene: FactsRenderer = (raw) => {
  const facts = raw as RepoHygieneFacts;
  const list = (files: string[]) => (files.length ? files.map(code).join(", ") : "—");
  const rows: Array<[string, string, string]> = [
    [
      "CI configuration",
      yes(facts.ci.present),
      facts.ci.present ? `${facts.ci.systems.join(", ")}: ${list(facts.ci.files)}` : "—",
    ],
    ["Dockerfiles", yes(facts.containers.dockerfiles.length > 0), list(facts.containers.dockerfiles)],
    ["Compose files", yes(facts.containers.compose.length > 0), list(facts.containers.compose)],
    ["Kubernetes manifests", yes(facts.containers.kubernetes.length > 0), list(facts.containers.kubernetes)],
    ["Helm charts", yes(facts.containers.helmCharts.length > 0), list(facts.containers.helmCharts)],
    ["Other deployment files", yes(facts.containers.other.length > 0), list(facts.containers.other)],
    ...facts.ecosystems.map((entry): [string, string, string] => [
      `Lockfile (${entry.id})`,
      yes(entry.lockfilePresent),
      entry.lockfilePresent ? list(entry.lockfiles) : `manifests: ${list(entry.manifests)}`,
    ]),
    ["README", yes(facts.docs.readme.present), list(facts.docs.readme.files)],
    ["LICENSE", yes(facts.docs.license.present), list(facts.docs.license.files)],
    ["SECURITY.md", yes(facts.docs.security.present), list(facts.docs.security.files)],
    ["CONTRIBUTING", yes(facts.docs.contributing.present), list(facts.docs.contributing.files)],
    ["CHANGELOG", yes(facts.docs.changelog.present), list(facts.docs.changelog.files)],
    [
      "Dependency updates",
      yes(facts.dependencyUpdates.present),
      facts.dependencyUpdates.tools.join(", ") || "—",
    ],
    [
      ".gitignore",
      yes(facts.gitignore.present),
      facts.gitignore.missing.length
        ? `missing: ${facts.gitignore.missing.map((gap) => code(gap.pattern)).join(", ")}`
        : facts.gitignore.present
          ? "covers the usual entries"
          : "—",
    ],
    [
      "Committed secret files",
      facts.committedSecrets.length ? `❌ ${facts.committedSecrets.length}` : "✅ none",
      list(facts.committedSecrets.map((entry) => entry.file)),
    ],
  ];
  return ["### Repository hygiene", table(["Item", "Present", "Details"], rows)].join("\n");
};

/** Facts renderers by scanner id; a scanner without one shows only in the JSON report. */
export const FACTS_RENDERERS: Record<string, FactsRenderer> = {
  size,
  markers,
  "repo-hygiene": hygiene,
};
