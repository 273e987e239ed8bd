import type { DependenciesFacts } from "../../../../tools/dependencies.js";
import type { Pinning } from "../../../../tools/lib/manifests.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

const PINNING_LABELS: Record<Pinning, string> = {
  exact: "✅ Exact",
  caret: "Caret (`^`)",
  tilde: "Tilde (`~`)",
  "major-only": "Major-wide",
  "minor-wide": "Minor-wide",
  range: "Bounded range",
  "lower-bound": "⚠️ Lower bound only (`>=`)",
  wildcard: "⚠️ Wildcard / moving",
  unpinned: "⚠️ No version",
  path: "Local path",
  "git-pinned": "✅ Git, pinned rev/tag",
  "git-branch": "⚠️ Git branch",
  "git-unpinned": "⚠️ Git, no rev",
  url: "⚠️ URL",
  workspace: "Workspace-inherited",
  managed: "Managed by parent",
};

/** Pinning styles that let a fresh install resolve to something new. */
export const LOOSE_PINNING: readonly Pinning[] = [
  "lower-bound",
  "wildcard",
  "unpinned",
  "git-branch",
  "git-unpinned",
  "url",
];

const MAX_ROWS = 40;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function notes(dependency: DependenciesFacts["dependencies"][number]): string {
  const parts: string[] = [];
  if (dependency.scope !== "normal") parts.push(dependency.scope);
  if (dependency.condition) parts.push(dependency.condition);
  if (dependency.inherited) parts.push(`inherits ${code(dependency.inherited)}`);
  if (dependency.outsideRepo) parts.push("⚠️ outside the repository");
  return parts.join("; ") || "—";
}

export const dependenciesSection: FactsSection<DependenciesFacts> = {
  render(facts) {
    const parts = ["### Dependencies"];
    if (facts.dependencies.length === 0 && facts.lockfiles.length === 0)
      return [...parts, "", "No package manifests were found."].join("\n");
    parts.push(
      "",
      `${plural(facts.dependencies.length, "declared dependency", "declared dependencies")} in ${plural(facts.manifests.filter((manifest) => !manifest.isTest).length, "manifest", "manifests")}.`,
      "",
      table(
        ["Pinning", "Dependencies"],
        facts.pinning.map((row) => [PINNING_LABELS[row.pinning], row.count]),
      ),
    );
    const ordered = [...facts.dependencies].sort(
      (a, b) =>
        Number(LOOSE_PINNING.includes(b.pinning)) - Number(LOOSE_PINNING.includes(a.pinning)) ||
        a.manifest.localeCompare(b.manifest) ||
        a.line - b.line,
    );
    parts.push(
      "",
      table(
        ["Dependency", "Manifest", "Requirement", "Pinned?", "Notes"],
        ordered
          .slice(0, MAX_ROWS)
          .map((dependency) => [
            dependency.name,
            code(`${dependency.manifest}:${dependency.line}`),
            dependency.requirement ? code(dependency.requirement) : "—",
            PINNING_LABELS[dependency.pinning],
            notes(dependency),
          ]),
      ),
    );
    if (ordered.length > MAX_ROWS)
      parts.push("", `… and ${ordered.length - MAX_ROWS} more (see the JSON report).`);
    parts.push(
      "",
      "#### Lockfiles",
      "",
      facts.lockfiles.length === 0
        ? "No lockfile is committed."
        : table(
            ["Lockfile", "Ecosystem", "Format", "Packages pinned"],
            facts.lockfiles.map((lockfile) => [
              code(lockfile.file),
              lockfile.ecosystem,
              lockfile.format,
              lockfile.packages ?? `not read: ${lockfile.notRead ?? "unknown"}`,
            ]),
          ),
    );
    parts.push("", "#### Deprecated and vulnerable packages", "");
    const rows = [
      ...facts.vulnerabilities.map((entry) => [
        `${entry.package} ${entry.version}`,
        code(`${entry.file}:${entry.line}`),
        `${entry.advisory}${entry.aliases.find((alias) => alias.startsWith("CVE-")) ? ` (${entry.aliases.find((alias) => alias.startsWith("CVE-"))})` : ""}`,
        entry.severity.toUpperCase(),
        entry.fixed.length ? `upgrade to ${entry.fixed.join(" / ")}` : "no fix listed",
      ]),
      ...facts.deprecated.map((entry) => [
        entry.name,
        code(`${entry.manifest}:${entry.line}`),
        entry.status,
        entry.severity.toUpperCase(),
        entry.replacement,
      ]),
    ];
    parts.push(
      rows.length === 0
        ? "None found. ✅"
        : table(["Package", "Where", "Advisory / status", "Severity", "Fix"], rows),
    );
    parts.push(
      "",
      facts.osv.checked
        ? `Known vulnerabilities checked offline against ${facts.osv.databases.map((database) => `${code(database.file)} (${database.advisories} advisories)`).join(", ")} for ${facts.osv.packagesChecked} pinned package versions.`
        : "Known vulnerabilities were not checked: no OSV database was supplied.",
      `Deprecated and unmaintained packages come from codeaudit's catalogue of ${facts.catalogue.entries} entries, dated ${facts.catalogue.date}.`,
    );
    if (facts.osv.errors.length > 0)
      parts.push("", `OSV databases that could not be read: ${facts.osv.errors.join("; ")}.`);
    return parts.join("\n");
  },
  checklist(facts) {
    if (facts.dependencies.length === 0) return [];
    const loose = facts.dependencies.filter((dependency) => LOOSE_PINNING.includes(dependency.pinning));
    // A path outside the repository cannot be rebuilt from a fresh clone, however tight the other pins are.
    const outside = facts.dependencies.filter((dependency) => dependency.outsideRepo === true);
    const pinning: ChecklistItem = {
      category: "Dependency pinning",
      status: loose.length === 0 && outside.length === 0 ? "✅ Good" : "⚠️ Partial",
      notes: [
        loose.length === 0
          ? `${facts.dependencies.length} ${facts.dependencies.length === 1 ? "dependency" : "dependencies"}, all with bounded requirements`
          : `${loose.length} of ${facts.dependencies.length} loosely pinned`,
        ...(outside.length > 0
          ? [
              `${outside.length} path ${outside.length === 1 ? "dependency" : "dependencies"} outside the repository`,
            ]
          : []),
      ].join("; "),
    };
    const problems =
      facts.vulnerabilities.length + facts.deprecated.filter((entry) => entry.severity !== "info").length;
    const audit: ChecklistItem = {
      category: "Known-vulnerable / deprecated dependencies",
      status:
        facts.vulnerabilities.length > 0
          ? "❌ Missing"
          : !facts.osv.checked || problems > 0
            ? "⚠️ Partial"
            : "✅ Good",
      notes: [
        facts.osv.checked
          ? `${new Set(facts.vulnerabilities.map((entry) => `${entry.package}@${entry.version}`)).size} vulnerable versions`
          : "no OSV database checked",
        `${facts.deprecated.length} deprecated/unmaintained`,
      ].join(", "),
    };
    return [pinning, audit];
  },
};
