import type { Log, ReportingDescriptor, Result } from "sarif";
import { AREA_TITLES, type Finding, type Report, type Severity } from "../../schemas/index.js";

const LEVEL: Record<Severity, Result.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};
/** GitHub code scanning reads `security-severity` (0–10) on rules to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

function ruleIdOf(finding: Finding): string {
  return finding.ruleId ?? `review/${finding.area}`;
}

/** SARIF 2.1.0 with one rule per rule id, partial fingerprints from the stable finding id, and suppressions for dismissals. */
export function renderSarif(report: Report): string {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const finding of report.findings) {
    const id = ruleIdOf(finding);
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    rules.push({
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)/g, (_, next: string) => next.toUpperCase()),
      shortDescription: {
        text: finding.ruleId ? finding.title : `${AREA_TITLES[finding.area]} finding from model review`,
      },
      defaultConfiguration: { level: LEVEL[finding.severity] },
      properties: {
        tags: [finding.area],
        ...(finding.area === "security" ? { "security-severity": SECURITY_SEVERITY[finding.severity] } : {}),
      },
    });
  }
  const results: Result[] = report.findings.map((finding) => {
    const result: Result = {
      ruleId: ruleIdOf(finding),
      ruleIndex: ruleIndex.get(ruleIdOf(finding)) ?? 0,
      level: LEVEL[finding.severity],
      message: {
        text: `${finding.title}: ${finding.description}\nRecommendation: ${finding.recommendation}`,
      },
      partialFingerprints: { "codeauditFindingId/v1": finding.id },
      properties: {
        severity: finding.severity,
        area: finding.area,
        areas: finding.areas,
        source: finding.source,
        confidence: finding.confidence,
      },
    };
    if (finding.location) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.location.file), uriBaseId: "SRCROOT" },
            region: {
              startLine: finding.location.startLine,
              endLine: finding.location.endLine,
              ...(finding.evidence ? { snippet: { text: finding.evidence } } : {}),
            },
          },
        },
      ];
    }
    if (finding.dismissed)
      result.suppressions = [
        { kind: "external", status: "accepted", justification: finding.dismissed.reason },
      ];
    return result;
  });
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        originalUriBaseIds: {
          SRCROOT: {
            uri: `file://${encodeURI(report.repo.root.endsWith("/") ? report.repo.root : `${report.repo.root}/`)}`,
          },
        },
        ...(report.repo.url || report.repo.commit
          ? {
              versionControlProvenance: [
                {
                  repositoryUri: report.repo.url ?? `file://${encodeURI(report.repo.root)}`,
                  ...(report.repo.commit ? { revisionId: report.repo.commit } : {}),
                  ...(report.repo.ref ? { branch: report.repo.ref } : {}),
                },
              ],
            }
          : {}),
        invocations: [
          {
            executionSuccessful: report.scanners.every((run) => run.status === "ok"),
            endTimeUtc: report.generatedAt,
          },
        ],
        results,
        properties: {
          mode: report.mode,
          readinessScore: report.summary.readinessScore ?? null,
          usage: report.usage,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
