import type { Report } from "../../../schemas/index.js";
import type { RepoHygieneFacts } from "../../../tools/repo-hygiene.js";
import type { SizeFacts } from "../../../tools/size.js";

export interface ChecklistItem {
  category: string;
  status: "✅ Good" | "⚠️ Partial" | "❌ Missing" | "N/A";
  notes: string;
}

type ChecklistRule = (facts: Record<string, unknown>) => ChecklistItem[];

/** Checklist rows computed from facts, one rule per scanner; later scanners add their own rows. */
const RULES: ChecklistRule[] = [
  (facts) => {
    const hygiene = facts["repo-hygiene"] as RepoHygieneFacts | undefined;
    if (!hygiene) return [];
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
  (facts) => {
    const size = facts.size as SizeFacts | undefined;
    if (!size) return [];
    const ratio = size.testToCodeRatio;
    return [
      {
        category: "Automated tests",
        status:
          size.test.files === 0 ? "❌ Missing" : ratio !== null && ratio < 0.2 ? "⚠️ Partial" : "✅ Good",
        notes: `${size.test.files} test files, ratio ${ratio ?? "n/a"}`,
      },
    ];
  },
];

/** The production-readiness checklist for a report. */
export function checklist(report: Report): ChecklistItem[] {
  return RULES.flatMap((rule) => rule(report.facts));
}
