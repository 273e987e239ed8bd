import type { Area, AreaFindingOutput, Finding, Verification } from "../../schemas/index.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { normaliseWhitespace } from "../merge/finding-id.js";
import { mergeReviewFindings, type ReviewClaim } from "../merge/merge-review-findings.js";
import type { Redactor } from "../redact/redactor.js";
import { type VerifySnapshot, verifyFindings } from "../verify/verify-findings.js";

/** The findings of one area's answers. */
export interface AreaClaims {
  area: Area;
  findings: readonly AreaFindingOutput[];
}

export interface VerifiedReview {
  findings: Finding[];
  verification: Verification;
  /** Claims folded into another claim or a scanner finding (after verification). */
  merged: number;
}

/**
 * From the areas' raw claims to report findings: identical claims (the same file, lines, quote and
 * title, as when several calls return the same answer) are counted once; every distinct claim is
 * verified against the repository as the model saw it (secrets redacted, so a quote of a redacted
 * line still matches), invented ones are dropped and counted; the rest are merged by root cause.
 */
export async function verifyClaims(
  areas: readonly AreaClaims[],
  snapshot: RepoSnapshot,
  redactor: Redactor,
  scannerFindings: readonly Finding[],
): Promise<VerifiedReview> {
  const distinct = new Map<string, ReviewClaim>();
  for (const { findings } of areas) {
    for (const finding of findings) {
      const claim = toClaim(finding, redactor);
      const key = [
        claim.file,
        claim.startLine,
        claim.endLine,
        normaliseWhitespace(claim.evidence),
        normaliseWhitespace(claim.title.toLowerCase()),
      ].join("\n");
      const previous = distinct.get(key);
      if (!previous) distinct.set(key, claim);
      else
        previous.alsoAreas = [...new Set([...previous.alsoAreas, claim.area, ...claim.alsoAreas])].filter(
          (area) => area !== previous.area,
        );
    }
  }
  const result = await verifyFindings([...distinct.values()], redactedView(snapshot, redactor));
  const claims = result.findings.map(({ verification: _status, cited: _cited, ...claim }) => claim);
  const merged = mergeReviewFindings(claims, scannerFindings);
  return { findings: merged.findings, verification: result.counts, merged: merged.merged };
}

function toClaim(finding: AreaFindingOutput, redactor: Redactor): ReviewClaim {
  return {
    area: finding.area,
    alsoAreas: finding.alsoAreas.filter((area) => area !== finding.area),
    severity: finding.severity,
    title: redactor.redactText(finding.title),
    description: redactor.redactText(finding.description),
    recommendation: redactor.redactText(finding.recommendation),
    file: finding.file,
    startLine: finding.startLine,
    endLine: finding.endLine,
    evidence: finding.evidence,
    confidence: finding.confidence,
    category: finding.category,
  };
}

/**
 * The snapshot as the model saw it: every file with its secrets replaced (same lines), so quotes
 * are checked against the text that was sent, and the evidence kept is the redacted line.
 */
export function redactedView(snapshot: RepoSnapshot, redactor: Redactor): VerifySnapshot {
  return {
    root: snapshot.root,
    skipped: snapshot.skipped,
    file: (path) => snapshot.file(path),
    read: async (path) => redactor.redactFile(path, await snapshot.read(path)),
  };
}
