import { errorMessage } from "../errors.js";
import { LlmCallError } from "../llm/llm-error.js";

/** A 400 that names tools or function calling: the server cannot take tool definitions at all. */
const TOOLS_REJECTED = /\btools?\b|tool_choice|function.?call/i;

/**
 * Whether the model's server accepts tool definitions, shared by every batch of a run. Some
 * OpenAI-compatible servers answer any request that carries `tools` with a 400; the first such
 * answer turns tools off for the rest of the run (the review goes on from the chunks alone) and
 * leaves a warning for the report.
 */
export class ToolSupport {
  #rejection: string | undefined;

  get enabled(): boolean {
    return this.#rejection === undefined;
  }

  /** The report's warning once tools were turned off. */
  get warning(): string | undefined {
    return this.#rejection === undefined
      ? undefined
      : `the model server rejected tool definitions (${this.#rejection}); the review ran without tools, from the code in the prompts alone`;
  }

  /** True, and tools are off from now on, when `error` is a server refusing tool definitions. */
  refuses(error: unknown): boolean {
    const refused =
      error instanceof LlmCallError &&
      error.kind === "bad_request" &&
      (error.status === 400 || error.status === 422) &&
      TOOLS_REJECTED.test(error.message);
    if (refused) this.#rejection ??= errorMessage(error);
    return refused;
  }
}
