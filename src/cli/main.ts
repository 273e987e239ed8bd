import { Command, CommanderError, Option } from "commander";
import { SEVERITIES, type Severity } from "../../schemas/index.js";
import { scanRepository } from "../audit/scan.js";
import { CodeauditError, errorMessage, isInputError } from "../errors.js";
import { DEFAULT_MAX_FILE_BYTES } from "../ingest/ingest.js";
import { FORMATS, type Format, render } from "../render/render.js";
import { toolVersion } from "../util/package-root.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { writeOutput } from "./output.js";

interface CommonOptions {
  format: Format;
  output?: string;
  ref?: string;
  maxFileSize: number;
  failOn?: Severity;
  verbose?: boolean;
}

function parseSize(value: string): number {
  const match = /^(\d+)(k|kb|m|mb)?$/i.exec(value.trim());
  if (!match)
    throw new CodeauditError(
      "USAGE",
      `--max-file-size: expected a number of bytes, or with k/m, got "${value}"`,
    );
  const unit = (match[2] ?? "").toLowerCase();
  return Number(match[1]) * (unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1);
}

function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option("-f, --format <format>", "report format").choices(FORMATS).default("md"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--ref <ref>", "branch, tag or commit to audit (git URLs and local git repositories)")
    .option(
      "--max-file-size <bytes>",
      "skip files larger than this (accepts k and m suffixes)",
      parseSize,
      DEFAULT_MAX_FILE_BYTES,
    )
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when an open finding is at or above this severity").choices(
        SEVERITIES,
      ),
    )
    .option("--verbose", "print stack traces for unexpected errors");
}

/** Builds the codeaudit command line; `run` executes it and returns the exit code. */
export function buildProgram(stderr: NodeJS.WritableStream, setExitCode: (code: number) => void): Command {
  const program = new Command("codeaudit")
    .description("Audit a whole repository for production readiness; every file:line is verified.")
    .version(toolVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeErr: (text) =>
        stderr.write(
          text.startsWith("error:") ? `codeaudit: ${text.slice("error:".length).trimStart()}` : text,
        ),
      outputError: (text, write) => write(`${text.split("\n")[0]}\n`),
    })
    .showSuggestionAfterError(true);

  addCommonOptions(
    program
      .command("scan")
      .argument("<target>", "local folder or git URL")
      .description("run the deterministic pre-scans and write the report"),
  ).action(async (target: string, options: CommonOptions) => {
    const { report } = await scanRepository(target, { ref: options.ref, maxFileBytes: options.maxFileSize });
    await writeOutput(render(report, options.format), options.output, stderr);
    setExitCode(exitCodeFor(report, options.failOn));
  });

  addCommonOptions(
    program
      .command("review")
      .argument("<target>", "local folder or git URL")
      .description("full review: pre-scans plus one model review per area"),
  ).action(async (target: string, options: CommonOptions) => {
    const reason =
      "No LLM is configured: set ANTHROPIC_API_KEY or OPENAI_API_KEY to enable the model review of these areas.";
    stderr.write(
      `codeaudit: no LLM configured; writing the deterministic report. Skipped model areas: all 11. ${reason.slice(reason.indexOf("set "))}\n`,
    );
    const { report } = await scanRepository(target, {
      ref: options.ref,
      maxFileBytes: options.maxFileSize,
      mode: "review",
      notReviewedReason: reason,
    });
    await writeOutput(render(report, options.format), options.output, stderr);
    setExitCode(exitCodeFor(report, options.failOn));
  });

  return program;
}

/** Runs the CLI and returns the exit code; errors become one line on stderr. */
export async function run(argv: string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(stderr, (code) => {
    exitCode = code;
  });
  const verbose = argv.includes("--verbose");
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (isInputError(error)) {
      stderr.write(`codeaudit: ${errorMessage(error)}\n`);
      return EXIT.usage;
    }
    stderr.write(
      `codeaudit: internal error: ${errorMessage(error)}${verbose ? "" : " (run with --verbose for details)"}\n`,
    );
    if (verbose && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}
