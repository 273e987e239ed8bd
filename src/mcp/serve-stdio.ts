import type { Readable, Writable } from "node:stream";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors.js";

export interface StdioOptions {
  stdin: Readable;
  stdout: Writable;
  /** Diagnostics go here (stderr): stdout carries only protocol messages. */
  log: (line: string) => void;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  stop?: Promise<unknown>;
}

/** The JSON-RPC error for a line that is not JSON (-32700) or not a JSON-RPC message (-32600). */
function malformedResponse(error: Error): JSONRPCMessage | undefined {
  if (error instanceof SyntaxError)
    return { jsonrpc: "2.0", error: { code: -32700, message: `Parse error: ${errorMessage(error)}` } };
  if (error.name === "ZodError")
    return {
      jsonrpc: "2.0",
      error: { code: -32600, message: "Invalid Request: not a JSON-RPC 2.0 message" },
    };
  return undefined;
}

/**
 * Serves MCP over stdin/stdout until stdin ends, the transport closes or `stop` resolves. A malformed
 * line gets a JSON-RPC error response and the server keeps reading.
 */
export async function serveStdio(server: McpServer, options: StdioOptions): Promise<void> {
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  transport.onclose = () => finish();
  await server.connect(transport);
  const protocolOnError = transport.onerror;
  transport.onerror = (error) => {
    const response = malformedResponse(error);
    if (response) void transport.send(response).catch(() => undefined);
    else options.log(`codeaudit mcp: ${errorMessage(error)}`);
    protocolOnError?.(error);
  };
  options.stdin.once("end", finish);
  options.stdin.once("close", finish);
  await Promise.race([done, options.stop ?? new Promise<never>(() => undefined)]);
  options.stdin.off("end", finish);
  options.stdin.off("close", finish);
  await server.close().catch(() => undefined);
}
