import { type Command, Option } from "commander";
import { AREAS, type Area } from "../../../schemas/index.js";
import { reviewTarget } from "../../audit/review.js";
import { scanRepository } from "../../audit/scan.js";
import { CodeauditError } from "../../errors.js";
import { ingest } from "../../ingest/ingest.js";
import { createLlmRuntime } from "../../llm/create-llm-runtime.js";
import { PROVIDERS, type ProviderConfig, resolveProviderConfig } from "../../llm/provider-config.js";
import { DEFAULT_CONCURRENCY } from "../../llm/with-metering.js";
import { buildReviewPlan } from "../../plan/build-review-plan.js";
import { formatUsd, renderPlanText } from "../../plan/render-plan.js";
import { runScanners } from "../../prescan/run-scanners.js";
import { render } from "../../render/render.js";
import { measureReviewCalls } from "../../review/call-overhead.js";
import { terminalProgress } from "../../review/progress.js";
import { defaultReviewCacheDir, ReviewCache } from "../../review/review-cache.js";
import { EXIT, exitCodeFor } from "../exit-codes.js";
import { writeOutput } from "../output.js";
import { addReportOptions, type CliContext, type ReportOptions } from "./common.js";

const NO_MODEL_REASON =
  "No LLM is configured: set ANTHROPIC_API_KEY or OPENAI_API_KEY to enable the model review of these areas.";

export interface ReviewOptions extends ReportOptions {
  provider?: string;
  model?: string;
  baseUrl?: string;
  areas?: Area[];
  maxCost?: number;
  concurrency: number;
  dryRun?: boolean;
  /** False with --no-cache. */
  cache: boolean;
}

function parseAreas(value: string): Area[] {
  const areas = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = areas.filter((area) => !(AREAS as readonly string[]).includes(area));
  if (areas.length === 0 || unknown.length > 0) {
    throw new CodeauditError(
      "USAGE",
      `--areas: unknown area ${unknown.length ? `"${unknown.join(", ")}"` : "list"}; choose from ${AREAS.join(", ")}`,
    );
  }
  return [...new Set(areas)] as Area[];
}

function parseCost(value: string): number {
  const cost = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(cost > 0)) {
    throw new CodeauditError("USAGE", `--max-cost: expected a positive number of US dollars, got "${value}"`);
  }
  return cost;
}

function parseConcurrency(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || count < 1 || count > 64) {
    throw new CodeauditError("USAGE", `--concurrency: expected a whole number from 1 to 64, got "${value}"`);
  }
  return count;
}

/** `codeaudit review <target>`: pre-scans plus one model review per area. */
export function registerReviewCommand(program: Command, context: CliContext): void {
  addReportOptions(
    program
      .command("review")
      .argument("<target>", "local folder or git URL")
      .description("full review: pre-scans plus one model review per area")
      .addOption(
        new Option("--provider <name>", "model provider (default: whichever key is set)").choices(PROVIDERS),
      )
      .option("--model <id>", "model id (default: claude-sonnet-5-5 or gpt-5.4)")
      .option("--base-url <url>", "OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter)")
      .option("--areas <list>", `comma-separated areas to review (default: all ${AREAS.length})`, parseAreas)
      .option("--max-cost <usd>", "stop making model calls before spending more than this", parseCost)
      .option("--concurrency <n>", "model calls in flight at once", parseConcurrency, DEFAULT_CONCURRENCY)
      .option("--dry-run", "print the review plan and its token and cost estimate; call no model")
      .option("--no-cache", "neither reuse nor store model answers ($CODEAUDIT_CACHE_DIR/reviews)"),
  ).action(async (target: string, options: ReviewOptions) => {
    const config = resolveProviderConfig(
      { provider: options.provider, model: options.model, baseUrl: options.baseUrl },
      context.env,
    );
    if (options.dryRun) await dryRun(target, options, config, context);
    else if (config.defaulted) await deterministicReview(target, options, context);
    else await modelReview(target, options, config, context);
  });
}

