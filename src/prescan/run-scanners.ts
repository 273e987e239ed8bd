import { availableParallelism } from "node:os";
import type { ScannerRun } from "../../schemas/index.js";
import { SCANNER_IDS, type ScannerId } from "../../tools/registry.js";
import type { ScanOptions } from "../../tools/scanner.js";
import { CodeauditError } from "../errors.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { runScanner, type ScannerOutcome, type ScannerResult } from "./run-scanner.js";
import { runOnPool, type ScannerHooks, type ScannerPoolDeps } from "./scanner-pool.js";
import { scannerUnits } from "./scanner-units.js";

export type { ScannerResult } from "./run-scanner.js";

export interface PrescanResult {
  results: ScannerResult[];
  runs: ScannerRun[];
}

/**
 * Below this much source a catalogue runs in-process, in order: a worker's start-up (loading every
 * scanner) and parsing ahead cost more than they save. Measured with `npm run bench -- --lines N`.
 */
export const DEFAULT_PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** How the catalogue may use threads. */
export interface ParallelOptions {
  /**
   * Threads that run scanners side by side, this one included; 1 keeps every scanner here. Parsing
   * runs on the syntax pool's own threads either way. Defaults to `defaultScannerThreads()`.
   */
  threads?: number;
  /** Below this many bytes of files, scanners run here one after another, in the order asked. */
  minBytes?: number;
}

/** How a catalogue run reports each finished scanner and learns it was cancelled. */
export interface CatalogueProgress {
  /** Called as each scanner finishes (in the order they finish), with how many are done of how many. */
  onScannerDone?(run: ScannerRun, done: number, total: number): void;
  /** Once aborted, no further scanner starts and the run rejects with ABORTED. */
  signal?: AbortSignal;
}

export type RunScannersOptions = ScanOptions &
  CatalogueProgress & { only?: readonly ScannerId[]; parallel?: ParallelOptions };

/** How a catalogue run is scheduled. */
export interface CataloguePlan {
  /** False: scanners run here one after another, in the order asked. */
  scheduled: boolean;
  /** Threads running scanners (this one included) when scheduled. */
  threads: number;
}

/**
 * Runs the chosen scanners (all by default). Each result is validated against the scanner's own
 * schema; a scanner that throws or breaks its contract is recorded as failed and the rest go on.
 * On a large repository the files are parsed ahead while the scanners that need no syntax tree run,
 * some of them on worker threads when there are cores to spare; results and their order are the same
 * either way.
 */
export async function runScanners(
  snapshot: RepoSnapshot,
  options: RunScannersOptions = {},
  deps?: ScannerPoolDeps,
): Promise<PrescanResult> {
  const ids = options.only ?? SCANNER_IDS;
  const plan = planCatalogue(snapshot, ids, options.parallel);
  const { only: _only, parallel: _parallel, onScannerDone, signal, ...scanOptions } = options;
  let done = 0;
  const hooks: ScannerHooks = {
    beforeScanner: () => {
      if (signal?.aborted) throw new CodeauditError("ABORTED", "the scan was cancelled");
    },
    afterScanner: (outcome) => onScannerDone?.(outcome.run, ++done, ids.length),
    cancelled: () => signal?.aborted === true,
  };
  const outcomes = plan.scheduled
    ? await runOnPool(snapshot, ids, scannerUnits(ids), plan.threads, scanOptions, deps, hooks)
    : await runInOrder(snapshot, ids, scanOptions, hooks);
  const results: ScannerResult[] = [];
  for (const outcome of outcomes) if (outcome.result) results.push(outcome.result);
  return { results, runs: outcomes.map((outcome) => outcome.run) };
}

/**
 * Scanner threads by default. On two cores the syntax pool's parse threads already fill both while
 * the other scanners run here, and a scanner worker only adds start-up and contention (measured with
 * `npm run bench`); from four cores on, workers take the scanners that need no syntax tree.
 */
export function defaultScannerThreads(cores = availableParallelism()): number {
  return cores >= 4 ? cores - 2 : 1;
}

/** How to run a catalogue: in order for a small repository or a single unit, else scheduled. */
export function planCatalogue(
  snapshot: RepoSnapshot,
  ids: readonly ScannerId[],
  parallel: ParallelOptions = {},
): CataloguePlan {
  const units = scannerUnits(ids);
  const bytes = snapshot.files.reduce((sum, file) => sum + file.size, 0);
  if (units.length < 2 || bytes < (parallel.minBytes ?? DEFAULT_PARALLEL_MIN_BYTES))
    return { scheduled: false, threads: 1 };
  const others = units.filter((unit) => !unit.parses).length;
  const threads = Math.max(1, Math.min(parallel.threads ?? defaultScannerThreads(), others + 1));
  return { scheduled: true, threads };
}
async function runInOrder(
  snapshot: RepoSnapshot,
  ids: readonly ScannerId[],
  options: ScanOptions,
  hooks: ScannerHooks,
): Promise<ScannerOutcome[]> {
  const outcomes: ScannerOutcome[] = [];
  for (const id of ids) {
    hooks.beforeScanner();
    const outcome = await runScanner(id, snapshot, options);
    outcomes.push(outcome);
    hooks.afterScanner(outcome);
  }
  return outcomes;
}
