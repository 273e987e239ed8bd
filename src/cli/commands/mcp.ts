import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CodeauditError } from "../../errors.js";
import { buildServer } from "../../mcp/build-server.js";
import { startHttpServer } from "../../mcp/http/http-server.js";
import { reviewerFromEnvironment } from "../../mcp/model-reviewer.js";
import { ReportStore } from "../../mcp/report-store.js";
import { resolveRoots } from "../../mcp/roots.js";
import { serveStdio } from "../../mcp/serve-stdio.js";
import { SnapshotCache } from "../../mcp/snapshot-cache.js";
import type { CliContext } from "./common.js";

export const DEFAULT_MCP_PORT = 8765;

interface McpOptions {
  http?: boolean;
  host: string;
  port: number;
  root?: string[];
  allowHost?: string[];
  allowOrigin?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new CodeauditError("USAGE", `--port: expected a port number 0-65535, got "${value}"`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` removes the listeners. */
function stopSignal(): { stopped: Promise<string>; dispose: () => void } {
  let onSignal: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    onSignal = resolve;
  });
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    stopped,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** `codeaudit mcp`: serves the audit as MCP tools over stdio, or Streamable HTTP with --http. */
export function registerMcpCommand(program: Command, context: CliContext): void {
  program
    .command("mcp")
    .description("serve the scanners, scan, review and reports as MCP tools (stdio, or Streamable HTTP)")
    .option("--http", "serve Streamable HTTP instead of stdio")
    .option("--host <host>", "address to listen on with --http", "127.0.0.1")
    .option(
      "--port <port>",
      "port to listen on with --http (0 picks a free one)",
      parsePort,
      DEFAULT_MCP_PORT,
    )
    .option(
      "--root <dir>",
      "folder the server may read (repeatable; default: the working directory)",
      collect,
    )
    .option("--allow-host <host>", "extra Host name accepted with --http (repeatable)", collect)
    .option("--allow-origin <origin>", "extra browser Origin accepted with --http (repeatable)", collect)
    .action(async (options: McpOptions) => {
      const log = (line: string) => context.stderr.write(`${line}\n`);
      const folders = options.root ?? [process.cwd()];
      const roots = resolveRoots(folders);
      for (const root of roots)
        if (root.real === path.parse(root.real).root || root.real === os.homedir())
          log(
            `codeaudit mcp: warning: root ${root.real} exposes every file under it; pass --root <repository>`,
          );
      const shared = {
        store: new ReportStore(),
        snapshots: new SnapshotCache(),
        reviewer: reviewerFromEnvironment(context.env),
      };
      const create = () => buildServer({ roots: roots.map((root) => root.real), ...shared });
      const signal = stopSignal();
      try {
        if (!options.http) {
          log(`codeaudit mcp: serving over stdio; roots: ${roots.map((root) => root.real).join(", ")}`);
          await serveStdio(create(), {
            stdin: process.stdin,
            stdout: process.stdout,
            log,
            stop: signal.stopped,
          });
          process.stdin.pause();
          return;
        }
        const fromEnvironment = context.env.CODEAUDIT_MCP_TOKEN?.trim();
        const token = fromEnvironment || randomBytes(24).toString("base64url");
        const running = await startHttpServer({
          host: options.host,
          port: options.port,
          token,
          allowedHosts: options.allowHost ?? [],
          allowedOrigins: options.allowOrigin ?? [],
          createServer: create,
          log,
        });
        log(
          `codeaudit mcp: listening on ${running.url}; roots: ${roots.map((root) => root.real).join(", ")}`,
        );
        if (fromEnvironment) log("codeaudit mcp: bearer token taken from CODEAUDIT_MCP_TOKEN");
        else log(`codeaudit mcp: bearer token (set CODEAUDIT_MCP_TOKEN to choose one): ${token}`);
        if (!["127.0.0.1", "localhost", "::1"].includes(options.host))
          log(`codeaudit mcp: warning: listening on ${options.host}, not only on loopback`);
        const name = await signal.stopped;
        log(`codeaudit mcp: ${name} received, closing ${running.sessionCount()} session(s)`);
        await running.close();
      } finally {
        signal.dispose();
      }
    });
}
