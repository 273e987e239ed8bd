import { RawFinding, type ScannerRun } from "../../schemas/index.js";
import { SCANNER_IDS, type ScannerId, scanners } from "../../tools/registry.js";
import type { FactStrength, ScanOptions } from "../../tools/scanner.js";
import { errorMessage } from "../errors.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";

/** One scanner's validated output, tagged with where it came from. */
export interface ScannerResult {
  id: ScannerId;
  version: string;
  facts: unknown;
  findings: RawFinding[];
  strengths: FactStrength[];
}

export interface PrescanResult {
  results: ScannerResult[];
  runs: ScannerRun[];
}

/**
 * Runs the chosen scanners (all by default). Each result is validated against the scanner's own
 * schema; a scanner that throws or breaks its contract is recorded as failed and the rest go on.
 */
export async function runScanners(
  snapshot: RepoSnapshot,
  options: ScanOptions & { only?: readonly ScannerId[] } = {},
): Promise<PrescanResult> {
  const results: ScannerResult[] = [];
  const runs: ScannerRun[] = [];
  for (const id of options.only ?? SCANNER_IDS) {
    const scanner = scanners[id];
    const started = performance.now();
    try {
      const output = await scanner.run(snapshot, options);
      const facts = scanner.facts.parse(output.facts);
      const findings = output.findings.map((finding) => RawFinding.parse(finding));
      results.push({ id, version: scanner.version, facts, findings, strengths: output.strengths ?? [] });
      runs.push({
        id,
        version: scanner.version,
        status: "ok",
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      runs.push({
        id,
        version: scanner.version,
        status: "failed",
        error: errorMessage(error),
        durationMs: Math.round(performance.now() - started),
      });
    }
  }
  return { results, runs };
}
