/** Where the review stands, sent after each batch and area. */
export interface ReviewProgress {
  message: string;
  areasDone: number;
  areasTotal: number;
  batchesDone: number;
  batchesTotal: number;
  /** Tokens (input, cached and output) and cost spent so far, all calls included. */
  tokens: number;
  costUsd: number;
}

export type ProgressListener = (progress: ReviewProgress) => void;

/** One progress line for a terminal: areas, batches, tokens and cost so far. */
export function formatProgress(progress: ReviewProgress): string {
  return `codeaudit: [${progress.areasDone}/${progress.areasTotal} areas, ${progress.batchesDone}/${progress.batchesTotal} batches, ${progress.tokens.toLocaleString("en-US")} tokens, $${progress.costUsd.toFixed(4)}] ${progress.message}`;
}

/**
 * A listener that writes progress lines to stderr, but only when stderr is a terminal: piped or
 * captured output (CI logs, tests) stays clean.
 */
export function terminalProgress(stderr: NodeJS.WritableStream): ProgressListener | undefined {
  if ((stderr as { isTTY?: boolean }).isTTY !== true) return undefined;
  return (progress) => {
    stderr.write(`${formatProgress(progress)}\n`);
  };
}
