import { Command, CommanderError } from "commander";
import { errorMessage, isInputError } from "../errors.js";
import { toolVersion } from "../util/package-root.js";
import type { CliContext } from "./commands/common.js";
import { registerEvalCommand } from "./commands/eval.js";
import { registerMcpCommand } from "./commands/mcp.js";
import { registerReviewCommand } from "./commands/review.js";
import { registerScanCommand } from "./commands/scan.js";
import { EXIT } from "./exit-codes.js";

/** Builds the codeaudit command line with every command registered. */
export function buildProgram(context: CliContext): Command {
  const program = new Command("codeaudit")
    .description("Audit a whole repository for production readiness; every file:line is verified.")
    .version(toolVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) =>
        context.stderr.write(
          text.startsWith("error:") ? `codeaudit: ${text.slice("error:".length).trimStart()}` : text,
        ),
      outputError: (text, write) => write(`${text.split("\n")[0]}\n`),
    })
    .showSuggestionAfterError(true);
  registerScanCommand(program, context);
  registerReviewCommand(program, context);
  registerEvalCommand(program, context);
  registerMcpCommand(program, context);
  return program;
}

/** Runs the CLI and returns the exit code; every error becomes one line on stderr (stack only with --verbose). */
export async function run(
  argv: string[],
  io: Partial<Omit<CliContext, "setExitCode">> = {},
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const context: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(context);
  const verbose = argv.includes("--verbose");
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)
        ? EXIT.ok
        : EXIT.usage;
    }
    if (isInputError(error)) {
      context.stderr.write(`codeaudit: ${errorMessage(error)}\n`);
      return EXIT.usage;
    }
    context.stderr.write(
      `codeaudit: internal error: ${errorMessage(error)}${verbose ? "" : " (run with --verbose for details)"}\n`,
    );
    if (verbose && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}
