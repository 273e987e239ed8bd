import { type Command, Option } from "commander";
import { SEVERITIES, type Severity } from "../../../schemas/index.js";
import { CodeauditError } from "../../errors.js";
import { DEFAULT_MAX_FILE_BYTES } from "../../ingest/ingest.js";
import { FORMATS, type Format } from "../../render/render.js";

/** What a command needs from the process, replaceable in tests. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
}

export interface ReportOptions {
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

/** The options every report-writing command shares. */
export function addReportOptions(command: Command): Command {
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
