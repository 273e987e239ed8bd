import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Report } from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";
import { createLlmRuntime, type LlmRuntimeDeps } from "../llm/create-llm-runtime.js";
import { type ProviderConfig, resolveProviderConfig } from "../llm/provider-config.js";
import { Recording } from "../llm/recording.js";
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
    const folder = (dir: string | undefined) =>
      dir ? path.join(dir, ...options.recordingKey.split("/")) : undefined;
    const replayDir = options.mode === "replay" ? folder(options.replayDir) : undefined;
    const recordDir = options.mode === "record" ? folder(options.recordDir) : undefined;
    // A replay must ask as the recording did: its provider and model come from the recordings, not
    // from whatever key happens to be set now.
    const config = replayDir ? await recordedProvider(replayDir) : resolveProviderConfig({}, env);
    const runtime = createLlmRuntime(
      config,
      { ...(replayDir ? { replayDir } : {}), ...(recordDir ? { recordDir } : {}) },
      deps,
    );
    const { report } = await reviewTarget(target, { runtime, stableNonce: options.mode !== "live" });
    return report;
  };
}

/** The provider and model a folder of recordings was made with; a clear error when there are none. */
async function recordedProvider(dir: string): Promise<ProviderConfig> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const first = files.filter((name) => name.endsWith(".json")).sort()[0];
  if (!first) {
    throw new CodeauditError(
      "CONFIG_INVALID",
      `no recorded model answers in ${dir}; record them first with --record`,
    );
  }
  const recording = Recording.parse(JSON.parse(await readFile(path.join(dir, first), "utf8")));
  const provider = recording.provider === "anthropic" ? "anthropic" : "openai";
  return { provider, model: recording.model, defaulted: false, ready: true };
}
