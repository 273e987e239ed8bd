import type { Command } from "commander";
import { scanRepository } from "../../audit/scan.js";
import { render } from "../../render/render.js";
import { exitCodeFor } from "../exit-codes.js";
import { writeOutput } from "../output.js";
import { addReportOptions, type CliContext, type ReportOptions } from "./common.js";

/** `codeaudit scan <target>`: the deterministic pre-scans only. */
export function registerScanCommand(program: Command, context: CliContext): void {
  addReportOptions(
    program
      .command("scan")
      .argument("<target>", "local folder or git URL")
      .description("run the deterministic pre-scans and write the report"),
  ).action(async (target: string, options: ReportOptions) => {
    const { report } = await scanRepository(target, { ref: options.ref, maxFileBytes: options.maxFileSize });
    await writeOutput(render(report, options.format), options.output, context);
    context.setExitCode(exitCodeFor(report, options.failOn));
  });
}
