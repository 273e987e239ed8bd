import type { FactStrength } from "../../tools/scanner.js";
import type { ScannerResult } from "../prescan/run-scanners.js";

/** Strengths every scanner established, in scanner order. */
export function factStrengths(results: readonly ScannerResult[]): FactStrength[] {
  return results.flatMap((result) => result.strengths);
}
