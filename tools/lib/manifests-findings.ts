import type { RawFindingInput, Severity } from "../../schemas/index.js";
import { severityRank } from "../../schemas/index.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { linesOf } from "./evidence.js";
import type { ManifestDependency, ParsedManifest, Pinning } from "./manifests.js";

/** The lockfiles that pin a manifest's resolved versions (none for requirements files). */
export type LockCoverage = (manifest: ParsedManifest) => string[];

interface PinningRule {
  id: string;
  pinnings: readonly Pinning[];
  applies?: (dependency: ManifestDependency) => boolean;
  title: (count: number) => string;
  risk: string;
  recommendation: string;
  /** Whether a lockfile lowers the severity: it pins the resolved version until someone updates it. */
  lockMitigates: boolean;
  severity: Severity;
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

const RULES: PinningRule[] = [
  {
    id: "dependencies/unpinned",
    pinnings: ["wildcard", "unpinned"],
    title: (count) => `${plural(count, "dependency", "dependencies")} without a version constraint`,
    risk: "A requirement without a version accepts any release, including the next major version and a compromised publish.",
    recommendation:
      "Give every dependency a bounded requirement (exact, `~`/`~=`, or `^`), and commit the lockfile so installs are reproducible.",
    lockMitigates: true,
    severity: "medium",
  },
  {
    id: "dependencies/lower-bound-only",
    pinnings: ["lower-bound"],
    title: (count) => `${plural(count, "dependency", "dependencies")} pinned with \`>=\` only`,
    risk: "A `>=` requirement sets a floor but no ceiling, so any future major version (with breaking changes or new vulnerabilities) installs.",
    recommendation:
      "Pin exact versions for applications (`==`, generated with pip-compile or uv lock) or cap the range (`>=1.4,<2`), and commit a lockfile.",
    lockMitigates: true,
    severity: "medium",
  },
  {
    id: "dependencies/git-unpinned",
    pinnings: ["git-branch", "git-unpinned"],
    title: (count) => `${plural(count, "git dependency", "git dependencies")} without a fixed revision`,
    risk: "A git dependency without a tag or commit follows a branch head, so the code that builds changes whenever someone pushes.",
    recommendation:
      'Pin git dependencies to a tag or commit (`rev = "…"`, `#<sha>`), or depend on a published release.',
    lockMitigates: true,
    severity: "medium",
  },
  {
    id: "dependencies/path-outside-repo",
    pinnings: ["path"],
    applies: (dependency) => dependency.outsideRepo === true,
    title: (count) => `${plural(count, "path dependency", "path dependencies")} outside the repository`,
    risk: "A path outside the repository means a fresh clone cannot build, and the code that ships is not versioned with this repository.",
    recommendation:
      "Publish the dependency (or vendor it into the repository), or use a git dependency pinned to a tag.",
    lockMitigates: false,
    severity: "low",
  },
];

/** Pinning findings (one per manifest and rule, at the first offending line) and one finding per deprecated package. */
export async function dependencyFindings(
  snapshot: RepoSnapshot,
  manifests: readonly ParsedManifest[],
  coverage: LockCoverage,
  deprecated: ReadonlyArray<{
    name: string;
    manifest: string;
    line: number;
    status: string;
    severity: Severity;
    reason: string;
    replacement: string;
    reference: string;
  }>,
): Promise<RawFindingInput[]> {
  const findings: RawFindingInput[] = [];
  for (const manifest of manifests) {
    for (const rule of RULES) {
      const offenders = manifest.dependencies.filter(
        (dependency) =>
          dependency.scope !== "peer" &&
          rule.pinnings.includes(dependency.pinning) &&
          (rule.applies?.(dependency) ?? true),
      );
      if (offenders.length === 0) continue;
      const first = offenders.reduce((a, b) => (b.line < a.line ? b : a));
      const locks = coverage(manifest);
      const mitigated = rule.lockMitigates && locks.length > 0;
      const listed = offenders
        .slice(0, 15)
        .map(
          (dependency) =>
            `\`${dependency.name}\` (${dependency.requirement || "no version"}, line ${dependency.line})`,
        )
        .join(", ");
      const more = offenders.length > 15 ? ` and ${offenders.length - 15} more` : "";
      findings.push({
        ruleId: rule.id,
        area: "dependencies",
        severity: mitigated ? "low" : rule.severity,
        title: `${rule.title(offenders.length)} in ${manifest.file}`,
        description:
          `${listed}${more}. ${rule.risk} ${mitigated ? `The lockfile (${locks.join(", ")}) pins the resolved versions until the next update.` : rule.lockMitigates ? "No lockfile pins the resolved versions." : ""}`.trim(),
        recommendation: rule.recommendation,
        location: { file: manifest.file, startLine: first.line, endLine: first.line },
        evidence: linesOf(await snapshot.read(manifest.file), first.line),
      });
    }
  }
  for (const entry of deprecated) {
    findings.push({
      ruleId: "dependencies/deprecated-package",
      area: "dependencies",
      severity: entry.severity,
      title: `\`${entry.name}\` ${entry.status === "renamed" ? "was renamed" : `is ${entry.status}`}`,
      description: `${entry.reason} (source: ${entry.reference})`,
      recommendation: `Replace \`${entry.name}\` with ${entry.replacement}.`,
      location: { file: entry.manifest, startLine: entry.line, endLine: entry.line },
      evidence: linesOf(await snapshot.read(entry.manifest), entry.line),
    });
  }
  return findings;
}

/** One finding per vulnerable package version and file, at the line that pins it, with the worst advisory's severity. */
export async function vulnerabilityFindings(
  snapshot: RepoSnapshot,
  vulnerabilities: ReadonlyArray<{
    package: string;
    version: string;
    file: string;
    line: number;
    advisory: string;
    aliases: string[];
    summary: string;
    severity: Severity;
    fixed: string[];
  }>,
): Promise<RawFindingInput[]> {
  const groups = new Map<string, typeof vulnerabilities>();
  for (const entry of vulnerabilities) {
    const key = `${entry.file}\u0000${entry.package}\u0000${entry.version}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const findings: RawFindingInput[] = [];
  for (const entries of groups.values()) {
    const first = entries[0] as (typeof vulnerabilities)[number];
    const worst = entries.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a));
    const fixes = [...new Set(entries.flatMap((entry) => entry.fixed))];
    const advisories = entries
      .map((entry) => {
        const cve = entry.aliases.find((alias) => alias.startsWith("CVE-"));
        return `${entry.advisory}${cve ? ` (${cve})` : ""}${entry.summary ? `: ${entry.summary}` : ""}`;
      })
      .join("; ");
    findings.push({
      ruleId: "dependencies/vulnerable-version",
      area: "dependencies",
      severity: worst.severity,
      title: `\`${first.package}\` ${first.version} has ${plural(entries.length, "known vulnerability", "known vulnerabilities")}`,
      description: `${first.file} pins ${first.package} ${first.version}, which the offline OSV database lists as affected by ${advisories}.`,
      recommendation: fixes.length
        ? `Upgrade ${first.package} to a fixed version (${fixes.join(", ")}) and regenerate the lockfile.`
        : `No fixed version is listed: replace ${first.package} or mitigate the advisory.`,
      location: { file: first.file, startLine: first.line, endLine: first.line },
      evidence: linesOf(await snapshot.read(first.file), first.line),
    });
  }
  return findings;
}
