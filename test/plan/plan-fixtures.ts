import type { RawFinding } from "../../schemas/index.js";
import type { PrescanResult } from "../../src/prescan/run-scanners.js";
import type { ScannerId } from "../../tools/registry.js";

/** A pre-scan result with the given findings per scanner, and nothing else. */
export function prescanWith(findings: Partial<Record<ScannerId, RawFinding[]>>): PrescanResult {
  return {
    results: Object.entries(findings).map(([id, list]) => ({
      id: id as ScannerId,
      version: "1",
      facts: {},
      findings: list ?? [],
      strengths: [],
    })),
    runs: [],
  };
}

/** A scanner finding at `file:line`. */
export function finding(
  area: RawFinding["area"],
  severity: RawFinding["severity"],
  file: string,
  line = 1,
): RawFinding {
  return {
    ruleId: `test/${area}`,
    area,
    severity,
    title: `${severity} issue in ${file}`,
    description: "d",
    recommendation: "r",
    location: { file, startLine: line, endLine: line },
    evidence: "x",
    confidence: 1,
  };
}
