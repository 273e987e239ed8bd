import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, test } from "vitest";
import { scannerToolName } from "../../src/mcp/tools/scanner-tool.js";
import { SCANNER_IDS } from "../../tools/registry.js";
import { builtCli } from "./built-cli.js";
import { auditFixture, OUTSIDE_SECRET, outsideFolder } from "./fixture.js";

let cli: string;
let repo: string;
let outside: { dir: string; file: string };

beforeAll(async () => {
  cli = await builtCli();
  outside = await outsideFolder();
  repo = await auditFixture(outside);
}, 300_000);

function environment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...getDefaultEnvironment(), ...extra };
  delete env.CODEAUDIT_MCP_TOKEN;
  return { ...env, ...extra };
}

describe("codeaudit mcp over stdio", () => {
  test("a real client lists and calls every tool on the built CLI", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, "mcp", "--root", repo],
      env: environment(),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(SCANNER_IDS.map(scannerToolName)));
    for (const id of SCANNER_IDS) {
      const result = await client.callTool({ name: scannerToolName(id), arguments: { path: "." } });
      expect(result.isError, `${id}: ${JSON.stringify(result.content)}`).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ scanner: id });
    }
    const summary = await client.callTool({ name: "scan_repository", arguments: {} });
    const handle = (summary.structuredContent as { handle: string }).handle;
    const page = await client.callTool({
      name: "get_report",
      arguments: { handle, format: "json", section: "findings", limit: 2 },
    });
    expect(page.structuredContent).toMatchObject({ handle, format: "json", range: { offset: 0, limit: 2 } });
    const read = await client.callTool({
      name: "read_file",
      arguments: { path: "src/server.ts", startLine: 3, endLine: 3 },
    });
    expect((read.structuredContent as { text: string }).text).toBe(
      "3\t// FIXME: retry when the upstream times out",
    );

    for (const path of ["../x", outside.file, "escape-link", "..%2fsecret.txt", "src/server.ts\u0000"]) {
      const refused = await client.callTool({ name: "read_file", arguments: { path } });
      expect(refused.isError, path).toBe(true);
      expect(JSON.stringify(refused.content)).not.toContain(OUTSIDE_SECRET);
    }
    await client.close();
    expect(stderr).toContain(`codeaudit mcp: serving over stdio; roots: `);
  });

  test("stdout carries only JSON-RPC; a malformed line gets a parse error and serving continues", async () => {
    const child = spawn(process.execPath, [cli, "mcp", "--root", repo], { env: environment() });
    const lines: string[] = [];
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const send = (message: unknown) =>
      child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send("{this is not json");
    send({ jsonrpc: "2.0", id: 2, method: "no/such/method" });
    send({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "read_file", arguments: { path: "/etc/passwd" } },
    });
    await waitFor(() => lines.length >= 4);
    child.stdin.end();
    expect(await exited).toBe(0);

    const messages = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(messages.find((message) => message.id === 1)?.result).toMatchObject({
      serverInfo: { name: "codeaudit" },
    });
    expect(messages.find((message) => message.id === undefined)).toMatchObject({ error: { code: -32700 } });
    expect(messages.find((message) => message.id === 2)).toMatchObject({ error: { code: -32601 } });
    expect(messages.find((message) => message.id === 3)).toMatchObject({ result: { isError: true } });
  });

  test("a missing root is a usage error", async () => {
    const child = spawn(process.execPath, [cli, "mcp", "--root", `${outside.dir}/missing`], {
      env: environment(),
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(`codeaudit: root folder not found: ${outside.dir}/missing\n`);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startHttp(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [cli, "mcp", "--http", "--port", "0", "--root", repo], {
    env: environment(env),
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, stderr: () => stderr };
}

describe("codeaudit mcp --http", () => {
  test("prints a generated token, serves a session, and shuts down gracefully on SIGTERM", async () => {
    const { child, stderr } = startHttp({});
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await waitFor(() => /bearer token .*: \S+\n/.test(stderr()) && stderr().includes("listening on"));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr())?.[1] ?? "";
    const token = /bearer token \(set CODEAUDIT_MCP_TOKEN to choose one\): (\S+)/.exec(stderr())?.[1] ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const unauthorized = await fetch(url, { method: "POST", body: "{}" });
    expect(unauthorized.status).toBe(401);

    const transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: "http-cli-test", version: "1.0.0" });
    await client.connect(transport);
    const result = await client.callTool({ name: "scan_markers", arguments: {} });
    expect(result.structuredContent).toMatchObject({ scanner: "markers" });

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr()).toContain("codeaudit mcp: SIGTERM received, closing 1 session(s)");
    await client.close().catch(() => undefined);
  });

  test("takes the token from CODEAUDIT_MCP_TOKEN", async () => {
    const { child, stderr } = startHttp({ CODEAUDIT_MCP_TOKEN: "from-the-environment-123456" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await waitFor(() => stderr().includes("bearer token taken from CODEAUDIT_MCP_TOKEN"));
    const url = /listening on (\S+);/.exec(stderr())?.[1] ?? "";
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const ok = await fetch(url, {
      method: "POST",
      body,
      headers: { ...headers, authorization: "Bearer from-the-environment-123456" },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("mcp-session-id")).toBeTruthy();
    await ok.body?.cancel();
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
