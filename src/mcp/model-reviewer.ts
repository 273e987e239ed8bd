import type { ScanOptions } from "../../tools/scanner.js";
import { reviewTarget } from "../audit/review.js";
import { createLlmRuntime, type LlmRuntimeOptions } from "../llm/create-llm-runtime.js";
import { type ProviderConfig, resolveProviderConfig } from "../llm/provider-config.js";
import { defaultReviewCacheDir, ReviewCache } from "../review/review-cache.js";
import {
  type DeterministicReviewerDeps,
  deterministicReviewer,
  type Reviewer,
  throwIfAborted,
} from "./reviewer.js";

// Apart from reviewer.ts because the review agent reaches its tools through buildServer, which
// imports reviewer.ts: keeping the model reviewer here keeps that import graph free of cycles.

export interface ModelReviewerOptions {
  config: ProviderConfig;
  runtime?: LlmRuntimeOptions;
  /** Where answers are cached; no caching when absent. */
  cacheDir?: string;
  scanOptions?: ScanOptions;
  maxFileBytes?: number;
}

/**
 * The full model review (`codeaudit review` with a key) for `review_repository`: a fresh runtime per
 * review so each report's usage is its own, progress after every batch and area, and cancellation
 * through the request's signal (a cancelled review throws rather than store half a report).
 */
export function modelReviewer(options: ModelReviewerOptions): Reviewer {
  const { provider, model } = options.config;
  return {
    description: `Model review with ${provider} ${model}: every scanner, then one agent per area whose findings are verified against the files and merged; usage and cost are in the report.`,
    async review(request, context) {
      let step = 0;
      const send = (message: string, total?: number) => context.progress(++step, total, message);
      const { report } = await reviewTarget(request.folder, {
        runtime: createLlmRuntime(options.config, options.runtime),
        ...(request.areas ? { areas: request.areas } : {}),
        ...options.scanOptions,
        ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
        ...(options.cacheDir ? { cache: new ReviewCache(options.cacheDir) } : {}),
        signal: context.signal,
        onStage: (message) => send(message),
        onProgress: (progress) =>
          send(
            `${progress.message} (${progress.areasDone}/${progress.areasTotal} areas, ${progress.tokens} tokens, $${progress.costUsd.toFixed(4)})`,
            step +
              1 +
              (progress.batchesTotal - progress.batchesDone) +
              (progress.areasTotal - progress.areasDone),
          ),
      });
      throwIfAborted(context.signal);
      return report;
    },
  };
}

/** The model reviewer when the environment configures a provider with a key (or a base URL), else the deterministic one. */
export function reviewerFromEnvironment(
  env: NodeJS.ProcessEnv,
  deps: DeterministicReviewerDeps = {},
): Reviewer {
  const config = resolveProviderConfig({}, env);
  if (config.defaulted || !config.ready) return deterministicReviewer(deps);
  return modelReviewer({
    config,
    cacheDir: defaultReviewCacheDir(env),
    ...(deps.scanOptions ? { scanOptions: deps.scanOptions } : {}),
    ...(deps.maxFileBytes ? { maxFileBytes: deps.maxFileBytes } : {}),
  });
}
