import {
  AREAS,
  type Area,
  type AreaResult,
  type Finding,
  type RawFinding,
  REPORT_SCHEMA_VERSION,
  Report,
  severityRank,
  type Usage,
  type Verification,
} from "../../schemas/index.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { PrescanResult, ScannerResult } from "../prescan/run-scanners.js";
import type { Redactor } from "../redact/redactor.js";
import { redactorForPrescan } from "../redact/report-redactor.js";
import { toolVersion } from "../util/package-root.js";
import { findingId } from "./finding-id.js";
import { applyScannerVerdict, type ScannerVerdict } from "./scanner-verdict.js";
import { areaScore, countBySeverity, readinessScore } from "./score.js";
import { factStrengths } from "./strengths.js";
import { deterministicSummary } from "./summary.js";

/** What the review stage adds for one area; absent areas were not reviewed by a model. */
export interface AreaReview {
  status: AreaResult["status"];
  summary?: string;
  reason?: string;
  strengths?: string[];
  prompt?: { id: string; version: string };
}

export interface ReportInput {
  snapshot: RepoSnapshot;
  prescan: PrescanResult;
  mode: Report["mode"];
  /** Model findings that passed verification, already carrying ids. */
  reviewFindings?: Finding[];
  /** Scanner findings the model dismissed, by finding id, with its reason. */
  dismissals?: ReadonlyMap<string, string>;
  /** The model review's confirmations, escalations and dismissals of scanner findings, by finding id. */
  scannerVerdicts?: ReadonlyMap<string, ScannerVerdict>;
  areaReviews?: Partial<Record<Area, AreaReview>>;
  /** Why areas without a review were not reviewed (no model configured, scan mode). */
  notReviewedReason?: string;
  usage?: Usage;
  verification?: Verification;
  executiveSummary?: string;
  prompts?: Report["prompts"];
  warnings?: string[];
  /** Hides secrets in evidence; by default built from the secrets scanner's facts in `prescan`. */
  redactor?: Redactor;
  now?: Date;
}

/** Turns a scanner finding into a report finding with a stable id (`occurrence` as in findingId). */
export function scannerFinding(raw: RawFinding, occurrence = 1): Finding {
  return {
    id: findingId(raw, occurrence),
    area: raw.area,
    areas: [raw.area],
    severity: raw.severity,
    title: raw.title,
    description: raw.description,
    recommendation: raw.recommendation,
    ...(raw.location ? { location: raw.location } : {}),
    ...(raw.evidence !== undefined ? { evidence: raw.evidence } : {}),
    source: "scan",
    ...(raw.ruleId ? { ruleId: raw.ruleId } : {}),
    confidence: raw.confidence,
  };
}

/**
 * Every scanner finding as a report finding, in scanner order. Identical findings (same rule, place
 * and evidence) appear once; the same evidence at different lines of a file gets one id per
 * occurrence, so neither is lost.
 */
export function scannerFindings(results: readonly Pick<ScannerResult, "findings">[]): Finding[] {
  const out: Finding[] = [];
  const byBase = new Map<string, Finding[]>();
  for (const result of results) {
    for (const raw of result.findings) {
      const base = findingId(raw);
      const same = byBase.get(base) ?? [];
      const where = JSON.stringify(raw.location ?? null);
      if (same.some((finding) => JSON.stringify(finding.location ?? null) === where)) continue;
      const finding = scannerFinding(raw, same.length + 1);
      same.push(finding);
      byBase.set(base, same);
      out.push(finding);
    }
  }
  return out;
}

/** True when a model reviewed at least one area (completely or in part). */
export function modelReviewed(areas: readonly AreaResult[]): boolean {
  return areas.some((area) => area.status === "completed" || area.status === "partial");
}