/** Plans the review and prints it with the estimate; makes no model call. */
async function dryRun(target: string, options: ReviewOptions, config: ProviderConfig, context: CliContext) {
  const snapshot = await ingest(target, { ref: options.ref, maxFileBytes: options.maxFileSize });
  const prescan = await runScanners(snapshot);
  const callSizing = await measureReviewCalls({
    snapshot,
    prescan,
    ...(options.areas ? { areas: options.areas } : {}),
    ...(options.maxFileSize ? { maxFileBytes: options.maxFileSize } : {}),
  });
  const plan = await buildReviewPlan(snapshot, prescan, {
    provider: config.provider,
    model: config.model,
    ...(options.areas ? { areas: options.areas } : {}),
    callSizing,
  });
  const notes: string[] = [];
  if (config.defaulted) {
    notes.push(
      `no model is configured, so this estimates the default ${config.model}; set ANTHROPIC_API_KEY or OPENAI_API_KEY, or pass --provider and --model`,
    );
  } else if (!config.ready && config.missing) {
    notes.push(`a real run would stop here: ${config.missing}`);
  }
  if (config.baseUrl) notes.push(`calls would go to ${config.baseUrl}`);
  notes.push(`calls would run ${options.concurrency} at a time`);
  if (options.maxCost !== undefined) {
    const within = plan.estimate.costUsd <= options.maxCost;
    notes.push(
      `--max-cost ${formatUsd(options.maxCost)}: the estimate is ${within ? "within" : "over"} it; a real run stops scheduling calls before the next one could pass it and keeps what is done`,
    );
  }
  const content =
    options.format === "json"
      ? `${JSON.stringify({ dryRun: true, notes, ...plan }, null, 2)}\n`
      : renderPlanText(plan, notes);
  await writeOutput(content, options.output, context);
  context.setExitCode(0);
}

/** The report without a model: every scanner, and the model areas marked as skipped. */
async function deterministicReview(target: string, options: ReviewOptions, context: CliContext) {
  context.stderr.write(
    `codeaudit: no LLM configured, writing the deterministic report; model review skipped for all ${AREAS.length} areas (set ANTHROPIC_API_KEY or OPENAI_API_KEY to enable it)\n`,
  );
  const { report } = await scanRepository(target, {
    ref: options.ref,
    maxFileBytes: options.maxFileSize,
    mode: "review",
    notReviewedReason: NO_MODEL_REASON,
  });
  await writeOutput(render(report, options.format), options.output, context);
  context.setExitCode(exitCodeFor(report, options.failOn));
}

/**
 * The model review. Ctrl-C aborts the calls in flight and still writes the report of what is done
 * (exit 3); a second Ctrl-C quits at once, as the listener is gone by then.
 */
async function modelReview(
  target: string,
  options: ReviewOptions,
  config: ProviderConfig,
  context: CliContext,
) {
  if (!config.ready) throw new CodeauditError("USAGE", `--provider ${config.provider}: ${config.missing}`);
  const runtime = createLlmRuntime(config, {
    concurrency: options.concurrency,
    ...(options.maxCost !== undefined ? { maxCostUsd: options.maxCost } : {}),
  });
  const controller = new AbortController();
  const onInterrupt = () => {
    context.stderr.write(
      "codeaudit: interrupted: stopping the model calls and writing what is done (press Ctrl-C again to quit at once)\n",
    );
    controller.abort(new CodeauditError("ABORTED", "interrupted by the user"));
  };
  process.once("SIGINT", onInterrupt);
  const progress = terminalProgress(context.stderr);
  try {
    const { report } = await reviewTarget(target, {
      ref: options.ref,
      maxFileBytes: options.maxFileSize,
      runtime,
      ...(options.areas ? { areas: options.areas } : {}),
      concurrency: options.concurrency,
      ...(options.cache ? { cache: new ReviewCache(defaultReviewCacheDir(context.env)) } : {}),
      signal: controller.signal,
      ...(progress
        ? { onProgress: progress, onStage: (stage: string) => context.stderr.write(`codeaudit: ${stage}\n`) }
        : {}),
    });
    await writeOutput(render(report, options.format), options.output, context);
    context.setExitCode(controller.signal.aborted ? EXIT.partial : exitCodeFor(report, options.failOn));
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
