import { createHash } from "node:crypto";
import type { RawFinding } from "../../schemas/index.js";

/** Whitespace-normalised text, so re-indenting a line does not change a finding's identity. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A stable id from the rule (or area), the file and the normalised evidence: the same issue keeps its
 * id across runs and line shifts. Findings without a location hash their rule and title instead.
 */
export function findingId(
  finding: Pick<RawFinding, "ruleId" | "area" | "title" | "location" | "evidence">,
  occurrence = 1,
): string {
  const rule = finding.ruleId ?? finding.area;
  const anchor = finding.location
    ? `${finding.location.file}\n${normaliseWhitespace(finding.evidence ?? String(finding.location.startLine))}`
    : normaliseWhitespace(finding.title);
  // The same evidence twice in one file (two `except Exception:` lines) is two findings: the second
  // and later ones, in line order, hash their occurrence number too.
  const suffix = occurrence > 1 ? `\n#${occurrence}` : "";
  return `CA-${createHash("sha256").update(`${rule}\n${anchor}${suffix}`).digest("hex").slice(0, 10)}`;
}
