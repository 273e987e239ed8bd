import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SyntaxAnalysis } from "./syntax-types.js";

/** When files are parsed on worker threads: how many threads, and from how much source on. */
export interface SyntaxWorkerOptions {
  /** Worker threads; 0 or 1 parses on the calling thread. Defaults to the cores available, at most 4. */
  threads: number;
  /** Below this many bytes of parseable source a snapshot is parsed in-thread (workers cost a start-up). */
  minBytes: number;
}

let options: SyntaxWorkerOptions = { threads: Math.min(4, availableParallelism()), minBytes: 1024 * 1024 };
let pool: SyntaxPool | undefined;
let broken = false;
const stats = { sent: 0, parsed: 0, failed: 0 };

/** Files sent to worker threads, parsed there, and worker failures since the last `configureSyntaxWorkers`. */
export function syntaxWorkerStats(): { sent: number; parsed: number; failed: number } {
  return { ...stats };
}

/** Changes when worker threads are used (tests, benchmarks); closes an existing pool and returns the previous options. */
export function configureSyntaxWorkers(next: Partial<SyntaxWorkerOptions>): SyntaxWorkerOptions {
  const previous = options;
  options = { ...options, ...next };
  void pool?.close();
  pool = undefined;
  broken = false;
  stats.sent = 0;
  stats.parsed = 0;
  stats.failed = 0;
  return previous;
}

/** The shared pool when a snapshot with `bytes` of parseable source should use one, else undefined. */
export function syntaxPoolFor(bytes: number): SyntaxPool | undefined {
  if (broken || options.threads < 2 || bytes < options.minBytes) return undefined;
  pool ??= new SyntaxPool(options.threads);
  return pool;
}

type Reply = { id: number; analysis: Omit<SyntaxAnalysis, "text"> } | { id: number; error: string };

interface Job {
  resolve(analysis: SyntaxAnalysis): void;
  reject(error: Error): void;
  text: string;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/**
 * Worker threads that each load web-tree-sitter and parse files sent to them; the least busy one gets
 * the next file. Idle workers are unreferenced so they never keep the process alive.
 */
export class SyntaxPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;

  constructor(readonly threads: number) {
    for (let index = 0; index < threads; index++) this.slots.push(this.start());
  }

  /** Parses one file on a worker. */
  analyze(language: string | null, text: string, path: string): Promise<SyntaxAnalysis> {
    const slot = this.slots.reduce((best, candidate) =>
      candidate.jobs.size < best.jobs.size ? candidate : best,
    );
    const id = this.nextId++;
    stats.sent++;
    return new Promise((resolve, reject) => {
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.set(id, { resolve, reject, text });
      slot.worker.postMessage({ id, language, text, path });
    });
  }

  /** Stops every worker; pending files are rejected (and parsed in-thread by the caller). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private start(): Slot {
    const worker = createWorker();
    const slot: Slot = { worker, jobs: new Map() };
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const job = slot.jobs.get(reply.id);
      if (!job) return;
      slot.jobs.delete(reply.id);
      if (slot.jobs.size === 0) worker.unref();
      if ("error" in reply) {
        stats.failed++;
        job.reject(new Error(reply.error));
      } else {
        stats.parsed++;
        job.resolve({ ...reply.analysis, text: job.text });
      }
    });
    const fail = (error: Error) => {
      broken = true;
      stats.failed += slot.jobs.size;
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (slot.jobs.size > 0) fail(new Error(`syntax worker exited with code ${code}`));
    });
    return slot;
  }
}

// From compiled JavaScript the worker is a sibling file; from TypeScript sources (vitest, tsx) it is
// started through tsx's loader, which a worker does not inherit.
function createWorker(): Worker {
  const entry = new URL(
    import.meta.url.endsWith(".ts") ? "./syntax-worker.ts" : "./syntax-worker.js",
    import.meta.url,
  );
  if (!import.meta.url.endsWith(".ts")) return new Worker(entry);
  const loader = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
