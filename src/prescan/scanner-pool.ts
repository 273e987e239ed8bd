import type { ScannerId } from "../../tools/registry.js";
import type { ScanOptions } from "../../tools/scanner.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { parseAhead } from "./parse-ahead.js";
import { runScanner, type ScannerOutcome } from "./run-scanner.js";
import { ScannerThread, type ScannerWorkerData } from "./scanner-thread.js";
import type { ScannerUnit } from "./scanner-units.js";

/** A lane that runs scanners elsewhere (a worker thread); tests replace it with one that fails. */
export interface ScannerLane {
  run(ids: ScannerId[]): Promise<ScannerOutcome[]>;
  close(): Promise<void>;
}

/** Replaceable thread start-up. */
export interface ScannerPoolDeps {
  startThread(data: ScannerWorkerData): ScannerLane;
}

const defaultDeps: ScannerPoolDeps = { startThread: (data) => new ScannerThread(data) };

/** Called around each scanner: before one starts (it may throw to stop the run) and when it is done. */
export interface ScannerHooks {
  beforeScanner(): void;
  afterScanner(outcome: ScannerOutcome): void;
  /** True once the run is cancelled: parsing ahead stops too. */
  cancelled(): boolean;
}

const NO_HOOKS: ScannerHooks = { beforeScanner: () => {}, afterScanner: () => {}, cancelled: () => false };

/**
 * Runs scanner units on `threads` threads: this one plus `threads - 1` workers, each taking the next
 * unit when it is free. The parse unit runs here, last, while the files it needs are parsed ahead
 * from the start; workers only take units that need no syntax tree. A unit whose worker fails is run
 * here instead, so a broken worker costs time, never results. Outcomes come back by position in `ids`.
 */
export async function runOnPool(
  snapshot: RepoSnapshot,
  ids: readonly ScannerId[],
  units: readonly ScannerUnit[],
  threads: number,
  options: ScanOptions,
  deps: ScannerPoolDeps = defaultDeps,
  hooks: ScannerHooks = NO_HOOKS,
): Promise<ScannerOutcome[]> {
  const outcomes: ScannerOutcome[] = new Array(ids.length);
  const queue = units.filter((unit) => !unit.parses);
  const parsing = units.filter((unit) => unit.parses);
  const idsOf = (unit: ScannerUnit) => unit.positions.map((position) => ids[position] as ScannerId);
  const runHere = async (unit: ScannerUnit) => {
    for (const position of unit.positions) {
      hooks.beforeScanner();
      const outcome = await runScanner(ids[position] as ScannerId, snapshot, options);
      outcomes[position] = outcome;
      hooks.afterScanner(outcome);
    }
  };
  const warming = parsing.length > 0 ? parseAhead(snapshot, undefined, hooks.cancelled) : Promise.resolve();
  const workers = startWorkers(snapshot, options, threads - 1, deps);
  const onWorker = async (worker: ScannerLane) => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      hooks.beforeScanner();
      let results: ScannerOutcome[];
      try {
        results = await worker.run(idsOf(unit));
        unit.positions.forEach((position, index) => {
          const outcome = results[index];
          if (!outcome || outcome.run.id !== ids[position])
            throw new Error("scanner worker answered out of turn");
        });
      } catch {
        await runHere(unit);
        return; // a worker that failed once is not trusted with another unit
      }
      unit.positions.forEach((position, index) => {
        const outcome = results[index] as ScannerOutcome;
        outcomes[position] = outcome;
        hooks.afterScanner(outcome);
      });
    }
  };
  const here = async () => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) await runHere(unit);
    for (const unit of parsing) await runHere(unit);
  };
  try {
    await Promise.all([here(), ...workers.map(onWorker), warming]);
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
  return outcomes;
}

function startWorkers(
  snapshot: RepoSnapshot,
  options: ScanOptions,
  count: number,
  deps: ScannerPoolDeps,
): ScannerLane[] {
  const data: ScannerWorkerData = {
    snapshot: {
      root: snapshot.root,
      name: snapshot.name,
      url: snapshot.url,
      commit: snapshot.commit,
      ref: snapshot.ref,
      isGit: snapshot.isGit,
      files: snapshot.files,
      skipped: snapshot.skipped,
    },
    options,
  };
  const workers: ScannerLane[] = [];
  for (let index = 0; index < count; index++) {
    try {
      workers.push(deps.startThread(data));
    } catch {
      break; // no worker threads here (or options that cannot be sent): the rest runs in-process
    }
  }
  return workers;
}
