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
const stats = { requested: 0, parsed: 0, failed: 0 };

/** Files asked of worker threads, parsed there, and worker failures since the last `configureSyntaxWorkers`. */
export function syntaxWorkerStats(): { requested: number; parsed: number; failed: number } {
  return { ...stats };
}

/** Changes when worker threads are used (tests, benchmarks); closes an existing pool and returns the previous options. */
export function configureSyntaxWorkers(next: Partial<SyntaxWorkerOptions>): SyntaxWorkerOptions {
  const previous = options;
  options = { ...options, ...next };
  void pool?.close();
  pool = undefined;
  broken = false;
  stats.requested = 0;
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
  id: number;
  language: string | null;
  path: string;
  text: string;
  resolve(analysis: SyntaxAnalysis): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  dead: boolean;
}

/**
 * Files a worker holds at once: one being parsed and a few waiting in its message queue, so it does not
 * idle while this thread is busy for a few milliseconds, while everything else stays here, where a
 * file a scanner waits for can still go ahead of files parsed in advance.
 */
const IN_FLIGHT_PER_WORKER = 4;

/**
 * Worker threads that each load web-tree-sitter and parse files sent to them. Files wait here in two
 * lanes: those a caller is waiting for go before those parsed ahead of need, and the least busy
 * worker takes the next one. Idle workers are unreferenced so they never keep the process alive.
 */
export class SyntaxPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  /** Paths asked for urgently before their job reached the pool (their text was still being read). */
  private readonly urgent = new Set<string>();
  private nextId = 0;

  constructor(readonly threads: number) {
    for (let index = 0; index < threads; index++) this.slots.push(this.start());
  }

  /** Parses one file on a worker; an urgent file goes ahead of every file parsed in advance. */
  analyze(language: string | null, text: string, path: string, urgent = false): Promise<SyntaxAnalysis> {
    stats.requested++;
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, language, path, text, resolve, reject };
      if (urgent || this.urgent.delete(path)) this.waiting.unshift(job);
      else this.waiting.push(job);
      this.pump();
    });
  }

  /** Moves a file waiting to be parsed to the front: a caller now waits for it. */
  promote(path: string): void {
    const index = this.waiting.findIndex((job) => job.path === path);
    if (index === -1) {
      this.urgent.add(path);
      return;
    }
    if (index > 0) this.waiting.unshift(...this.waiting.splice(index, 1));
  }

  /** Stops every worker; pending files are rejected (and parsed in-thread by the caller). */
  async close(): Promise<void> {
    const closed = new Error("syntax pool closed");
    for (const slot of this.slots) {
      slot.dead = true;
      for (const job of slot.jobs.values()) job.reject(closed);
      slot.jobs.clear();
    }
    this.rejectWaiting(closed);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    const live = this.slots.filter((slot) => !slot.dead);
    if (live.length === 0) {
      this.rejectWaiting(new Error("no syntax worker is running"));
      return;
    }
    for (let job = this.waiting[0]; job; job = this.waiting[0]) {
      const slot = live.reduce((best, candidate) =>
        candidate.jobs.size < best.jobs.size ? candidate : best,
      );
      if (slot.jobs.size >= IN_FLIGHT_PER_WORKER) return;
      this.waiting.shift();
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.set(job.id, job);
      slot.worker.postMessage({ id: job.id, language: job.language, text: job.text, path: job.path });
    }
  }

  private rejectWaiting(error: Error): void {
    for (const job of this.waiting.splice(0)) job.reject(error);
  }

  private start(): Slot {
    const worker = createWorker();
    const slot: Slot = { worker, jobs: new Map(), dead: false };
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const job = slot.jobs.get(reply.id);
      if (!job) return;
      slot.jobs.delete(reply.id);
      this.urgent.delete(job.path);
      if (slot.jobs.size === 0) worker.unref();
      if ("error" in reply) {
        stats.failed++;
        job.reject(new Error(reply.error));
      } else {
        stats.parsed++;
        job.resolve({ ...reply.analysis, text: job.text });
      }
      this.pump();
    });
    const fail = (error: Error) => {
      broken = true;
      slot.dead = true;
      stats.failed += slot.jobs.size;
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
      this.pump();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (slot.dead) return;
      if (slot.jobs.size > 0) fail(new Error(`syntax worker exited with code ${code}`));
      else {
        slot.dead = true;
        this.pump();
      }
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
