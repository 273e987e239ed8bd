import type { Command } from "commander";
import { scanRepository } from "../../audit/scan.js";
import { render } from "../../render/render.js";
import { exitCodeFor } from "../exit-codes.js";
import { writeOutput } from "../output.js";
import { addReportOptions, type CliContext, type ReportOptions } from "./common.js";

const NO_MODEL_REASON =
  "No LLM is configured: set ANTHROPIC_API_KEY or OPENAI_API_KEY to enable the model review of these areas.";

/** `codeaudit review <target>`: pre-scans plus one model review per area. */
export function registerReviewCommand(program: Command, context: CliContext): void {
  addReportOptions(
    program
      .command("review")
      .argument("<target>", "local folder or git URL")
      .description("full review: pre-scans plus one model review per area"),
  ).action(async (target: string, options: ReportOptions) => {
    context.stderr.write(
      "codeaudit: no LLM configured, writing the deterministic report; model review skipped for all 11 areas (set ANTHROPIC_API_KEY or OPENAI_API_KEY to enable it)\n",
    );
    const { report } = await scanRepository(target, {
      ref: options.ref,
      maxFileBytes: options.maxFileSize,
      mode: "review",
      notReviewedReason: NO_MODEL_REASON,
    });
    await writeOutput(render(report, options.format), options.output, context);
    context.setExitCode(exitCodeFor(report, options.failOn));
  });
}
