import { RawFinding, type ScannerRun } from "../../schemas/index.js";
import { type ScannerId, scanners } from "../../tools/registry.js";
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

/** How one scanner fared: its run record, and its result when it succeeded. */
export interface ScannerOutcome {
  run: ScannerRun;
  result?: ScannerResult;
}

/**
 * Runs one scanner and validates its output against the scanner's own schema. A scanner that throws
 * or breaks its contract becomes a failed run; this never throws. The same function runs scanners
 * in-process and on worker threads, so both paths validate alike.
 */
export async function runScanner(
  id: ScannerId,
  snapshot: RepoSnapshot,
  options: ScanOptions,
): Promise<ScannerOutcome> {
  const scanner = scanners[id];
  const started = performance.now();
  try {
    const output = await scanner.run(snapshot, options);
    const facts = scanner.facts.parse(output.facts);
    const findings = output.findings.map((finding) => RawFinding.parse(finding));
    const result = { id, version: scanner.version, facts, findings, strengths: output.strengths ?? [] };
    const durationMs = Math.round(performance.now() - started);
    return { result, run: { id, version: scanner.version, status: "ok", durationMs } };
  } catch (error) {
    return {
      run: {
        id,
        version: scanner.version,
        status: "failed",
        error: errorMessage(error),
        durationMs: Math.round(performance.now() - started),
      },
    };
  }
}