/** Most severe first, then by area order, file and line, so reports read top-down and diff cleanly. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    AREAS.indexOf(a.area) - AREAS.indexOf(b.area) ||
    (a.location?.file ?? "").localeCompare(b.location?.file ?? "") ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    a.id.localeCompare(b.id)
  );
}

/** Assembles, scores and validates the report from the pipeline's outputs. */
export function buildReport(input: ReportInput): Report {
  const redactor = input.redactor ?? redactorForPrescan(input.prescan.results);
  const byId = new Map<string, Finding>();
  for (const scanned of scannerFindings(input.prescan.results).map((entry) =>
    redactor.redactFinding(entry),
  )) {
    const verdict = input.scannerVerdicts?.get(scanned.id);
    const finding = verdict ? applyScannerVerdict(scanned, verdict) : scanned;
    const reason = input.dismissals?.get(finding.id);
    byId.set(finding.id, reason && !finding.dismissed ? { ...finding, dismissed: { reason } } : finding);
  }
  for (const finding of (input.reviewFindings ?? []).map((entry) => redactor.redactFinding(entry))) {
    const existing = byId.get(finding.id);
    byId.set(
      finding.id,
      existing
        ? { ...existing, source: "both", areas: [...new Set([...existing.areas, ...finding.areas])] }
        : finding,
    );
  }
  const findings = [...byId.values()].sort(compareFindings);
  const facts = Object.fromEntries(input.prescan.results.map((result) => [result.id, result.facts]));
  const strengths = factStrengths(input.prescan.results);

  const scores = new Map<Area, number>();
  const areas: AreaResult[] = AREAS.map((area) => {
    const review = input.areaReviews?.[area];
    const score = review?.status === "failed" ? undefined : areaScore(area, findings);
    if (score !== undefined) scores.set(area, score);
    return {
      id: area,
      status: review?.status ?? "skipped",
      ...(score !== undefined ? { score } : {}),
      ...(review?.summary ? { summary: review.summary } : {}),
      ...(review
        ? review.reason
          ? { reason: review.reason }
          : {}
        : input.notReviewedReason
          ? { reason: input.notReviewedReason }
          : {}),
      strengths: [
        ...strengths.filter((strength) => strength.area === area).map((strength) => strength.text),
        ...(review?.strengths ?? []),
      ],
      findingCount: findings.filter((finding) => !finding.dismissed && finding.areas.includes(area)).length,
      ...(review?.prompt ? { prompt: review.prompt } : {}),
    };
  });

  const bySeverity = countBySeverity(findings);
  const score = readinessScore(scores, findings);
  const open = findings.filter((finding) => !finding.dismissed);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "codeaudit", version: toolVersion() },
    repo: {
      name: input.snapshot.name,
      root: input.snapshot.root,
      ...(input.snapshot.url ? { url: input.snapshot.url } : {}),
      ...(input.snapshot.commit ? { commit: input.snapshot.commit } : {}),
      ...(input.snapshot.ref ? { ref: input.snapshot.ref } : {}),
    },
    generatedAt: (input.now ?? new Date()).toISOString(),
    mode: input.mode,
    facts,
    findings,
    areas,
    summary: {
      ...(score !== undefined ? { readinessScore: score } : {}),
      bySeverity,
      executiveSummary:
        input.executiveSummary ??
        deterministicSummary({
          name: input.snapshot.name,
          facts,
          findings,
          bySeverity,
          modelReviewed: modelReviewed(areas),
        }),
      mustFix: open
        .filter((finding) => finding.severity === "critical" || finding.severity === "high")
        .map((finding) => finding.id),
      shouldFix: open.filter((finding) => finding.severity === "medium").map((finding) => finding.id),
      strengths: [
        ...strengths.map((strength) => strength.text),
        ...AREAS.flatMap((area) => input.areaReviews?.[area]?.strengths ?? []),
      ],
    },
    usage: input.usage ?? { calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
    ...(input.verification ? { verification: input.verification } : {}),
    scanners: input.prescan.runs,
    prompts: input.prompts ?? [],
    skipped: [...input.snapshot.skipped],
    warnings: [
      ...(input.warnings ?? []),
      ...input.prescan.runs
        .filter((run) => run.status === "failed")
        .map((run) => `scanner ${run.id} failed: ${run.error}`),
    ],
  };
  return Report.parse(report);
}
