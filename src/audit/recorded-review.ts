import path from "node:path";
import type { Report } from "../../schemas/index.js";
import { createLlmRuntime, type LlmRuntimeDeps } from "../llm/create-llm-runtime.js";
import { resolveProviderConfig } from "../llm/provider-config.js";
import { reviewTarget } from "./review.js";

/** How an eval run reaches the model (the shape of `ReviewerOptions` in src/eval/reviewer.ts). */
export interface RecordedReviewOptions {
  mode: "live" | "replay" | "record";
  replayDir?: string;
  recordDir?: string;
  /** `<suite>/<case>`: each case's recordings live in their own sub-folder. */
  recordingKey: string;
  run: number;
}

/**
 * The full review for `codeaudit eval`: live, recording every answer (`--record DIR`), or served
 * from recordings with no network (`--replay DIR`). Recorded and replayed runs use a fence nonce
 * derived from the inputs, so the same case sends byte-identical requests and every hash matches;
 * the answer cache is off, so every run really asks (or replays) the model.
 */
export function recordedReview(env: NodeJS.ProcessEnv = process.env, deps: LlmRuntimeDeps = {}) {
  return async (target: string, options: RecordedReviewOptions): Promise<Report> => {
    const config = resolveProviderConfig({}, env);
    const folder = (dir: string | undefined) =>
      dir ? path.join(dir, ...options.recordingKey.split("/")) : undefined;
    const replayDir = options.mode === "replay" ? folder(options.replayDir) : undefined;
    const recordDir = options.mode === "record" ? folder(options.recordDir) : undefined;
    const runtime = createLlmRuntime(
      config,
      { ...(replayDir ? { replayDir } : {}), ...(recordDir ? { recordDir } : {}) },
      deps,
    );
    const { report } = await reviewTarget(target, { runtime, stableNonce: options.mode !== "live" });
    return report;
  };
}
