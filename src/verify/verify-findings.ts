import type { Verification } from "../../schemas/index.js";
import { linesOf } from "../../tools/lib/evidence.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { normalizeCitedPath, withoutLineSuffix } from "./cited-path.js";
import { evidenceVariants, type IndexedLine, indexFile } from "./evidence-lines.js";
import { findByLongestLine, findWholeEvidence, type LineSpan, matchWithinCited } from "./locate-evidence.js";

/** The part of a model finding that verification checks: where it points and what it quotes. */
export interface CitedFinding {
  file: string;
  startLine: number;
  endLine: number;
  evidence: string;
}

export type DropReason = "file-missing" | "evidence-not-found" | "empty-evidence" | "path-outside-root";

/**
 * A finding whose file, lines and evidence are now the repository's own: `evidence` holds the real
 * file lines. `verification` says whether the quote was inside the cited lines or had to be moved.
 */
export type VerifiedFinding<T extends CitedFinding> = T & {
  verification: "verified" | "reanchored";
  /** Where the model pointed, kept for evals and debugging; never a location to report. */
  cited: { file: string; startLine: number; endLine: number };
};

/** A finding that cannot be tied to real lines. `detail` never contains the quoted evidence. */
export interface DroppedFinding<T extends CitedFinding> {
  finding: T;
  reason: DropReason;
  detail: string;
}

export interface VerificationResult<T extends CitedFinding> {
  findings: VerifiedFinding<T>[];
  dropped: DroppedFinding<T>[];
  /** Disjoint: verified + reanchored + dropped = number of findings checked. */
  counts: Verification;
}

/** What verification needs of a snapshot; files are read only through `read`. */
export type VerifySnapshot = Pick<RepoSnapshot, "root" | "file" | "read" | "skipped">;

interface LoadedFile {
  text: string;
  index: IndexedLine[];
}

type Outcome =
  | { status: "verified" | "reanchored"; file: string; span: LineSpan; text: string }
  | {
      reason: DropReason;
      detail: string;
    };

/** Checks every model finding against the repository and keeps only those whose evidence is really there. */
export async function verifyFindings<T extends CitedFinding>(
  findings: readonly T[],
  snapshot: VerifySnapshot,
): Promise<VerificationResult<T>> {
  const files = new Map<string, Promise<LoadedFile | undefined>>();
  const load = (file: string) => {
    let loaded = files.get(file);
    if (!loaded) {
      loaded = snapshot.read(file).then(
        (text) => ({ text, index: indexFile(text) }),
        () => undefined,
      );
      files.set(file, loaded);
    }
    return loaded;
  };

  const result: VerificationResult<T> = {
    findings: [],
    dropped: [],
    counts: { verified: 0, reanchored: 0, dropped: 0 },
  };
  for (const finding of findings) {
    const outcome = await verifyOne(finding, snapshot, load);
    if ("reason" in outcome) {
      result.dropped.push({ finding, reason: outcome.reason, detail: outcome.detail });
      result.counts.dropped++;
      continue;
    }
    result.counts[outcome.status]++;
    result.findings.push({
      ...finding,
      file: outcome.file,
      startLine: outcome.span.startLine,
      endLine: outcome.span.endLine,
      evidence: linesOf(outcome.text, outcome.span.startLine, outcome.span.endLine),
      verification: outcome.status,
      cited: { file: finding.file, startLine: finding.startLine, endLine: finding.endLine },
    });
  }
  return result;
}

async function verifyOne(
  finding: CitedFinding,
  snapshot: VerifySnapshot,
  load: (file: string) => Promise<LoadedFile | undefined>,
): Promise<Outcome> {
  const normalised = normalizeCitedPath(finding.file, snapshot.root);
  if (!normalised.ok) {
    return {
      reason: "path-outside-root",
      detail: `${JSON.stringify(finding.file)} points outside the repository`,
    };
  }
  const file = resolveFile(normalised.path, snapshot);
  if (file === undefined) return { reason: "file-missing", detail: missingDetail(normalised.path, snapshot) };
  const variants = evidenceVariants(finding.evidence);
  if (variants.length === 0) return { reason: "empty-evidence", detail: `no evidence quoted for ${file}` };
  const loaded = await load(file);
  if (!loaded) return { reason: "file-missing", detail: `${file} could not be read` };

  const cited = {
    startLine: Math.min(finding.startLine, finding.endLine),
    endLine: Math.max(finding.startLine, finding.endLine),
  };
  const found = (status: "verified" | "reanchored", span: LineSpan): Outcome => ({
    status,
    file,
    span,
    text: loaded.text,
  });
  for (const evidence of variants) {
    const span = matchWithinCited(loaded.index, evidence, cited);
    if (span) return found("verified", span);
  }
  for (const evidence of variants) {
    const span = findWholeEvidence(loaded.index, evidence, cited.startLine);
    if (span) return found("reanchored", span);
  }
  for (const evidence of variants) {
    const span = findByLongestLine(loaded.index, evidence);
    if (span) return found("reanchored", span);
  }
  return { reason: "evidence-not-found", detail: `the quoted evidence is not in ${file}` };
}

function resolveFile(cited: string, snapshot: VerifySnapshot): string | undefined {
  if (snapshot.file(cited)) return cited;
  const stripped = withoutLineSuffix(cited);
  return stripped !== undefined && snapshot.file(stripped) ? stripped : undefined;
}

function missingDetail(file: string, snapshot: VerifySnapshot): string {
  const skipped = snapshot.skipped.find((entry) => entry.path === file);
  return skipped
    ? `${file} was not read (${skipped.reason}), so nothing in it can be verified`
    : `${file} is not in the repository`;
}
