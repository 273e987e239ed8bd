import type { ScannerId } from "../../tools/registry.js";

/**
 * Scanners that read the syntax tree of every (or most) source files: markers (files with a marker),
 * observability, web-exposure, config-hardcoding, tests-inventory and ci (test files) read parsed
 * sources too. They share one parse cache per snapshot (and thread), so they run together: spread over
 * threads, each thread would parse the repository again. A scanner missing here still gives the same
 * results, only slower.
 */
const FULL_PARSE: ReadonlySet<ScannerId> = new Set([
  "size",
  "markers",
  "tests-inventory",
  "config-hardcoding",
  "observability",
  "web-exposure",
  "panic-points",
  "error-handling",
  "async-blocking",
  "crypto",
  "ci",
]);

/**
 * Rough CPU cost of each scanner's own work on the benchmark repository (ms per million lines, from
 * `npm run bench`), and of parsing it once for the group above. Only the order in which scanners are
 * handed to threads depends on them; a wrong figure costs balance, never correctness.
 */
const PARSE_COST = 10_000;
const COST: Record<ScannerId, number> = {
  size: 300,
  markers: 800,
  "repo-hygiene": 60,
  dependencies: 180,
  secrets: 2_400,
  containers: 80,
  ci: 400,
  "web-exposure": 800,
  observability: 2_500,
  "tests-inventory": 1_600,
  "config-hardcoding": 3_800,
  "panic-points": 320,
  "error-handling": 430,
  "async-blocking": 280,
  crypto: 350,
};

/** Scanners that run one after another on one thread, by their positions in the requested list. */
export interface ScannerUnit {
  positions: number[];
  cost: number;
  /** The full-parse scanners: they run on the calling thread, where the syntax cache and its parse pool are. */
  parses: boolean;
}

/**
 * Splits the requested scanners into units a thread runs whole: every scanner alone, heaviest first
 * (LPT scheduling), then the full-parse scanners together as the last unit. Files are parsed ahead
 * while the others run; inside the parse unit the heaviest scanner goes first, so its own work
 * overlaps whatever parsing is left.
 */
export function scannerUnits(ids: readonly ScannerId[]): ScannerUnit[] {
  const parsing: ScannerUnit = { positions: [], cost: PARSE_COST, parses: true };
  const units: ScannerUnit[] = [];
  ids.forEach((id, position) => {
    if (FULL_PARSE.has(id)) {
      parsing.positions.push(position);
      parsing.cost += COST[id];
    } else units.push({ positions: [position], cost: COST[id], parses: false });
  });
  const costOf = (position: number) => COST[ids[position] as ScannerId];
  parsing.positions.sort((a, b) => costOf(b) - costOf(a) || a - b);
  units.sort((a, b) => b.cost - a.cost || (a.positions[0] ?? 0) - (b.positions[0] ?? 0));
  if (parsing.positions.length > 0) units.push(parsing);
  return units;
}
