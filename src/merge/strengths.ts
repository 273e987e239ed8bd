import type { ScannerResult } from "../prescan/run-scanners.js";

/** A strength established by a scanner fact, with the area it speaks for. */
export interface FactStrength {
  area: import("../../schemas/index.js").Area;
  text: string;
}

type StrengthRule = (facts: Record<string, unknown>) => FactStrength[];

/**
 * Strengths a program can establish from facts alone. Each scanner's rule reads only its own facts,
 * so a scanner that did not run contributes nothing.
 */
const RULES: Record<string, StrengthRule> = {
  "repo-hygiene": (facts) => {
    const f = facts as import("../../tools/repo-hygiene.js").RepoHygieneFacts;
    const out: FactStrength[] = [];
    if (f.ci.present) out.push({ area: "ci-cd", text: `CI is configured (${f.ci.systems.join(", ")}).` });
    const locked = f.ecosystems.filter((entry) => entry.lockfilePresent);
    if (locked.length > 0 && locked.length === f.ecosystems.length) {
      out.push({
        area: "dependencies",
        text: `Lockfiles are committed for every ecosystem (${locked.map((entry) => entry.id).join(", ")}).`,
      });
    }
    if (f.dependencyUpdates.present)
      out.push({
        area: "dependencies",
        text: `Automated dependency updates are configured (${f.dependencyUpdates.tools.join(", ")}).`,
      });
    if (f.docs.readme.present && f.docs.license.present)
      out.push({ area: "documentation", text: "README and LICENSE are present." });
    if (f.docs.security.present)
      out.push({ area: "security", text: "A security policy (SECURITY.md) tells reporters where to go." });
    if (f.gitignore.present && f.gitignore.missing.length === 0)
      out.push({ area: "security", text: ".gitignore covers secrets, logs, IDE folders and build output." });
    if (f.committedSecrets.length === 0)
      out.push({
        area: "security",
        text: "No environment files, private keys or credentials files are committed.",
      });
    return out;
  },
  markers: (facts) => {
    const f = facts as import("../../tools/markers.js").MarkersFacts;
    return f.total.production === 0 && f.filesScanned > 0
      ? [{ area: "code-quality", text: "No TODO, FIXME, HACK or XXX markers in production code." }]
      : [];
  },
  size: (facts) => {
    const f = facts as import("../../tools/size.js").SizeFacts;
    if (f.testToCodeRatio !== null && f.testToCodeRatio >= 0.5) {
      return [
        {
          area: "testing",
          text: `Substantial test code: ${f.test.code} test lines for ${f.production.code} production lines (ratio ${f.testToCodeRatio}).`,
        },
      ];
    }
    return [];
  },
};

/** Strengths from every scanner result that has a rule. */
export function factStrengths(results: readonly ScannerResult[]): FactStrength[] {
  return results.flatMap((result) => RULES[result.id]?.(result.facts as Record<string, unknown>) ?? []);
}
