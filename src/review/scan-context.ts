import { type Area, type Finding, severityRank } from "../../schemas/index.js";
import { scannerFindings } from "../merge/build-report.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import type { Redactor } from "../redact/redactor.js";
import { fenceData } from "./prompt-fence.js";

/** The pre-scan findings one area's calls show the model, by the ids the report gives them. */
export interface AreaScanContext {
  area: Area;
  findings: Finding[];
  /** Relevant findings left out to keep the prompt small. */
  omitted: number;
  /** The findings as compact lines (redacted), the text that is fenced and hashed for the cache. */
  text: string;
}

const EVIDENCE_CHARS = 160;

/**
 * The pre-scan findings filed under an area, most severe first, at most `limit`. Ids are the
 * report's, so the model's decisions apply to them directly.
 */
export function areaScanContext(
  prescan: PrescanResult,
  area: Area,
  redactor: Redactor,
  limit: number,
): AreaScanContext {
  const relevant: Finding[] = [];
  const seen = new Set<string>();
  for (const scanned of scannerFindings(prescan.results)) {
    if (scanned.area !== area || seen.has(scanned.id)) continue;
    seen.add(scanned.id);
    relevant.push(redactor.redactFinding(scanned));
  }
  relevant.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const findings = relevant.slice(0, limit);
  const lines = findings.map((finding) => redactor.redactText(describe(finding)));
  if (relevant.length > findings.length)
    lines.push(`(${relevant.length - findings.length} less severe findings not shown)`);
  return { area, findings, omitted: relevant.length - findings.length, text: lines.join("\n") };
}

function describe(finding: Finding): string {
  const where = finding.location
    ? ` ${finding.location.file}:${finding.location.startLine}${finding.location.endLine > finding.location.startLine ? `-${finding.location.endLine}` : ""}`
    : "";
  const evidence = finding.evidence?.split("\n")[0]?.trim();
  const excerpt = evidence
    ? ` | ${evidence.length > EVIDENCE_CHARS ? `${evidence.slice(0, EVIDENCE_CHARS)}…` : evidence}`
    : "";
  return `- id=${finding.id} [${finding.severity}] ${finding.ruleId ?? finding.area}${where}: ${finding.title}${excerpt}`;
}

/** The findings fenced as `scan_findings` data for one request. */
export function fenceScanFindings(context: AreaScanContext, nonce: string): string {
  return fenceData("scan_findings", nonce, context.text || "(the pre-scans found nothing for this area)", {
    area: context.area,
    count: context.findings.length,
  });
}
