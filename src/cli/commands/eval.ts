import { readFile } from "node:fs/promises";
import { type Command, InvalidArgumentError, Option } from "commander";
import { EvalResult } from "../../../schemas/index.js";
import { CodeauditError } from "../../errors.js";
import {
  compareWithBaseline,
  DEFAULT_BASELINE_TOLERANCE,
  renderComparison,
} from "../../eval/compare-baseline.js";
import { formatFieldPath } from "../../eval/load-suite.js";
import { renderEvalTable } from "../../eval/render-eval-table.js";
import { availableReviewer, type Reviewer } from "../../eval/reviewer.js";
import { defaultEvalDeps, type EvalDeps, type FullReviewRequest, runEval } from "../../eval/run-eval.js";
import { EXIT } from "../exit-codes.js";
import { writeOutput } from "../output.js";
import type { CliContext } from "./common.js";

interface EvalOptions {
  replay?: string;
  record?: string;
  baseline?: string;
  output?: string;
  runs: number;
  tolerance: number;
  cacheDir?: string;
  verbose?: boolean;
}

export interface EvalCommandDeps extends Partial<EvalDeps> {
  /** The full-review function; tests replace it, and without one the full review is not run. */
  reviewer?: Reviewer;
}

const MODEL_KEYS = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"] as const;

/** `codeaudit eval [suite-dir]`: score the review on suites of known repositories. */
export function registerEvalCommand(
  program: Command,
  context: CliContext,
  deps: EvalCommandDeps = { reviewer: availableReviewer(context.env) },
): void {
  program
    .command("eval")
    .argument("[suite-dir]", "a suite folder or suite.yaml, or a folder of suites", "evals")
    .description("score the review on eval suites: precision, recall, F1 per area, facts, stability")
    .addOption(
      new Option("--replay <dir>", "replay recorded model responses from this folder").conflicts("record"),
    )
    .option("--record <dir>", "call the model and record its responses into this folder")
    .option("--baseline <file>", "compare with an earlier --output result; exit 1 on a regression")
    .option("-o, --output <file>", "write the JSON result to this file")
    .option("--runs <n>", "reviews per case, for run-to-run stability", parseRuns, 1)
    .option(
      "--tolerance <x>",
      "how far precision, recall or F1 may drop below the baseline",
      parseTolerance,
      DEFAULT_BASELINE_TOLERANCE,
    )
    .option("--cache-dir <dir>", "where git cases are cloned")
    .option("--verbose", "print stack traces for unexpected errors")
    .action(async (target: string, options: EvalOptions) => {
      const wantsModel = options.replay ?? options.record;
      if (wantsModel !== undefined && !deps.reviewer) {
        context.stderr.write(
          `codeaudit: ${options.replay ? "--replay" : "--record"} needs the model review, which is not available yet; run without it to score the deterministic layer\n`,
        );
        context.setExitCode(EXIT.usage);
        return;
      }
      const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;
      const fullReview = fullReviewRequest(options, context.env, deps.reviewer);
      const result = await runEval(
        {
          target,
          runs: options.runs,
          fullReview,
          ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
        },
        {
          ...defaultEvalDeps,
          ...deps,
          progress: deps.progress ?? ((line) => context.stderr.write(`codeaudit: ${line}\n`)),
        },
      );
      let markdown = renderEvalTable(result);
      // As for reviews: a case that could not be reviewed makes the result partial (3), before regressions (1).
      const failed = [result.summary.deterministic, result.summary.full].some(
        (layer) => layer.status === "scored" && layer.failedCases > 0,
      );
      let exitCode: number = failed ? EXIT.partial : EXIT.ok;
      if (baseline && options.baseline) {
        const comparison = compareWithBaseline(result, baseline, options.tolerance);
        markdown += `\n${renderComparison(comparison, options.baseline, options.tolerance)}`;
        if (comparison.regressions.length > 0 && !failed) exitCode = EXIT.findings;
      }
      context.stdout.write(markdown);
      if (options.output) await writeOutput(`${JSON.stringify(result, null, 2)}\n`, options.output, context);
      context.setExitCode(exitCode);
    });
}

function fullReviewRequest(
  options: EvalOptions,
  env: NodeJS.ProcessEnv,
  reviewer: Reviewer | undefined,
): FullReviewRequest {
  if (options.replay) return { mode: "replay", replayDir: options.replay };
  if (options.record) return { mode: "record", recordDir: options.record };
  const hasKey = MODEL_KEYS.some((name) => Boolean(env[name]));
  if (!hasKey) return { mode: "off", reason: "no model configured" };
  if (!reviewer) return { mode: "off", reason: "the model review is not available yet" };
  return { mode: "live" };
}

async function readBaseline(file: string): Promise<EvalResult> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "not valid JSON";
    throw new CodeauditError("USAGE", `--baseline ${file}: ${reason}`);
  }
  const parsed = EvalResult.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodeauditError(
      "CONFIG_INVALID",
      `--baseline ${file}: not a codeaudit eval result (${issue ? `${formatFieldPath(issue.path) || "top level"}: ${issue.message}` : "invalid"})`,
    );
  }
  return parsed.data;
}

function parseRuns(value: string): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100)
    throw new InvalidArgumentError("expected a whole number from 1 to 100");
  return runs;
}

function parseTolerance(value: string): number {
  const tolerance = Number(value);
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 1)
    throw new InvalidArgumentError("expected a number from 0 to 1");
  return tolerance;
}
