import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildServer } from "../../../src/mcp/build-server.js";
import { type RunningHttpServer, startHttpServer } from "../../../src/mcp/http/http-server.js";
import { ReportStore } from "../../../src/mcp/report-store.js";
import { SnapshotCache } from "../../../src/mcp/snapshot-cache.js";
import { auditFixture, outsideFolder } from "../fixture.js";

const TOKEN = "test-token-0123456789abcdef";
let running: RunningHttpServer;

beforeAll(async () => {
  const repo = await auditFixture(await outsideFolder());
  const shared = { store: new ReportStore(), snapshots: new SnapshotCache() };
  running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    allowedOrigins: ["https://inspector.example"],
    createServer: () => buildServer({ roots: [repo], ...shared }),
  });
});

afterAll(async () => {
  await running.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so headers such as Host can be forged the way a rebinding page would. */
function raw(options: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: running.port,
        method: options.method ?? "POST",
        path: options.path ?? "/mcp",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
});
const auth = { authorization: `Bearer ${TOKEN}` };

function errorOf(response: RawResponse): { code: number; message: string } {
  return (JSON.parse(response.body) as { error: { code: number; message: string } }).error;
}

function connect(token = TOKEN): { client: Client; transport: StreamableHTTPClientTransport } {
  const transport = new StreamableHTTPClientTransport(new URL(running.url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  return { client: new Client({ name: "http-test", version: "1.0.0" }), transport };
}

describe("Streamable HTTP guards", () => {
  test("listens on loopback at /mcp", () => {
    expect(running.url).toBe(`http://127.0.0.1:${running.port}/mcp`);
  });

  test("401 without a token or with a wrong one", async () => {
    const none = await raw({ body: initialize });
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="codeaudit"');
    expect(errorOf(none)).toEqual({
      code: -32000,
      message: "Unauthorized: send Authorization: Bearer <token>",
    });
    expect((await raw({ body: initialize, headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await raw({ body: initialize, headers: { authorization: TOKEN } })).status).toBe(401);
  });

  test("403 for a Host that is not loopback (DNS rebinding), even with the token", async () => {
    const response = await raw({
      body: initialize,
      headers: { ...auth, host: `evil.example:${running.port}` },
    });
    expect(response.status).toBe(403);
    expect(errorOf(response).message).toBe(
      `Forbidden: Host "evil.example:${running.port}" is not allowed (DNS rebinding protection; add it with --allow-host)`,
    );
    const localhost = await raw({
      body: initialize,
      headers: { ...auth, host: `localhost:${running.port}` },
    });
    expect(localhost.status).toBe(200);
  });

  test("403 for a browser Origin that is not loopback or allowed", async () => {
    const response = await raw({ body: initialize, headers: { ...auth, origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(errorOf(response).message).toBe(
      'Forbidden: Origin "https://evil.example" is not allowed (add it with --allow-origin)',
    );
    expect((await raw({ body: initialize, headers: { ...auth, origin: "null" } })).status).toBe(403);
    expect(
      (await raw({ body: initialize, headers: { ...auth, origin: "http://localhost:6274" } })).status,
    ).toBe(200);
    expect(
      (await raw({ body: initialize, headers: { ...auth, origin: "https://inspector.example" } })).status,
    ).toBe(200);
  });

  test("answers CORS preflights from allowed origins only", async () => {
    const preflight = await raw({ method: "OPTIONS", headers: { origin: "http://localhost:6274" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:6274");
    expect(preflight.headers["access-control-allow-headers"]).toContain("authorization");
    const evil = await raw({ method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const call = await raw({ body: initialize, headers: { ...auth, origin: "http://127.0.0.1:6274" } });
    expect(call.status).toBe(200);
    expect(call.headers["access-control-allow-origin"]).toBe("http://127.0.0.1:6274");
    expect(call.headers["access-control-expose-headers"]).toContain("mcp-session-id");
  });

  test("413 for a body over 1 MiB, 400 for a body that is not JSON", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(1024 * 1024) },
    });
    const tooLarge = await raw({ body: big, headers: auth });
    expect(tooLarge.status).toBe(413);
    expect(errorOf(tooLarge)).toEqual({ code: -32000, message: "Request body larger than 1048576 bytes" });
    const garbage = await raw({ body: "{not json", headers: auth });
    expect(garbage.status).toBe(400);
    expect(errorOf(garbage).code).toBe(-32700);
  });

  test("requests without a session or with an unknown one are refused", async () => {
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect((await raw({ body: ping, headers: auth })).status).toBe(400);
    const unknown = await raw({ body: ping, headers: { ...auth, "mcp-session-id": "nope" } });
    expect(unknown.status).toBe(404);
    expect((await raw({ path: "/other", body: ping, headers: auth })).status).toBe(404);
    expect((await raw({ method: "PUT", body: ping, headers: auth })).status).toBe(405);
  });
});

describe("Streamable HTTP sessions", () => {
  test("a session works end to end and DELETE ends it", async () => {
    const before = running.sessionCount();
    const { client, transport } = connect();
    await client.connect(transport);
    const sessionId = transport.sessionId;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(running.sessionCount()).toBe(before + 1);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("scan_repository");
    const markers = await client.callTool({ name: "scan_markers", arguments: {} });
    expect(markers.structuredContent).toMatchObject({
      scanner: "markers",
      facts: { total: { production: 2, test: 1 } },
    });
    const summary = await client.callTool({ name: "scan_repository", arguments: {} });
    const handle = (summary.structuredContent as { handle: string }).handle;
    const resource = await client.readResource({ uri: `codeaudit://reports/${handle}` });
    expect(resource.contents[0]?.mimeType).toBe("application/json");

    await transport.terminateSession();
    expect(running.sessionCount()).toBe(before);
    const stale = await raw({
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }),
      headers: { ...auth, "mcp-session-id": String(sessionId) },
    });
    expect(stale.status).toBe(404);
    await client.close();
  });

  test("a client with the wrong token cannot connect", async () => {
    const { client, transport } = connect("wrong-token");
    await expect(client.connect(transport)).rejects.toThrow();
  });

  test("several sessions call tools concurrently", async () => {
    const sessions = [connect(), connect(), connect()];
    await Promise.all(sessions.map(({ client, transport }) => client.connect(transport)));
    const results = await Promise.all(
      sessions.flatMap(({ client }) => [
        client.callTool({ name: "grep", arguments: { pattern: "FIXME" } }),
        client.callTool({
          name: "read_file",
          arguments: { path: "src/server.ts", startLine: 3, endLine: 3 },
        }),
      ]),
    );
    expect(results.every((result) => !result.isError)).toBe(true);
    expect(results.filter((result) => (result.structuredContent as { text?: string }).text)).toHaveLength(3);
    await Promise.all(sessions.map(({ transport }) => transport.terminateSession()));
    await Promise.all(sessions.map(({ client }) => client.close()));
  });
});
