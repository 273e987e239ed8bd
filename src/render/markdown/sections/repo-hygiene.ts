import type { RepoHygieneFacts } from "../../../../tools/repo-hygiene.js";
import { code, table } from "../text.js";
import { type FactsSection, yes } from "./section.js";

const LIST_LIMIT = 8;

export const repoHygieneSection: FactsSection<RepoHygieneFacts> = {
  render(facts) {
    // Terraform modules and chart repositories list hundreds of files; the first few make the point.
    const list = (files: string[]) =>
      files.length === 0
        ? "—"
        : files.length > LIST_LIMIT
          ? `${files.slice(0, LIST_LIMIT).map(code).join(", ")} and ${files.length - LIST_LIMIT} more`
          : files.map(code).join(", ");
    const rows: Array<[string, string, string]> = [
      [
        "CI configuration",
        yes(facts.ci.present),
        facts.ci.present ? `${facts.ci.systems.join(", ")}: ${list(facts.ci.files)}` : "—",
      ],
      ["Dockerfiles", yes(facts.containers.dockerfiles.length > 0), list(facts.containers.dockerfiles)],
      ["Compose files", yes(facts.containers.compose.length > 0), list(facts.containers.compose)],
      [
        "Kubernetes manifests",
        yes(facts.containers.kubernetes.length > 0),
        list(facts.containers.kubernetes),
      ],
      ["Helm charts", yes(facts.containers.helmCharts.length > 0), list(facts.containers.helmCharts)],
      ["Other deployment files", yes(facts.containers.other.length > 0), list(facts.containers.other)],
      ...facts.ecosystems.map((entry): [string, string, string] => [
        `Lockfile (${entry.id})`,
        yes(entry.lockfilePresent),
        entry.lockfilePresent ? list(entry.lockfiles) : `manifests: ${list(entry.manifests)}`,
      ]),
      ["README", yes(facts.docs.readme.present), list(facts.docs.readme.files)],
      [
        "LICENSE",
        yes(facts.docs.license.present),
        facts.docs.license.present || facts.declaredLicenses.length === 0
          ? list(facts.docs.license.files)
          : `no file; ${facts.declaredLicenses.map((entry) => `${code(entry.file)} declares ${entry.license}`).join(", ")}`,
      ],
      ["SECURITY.md", yes(facts.docs.security.present), list(facts.docs.security.files)],
      ["CONTRIBUTING", yes(facts.docs.contributing.present), list(facts.docs.contributing.files)],
      ["CHANGELOG", yes(facts.docs.changelog.present), list(facts.docs.changelog.files)],
      ["CODEOWNERS", yes(facts.codeowners.present), list(facts.codeowners.files)],
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
  },
  checklist(hygiene) {
    const lockfiles = hygiene.ecosystems;
    const locked = lockfiles.filter((entry) => entry.lockfilePresent).length;
    const deployable =
      hygiene.containers.dockerfiles.length +
      hygiene.containers.compose.length +
      hygiene.containers.kubernetes.length +
      hygiene.containers.helmCharts.length +
      hygiene.containers.other.length;
    return [
      {
        category: "CI/CD",
        status: hygiene.ci.present ? "✅ Good" : "❌ Missing",
        notes: hygiene.ci.present ? hygiene.ci.systems.join(", ") : "No CI configuration",
      },
      {
        category: "Container / deployment config",
        status: deployable > 0 ? "✅ Good" : "❌ Missing",
        notes:
          deployable > 0 ? `${deployable} file(s)` : "No Dockerfile, compose, Kubernetes or platform config",
      },
      {
        category: "Reproducible builds (lockfiles)",
        status:
          lockfiles.length === 0
            ? "N/A"
            : locked === lockfiles.length
              ? "✅ Good"
              : locked > 0
                ? "⚠️ Partial"
                : "❌ Missing",
        notes:
          lockfiles.length === 0 ? "No package manifests" : `${locked}/${lockfiles.length} ecosystems locked`,
      },
      {
        category: "Dependency updates",
        status: hygiene.dependencyUpdates.present ? "✅ Good" : "❌ Missing",
        notes: hygiene.dependencyUpdates.tools.join(", ") || "No Dependabot or Renovate",
      },
      {
        category: "Secrets hygiene",
        status:
          hygiene.committedSecrets.length > 0
            ? "❌ Missing"
            : hygiene.gitignore.missing.some((gap) => gap.why === "secrets") || !hygiene.gitignore.present
              ? "⚠️ Partial"
              : "✅ Good",
        notes:
          hygiene.committedSecrets.length > 0
            ? `${hygiene.committedSecrets.length} secret file(s) committed`
            : hygiene.gitignore.present
              ? ".gitignore present"
              : "No .gitignore",
      },
      {
        category: "Documentation",
        status:
          hygiene.docs.readme.present && hygiene.docs.license.present
            ? "✅ Good"
            : hygiene.docs.readme.present
              ? "⚠️ Partial"
              : "❌ Missing",
        notes:
          (["readme", "license", "security", "contributing", "changelog"] as const)
            .filter((key) => hygiene.docs[key].present)
            .join(", ") || "none",
      },
    ];
  },
};
