import { parentPort, workerData } from "node:worker_threads";
import { configureSyntaxWorkers } from "../../tools/lib/syntax-workers.js";
import { createSnapshot } from "../ingest/ingest.js";
import { runScanner, type ScannerOutcome } from "./run-scanner.js";
import type { ScannerRequest, ScannerWorkerData } from "./scanner-thread.js";

// A scanner worker: rebuilds the caller's snapshot over the same folder (file list and all, nothing is
// ingested again; reads go to disk lazily like the caller's), then runs the scanners it is asked for.
// It validates each output exactly as the in-process path does, and sends the validated values back.
const data = workerData as ScannerWorkerData;
// This thread is already one of the catalogue's lanes: it parses what it needs itself, rather than
// starting parse workers of its own (which would also read ahead files its scanners never ask for).
configureSyntaxWorkers({ threads: 0 });
const snapshot = createSnapshot({
  ...data.snapshot,
  files: [...data.snapshot.files],
  skipped: [...data.snapshot.skipped],
});

parentPort?.on("message", async (request: ScannerRequest) => {
  const outcomes: ScannerOutcome[] = [];
  for (const id of request.ids) outcomes.push(await runScanner(id, snapshot, data.options));
  parentPort?.postMessage({ outcomes });
});
