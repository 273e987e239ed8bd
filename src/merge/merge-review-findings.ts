import { AREAS, type Area, type Finding, type Severity, severityRank } from "../../schemas/index.js";
import { findingId } from "./finding-id.js";
import { type Comparable, sameRootCause } from "./similarity.js";

/** A model finding whose file, lines and evidence were verified against the repository. */
export interface ReviewClaim {
  /** The area it was filed under. */
  area: Area;
  alsoAreas: Area[];
  severity: Severity;
  title: string;
  description: string;
  recommendation: string;
  file: string;
  startLine: number;
  endLine: number;
  /** The real lines of the file (redacted), never the model's quote. */
  evidence: string;
  confidence: number;
  category: string | null;
}

export interface MergedReview {
  /** One finding per root cause; an id equal to a scanner finding's means "the same problem". */
  findings: Finding[];
  /** Claims folded into another claim or into a scanner finding. */
  merged: number;
}

/**
 * Merges verified model findings across chunks and areas: one root cause (same file, overlapping
 * lines, same problem: see `sameRootCause`) becomes one finding tagged with every area that reported
 * it or named it in `alsoAreas`, keeping the most severe, most confident report's text. A claim that
 * restates a scanner finding takes that finding's id, so the report shows one finding from both
 * sources. Ids are stable: area, file and normalised evidence.
 */
export function mergeReviewFindings(
  claims: readonly ReviewClaim[],
  scanner: readonly Finding[],
): MergedReview {
  const ordered = [...claims].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.confidence - a.confidence ||
      AREAS.indexOf(a.area) - AREAS.indexOf(b.area) ||
      a.file.localeCompare(b.file) ||
      a.startLine - b.startLine ||
      a.title.localeCompare(b.title),
  );
  const groups: ReviewClaim[][] = [];
  for (const claim of ordered) {
    const group = groups.find((members) => members.some((member) => sameRootCause(member, claim)));
    if (group) group.push(claim);
    else groups.push([claim]);
  }
  const used = new Set<string>();
  const findings = groups.map((members) => {
    const finding = toFinding(members);
    const twin = scanner.find((candidate) => !candidate.dismissed && restates(finding, candidate));
    const id = twin ? twin.id : uniqueId(finding, used);
    used.add(id);
    return { ...finding, id };
  });
  return { findings, merged: claims.length - groups.length };
}

function toFinding(members: ReviewClaim[]): Finding {
  const lead = members[0] as ReviewClaim;
  const tagged = new Set<Area>(members.flatMap((member) => [member.area, ...member.alsoAreas]));
  const areas = [lead.area, ...AREAS.filter((area) => area !== lead.area && tagged.has(area))];
  return {
    id: "",
    area: lead.area,
    areas,
    severity: lead.severity,
    title: lead.title,
    description: lead.description || lead.title,
    recommendation: lead.recommendation,
    location: { file: lead.file, startLine: lead.startLine, endLine: lead.endLine },
    evidence: lead.evidence,
    source: "llm",
    ...(lead.category ? { ruleId: `review/${slug(lead.category)}` } : {}),
    confidence: Math.max(...members.map((member) => member.confidence)),
  };
}

function comparable(finding: Finding): Comparable | undefined {
  if (!finding.location) return undefined;
  return {
    title: finding.title,
    file: finding.location.file,
    startLine: finding.location.startLine,
    endLine: finding.location.endLine,
    evidence: finding.evidence ?? "",
  };
}

/** True when a model finding describes the problem a scanner finding already reports. */
function restates(model: Finding, scannerFinding: Finding): boolean {
  const a = comparable(model);
  const b = comparable(scannerFinding);
  return a !== undefined && b !== undefined && sameRootCause(a, b);
}

/** The stable id, made distinct when two different problems quote the same lines in the same area. */
function uniqueId(finding: Finding, used: ReadonlySet<string>): string {
  const base = findingId({
    area: finding.area,
    title: finding.title,
    location: finding.location,
    evidence: finding.evidence,
  });
  if (!used.has(base)) return base;
  return findingId({
    area: finding.area,
    title: finding.title,
    location: finding.location,
    evidence: `${finding.evidence ?? ""}\n${finding.title}`,
  });
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "finding"
  );
}
