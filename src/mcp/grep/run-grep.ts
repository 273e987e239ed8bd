import { Worker } from "node:worker_threads";
import { CodeauditError, errorMessage } from "../../errors.js";
import { GREP_WORKER_SOURCE } from "./grep-worker-source.js";

export interface GrepMatch {
  file: string;
  line: number;
  text: string;
}

export interface GrepRequest {
  /** Real absolute folder the files are relative to. */
  root: string;
  files: readonly string[];
  pattern: string;
  fixed: boolean;
  caseSensitive: boolean;
  maxResults: number;
  /** Wall-clock budget of the search itself (thread start-up excluded); it stops and reports `timedOut` when it runs out. */
  timeBudgetMs: number;
  signal?: AbortSignal;
}

export interface GrepOutcome {
  matches: GrepMatch[];
  /** Files read; a lower bound when the search timed out. */
  filesSearched: number;
  truncated: boolean;
  timedOut: boolean;
}

type WorkerMessage =
  | { type: "matches"; matches: GrepMatch[] }
  | { type: "started" }
  | { type: "progress"; searched: number }
  | { type: "done"; truncated: boolean; searched: number };

/** Throws a USAGE error when the pattern is not a valid JavaScript regular expression. */
export function checkPattern(pattern: string, caseSensitive: boolean): void {
  try {
    new RegExp(pattern, caseSensitive ? "" : "i");
  } catch (error) {
    throw new CodeauditError("USAGE", `invalid regular expression: ${errorMessage(error)}`);
  }
}

/**
 * Searches files line by line in a worker thread. A regex with catastrophic backtracking cannot be
 * interrupted in the thread running it, so the worker is terminated when the time budget (or the
 * caller's signal) ends, keeping the matches it already sent.
 */
export function runGrep(request: GrepRequest): Promise<GrepOutcome> {
  if (!request.fixed) checkPattern(request.pattern, request.caseSensitive);
  return new Promise((resolve, reject) => {
    const matches: GrepMatch[] = [];
    let searched = 0;
    let settled = false;
    const worker = new Worker(GREP_WORKER_SOURCE, {
      eval: true,
      workerData: {
        root: request.root,
        files: request.files,
        pattern: request.pattern,
        fixed: request.fixed,
        caseSensitive: request.caseSensitive,
        maxResults: request.maxResults,
        maxLineChars: 10_000,
        maxTextChars: 500,
      },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const finish = (outcome: Omit<GrepOutcome, "matches"> | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve({ matches, ...outcome });
    };
    const stopEarly = () => finish({ filesSearched: searched, truncated: true, timedOut: true });
    const onAbort = () => finish(new CodeauditError("ABORTED", "the search was cancelled"));
    // Starting a thread on a loaded machine can take a while: the budget counts from "started".
    let timer = setTimeout(stopEarly, request.timeBudgetMs + 30_000);
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "started") {
        clearTimeout(timer);
        timer = setTimeout(stopEarly, request.timeBudgetMs);
      } else if (message.type === "matches") matches.push(...message.matches);
      else if (message.type === "progress") searched = message.searched;
      else finish({ filesSearched: message.searched, truncated: message.truncated, timedOut: false });
    });
    worker.on("error", (error) =>
      finish(new CodeauditError("INTERNAL", `grep failed: ${errorMessage(error)}`)),
    );
    worker.on("exit", () => finish(new CodeauditError("INTERNAL", "grep stopped before finishing")));
  });
}
