import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CodeauditError, errorMessage } from "../errors.js";

/** A tool failure the agent can read: one line, the error code when there is one, and `isError`. */
export function toolError(error: unknown): CallToolResult {
  const code = error instanceof CodeauditError ? `${error.code}: ` : "";
  return { isError: true, content: [{ type: "text", text: `${code}${errorMessage(error)}` }] };
}

/** A successful result: the structured value, with `text` (or the value as JSON) for clients without structured output. */
export function toolSuccess(structured: Record<string, unknown>, text?: string): CallToolResult {
  return {
    structuredContent: structured,
    content: [{ type: "text", text: text ?? JSON.stringify(structured, null, 2) }],
  };
}

/** Runs a tool body and turns any thrown error into an `isError` result, so the server keeps serving. */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(error);
  }
}

/** Tool annotations shared by every codeaudit tool: nothing is written and nothing outside the roots is read. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
