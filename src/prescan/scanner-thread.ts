import { Worker } from "node:worker_threads";
import { z } from "zod";
import { Area, RawFinding, ScannerRun, type SkippedFile } from "../../schemas/index.js";
import { SCANNER_IDS, type ScannerId } from "../../tools/registry.js";
import type { ScanOptions } from "../../tools/scanner.js";
import type { RepoFile } from "../ingest/snapshot.js";
import type { ScannerOutcome } from "./run-scanner.js";

/** What a scanner worker needs to rebuild the caller's snapshot over the same folder. */
export interface ScannerWorkerData {
  snapshot: {
    root: string;
    name: string;
    url?: string;
    commit?: string;
    ref?: string;
    isGit: boolean;
    files: readonly RepoFile[];
    skipped: readonly SkippedFile[];
  };
  options: ScanOptions;
}

/** A request to a worker: run these scanners, in this order. */
export interface ScannerRequest {
  ids: ScannerId[];
}

// Replies cross a thread boundary, so they are parsed like any other input.
const ScannerReply = z.object({
  outcomes: z.array(
    z.object({
      run: ScannerRun,
      result: z
        .object({
          id: z.enum(SCANNER_IDS),
          version: z.string(),
          facts: z.unknown(),
          findings: z.array(RawFinding),
          strengths: z.array(z.object({ area: Area, text: z.string() })),
        })
        .optional(),
    }),
  ),
});
export type ScannerReply = z.infer<typeof ScannerReply>;

/**
 * One worker thread that runs scanners over its own snapshot of the caller's folder, one request at a
 * time. A worker that fails to start, crashes or exits rejects the request in flight.
 */
export class ScannerThread {
  private readonly worker: Worker;
  private pending: { resolve(outcomes: ScannerOutcome[]): void; reject(error: Error): void } | undefined;
  private failure: Error | undefined;

  constructor(data: ScannerWorkerData) {
    this.worker = startWorker(data);
    this.worker.on("message", (message: unknown) => {
      const pending = this.take();
      const parsed = ScannerReply.safeParse(message);
      if (!pending) return;
      if (parsed.success) pending.resolve(parsed.data.outcomes as ScannerOutcome[]);
      else pending.reject(new Error(`scanner worker sent a malformed reply: ${parsed.error.message}`));
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("messageerror", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`scanner worker exited with code ${code}`)));
  }

  /** Runs the scanners on the worker; rejects when the worker is gone. */
  run(ids: ScannerId[]): Promise<ScannerOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("scanner worker is busy"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      try {
        this.worker.postMessage({ ids } satisfies ScannerRequest);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    this.failure ??= new Error("scanner worker closed");
    await this.worker.terminate();
  }

  private take() {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.take()?.reject(error);
  }
}

// Compiled JavaScript starts the sibling .js file; TypeScript sources (vitest, tsx) start the .ts
// file through tsx's loader, which a worker does not inherit from its parent.
function startWorker(workerData: ScannerWorkerData): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(fromSource ? "./scanner-worker.ts" : "./scanner-worker.js", import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData });
  const loader = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
