/** Error codes a surface maps to exit codes or `isError` results. */
export type ErrorCode =
  | "USAGE"
  | "TARGET_NOT_FOUND"
  | "TARGET_NOT_DIRECTORY"
  | "TARGET_EMPTY"
  | "CLONE_FAILED"
  | "PATH_OUTSIDE_ROOT"
  | "CONFIG_INVALID"
  | "LLM_AUTH"
  | "LLM_UNAVAILABLE"
  | "LLM_OUTPUT_INVALID"
  | "LLM_REFUSED"
  | "LLM_TRUNCATED"
  | "BUDGET_EXCEEDED"
  | "ABORTED"
  | "INTERNAL";

/** An expected failure with a stable code and a message meant for one line of a terminal. */
export class CodeauditError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodeauditError";
    this.code = code;
    this.details = options?.details;
  }
}

/** True for errors that describe bad input from the user (exit code 2). */
export function isInputError(error: unknown): boolean {
  return (
    error instanceof CodeauditError &&
    [
      "USAGE",
      "TARGET_NOT_FOUND",
      "TARGET_NOT_DIRECTORY",
      "TARGET_EMPTY",
      "CLONE_FAILED",
      "CONFIG_INVALID",
      "PATH_OUTSIDE_ROOT",
      "LLM_AUTH",
    ].includes(error.code)
  );
}

/** One readable line for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
