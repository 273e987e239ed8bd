import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../../errors.js";
import { readBody } from "./read-body.js";
import { hasBearerToken, type OriginPolicy, refuseHost, refuseOrigin } from "./request-guards.js";

export const MCP_PATH = "/mcp";
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServerOptions extends Partial<OriginPolicy> {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** A fresh MCP server for each session (they may share a store and caches). */
  createServer: () => McpServer;
  maxBodyBytes?: number;
  maxSessions?: number;
  /** A session without requests for this long is closed (30 minutes by default). */
  sessionIdleMs?: number;
  log?: (line: string) => void;
}

export interface RunningHttpServer {
  /** The endpoint, e.g. http://127.0.0.1:8765/mcp. */
  readonly url: string;
  readonly port: number;
  sessionCount(): number;
  /** Closes every session, stops listening and drops open connections. */
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

function sendError(response: ServerResponse, status: number, code: number, message: string): void {
  if (response.headersSent) return;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="codeaudit"';
  response
    .writeHead(status, headers)
    .end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

function allowCors(response: ServerResponse, origin: string): void {
  response.setHeader("access-control-allow-origin", origin);
  response.setHeader("vary", "Origin");
  response.setHeader("access-control-allow-methods", "POST, GET, DELETE, OPTIONS");
  response.setHeader(
    "access-control-allow-headers",
    "authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id",
  );
  response.setHeader(
    "access-control-expose-headers",
    "mcp-session-id, mcp-protocol-version, www-authenticate",
  );
}

function isInitialize(body: unknown): boolean {
  return Array.isArray(body)
    ? body.some((message) => isInitializeRequest(message))
    : isInitializeRequest(body);
}

/**
 * Serves MCP over Streamable HTTP on one path with sessions (one transport and one server each).
 * Every request must name a loopback (or allowed) Host, come from no Origin or an allowed one, and
 * carry the bearer token; bodies over the limit get 413.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const sessions = new Map<string, Session>();
  const policy: OriginPolicy = {
    allowedHosts: [...(options.allowedHosts ?? []), ...(isWildcard(options.host) ? [] : [options.host])],
    allowedOrigins: options.allowedOrigins ?? [],
  };
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxSessions = options.maxSessions ?? 64;
  const log = options.log ?? (() => undefined);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = refuseHost(request, policy) ?? refuseOrigin(request, policy);
    if (refusal) return sendError(response, 403, -32000, `Forbidden: ${refusal}`);
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (pathname !== MCP_PATH)
      return sendError(response, 404, -32000, `Not found: the endpoint is ${MCP_PATH}`);
    // Browser clients on an allowed origin (MCP Inspector in direct mode) need CORS; a preflight carries no token.
    if (request.headers.origin !== undefined) allowCors(response, request.headers.origin);
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    if (!hasBearerToken(request, options.token))
      return sendError(response, 401, -32000, "Unauthorized: send Authorization: Bearer <token>");
    const method = request.method ?? "GET";
    if (!["POST", "GET", "DELETE"].includes(method)) {
      response.setHeader("allow", "POST, GET, DELETE");
      return sendError(response, 405, -32000, `Method ${method} not allowed`);
    }
    let body: unknown;
    if (method === "POST") {
      const read = await readBody(request, maxBody);
      if (read.kind === "too-large")
        return sendError(response, 413, -32000, `Request body larger than ${maxBody} bytes`);
      try {
        body = JSON.parse(read.text);
      } catch (error) {
        return sendError(response, 400, -32700, `Parse error: ${errorMessage(error)}`);
      }
    }
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return sendError(response, 404, -32001, "Session not found; initialize a new one");
      session.lastSeen = Date.now();
      return session.transport.handleRequest(request, response, body);
    }
    if (method !== "POST" || !isInitialize(body))
      return sendError(response, 400, -32000, "Bad Request: no session; send an initialize request first");
    if (sessions.size >= maxSessions)
      return sendError(response, 503, -32000, `Too many sessions (${maxSessions}); close one first`);
    const server = options.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now() });
        log(`codeaudit mcp: session ${id} opened`);
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id && sessions.delete(id)) log(`codeaudit mcp: session ${id} closed`);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
    // An initialize the transport refused (bad headers, bad version) leaves no session behind.
    if (!transport.sessionId || !sessions.has(transport.sessionId))
      await server.close().catch(() => undefined);
  }

  const http: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`codeaudit mcp: request failed: ${errorMessage(error)}`);
      sendError(response, 500, -32603, "Internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sweeper = setInterval(
    () => {
      for (const [id, session] of sessions) {
        if (Date.now() - session.lastSeen < idleMs) continue;
        sessions.delete(id);
        log(`codeaudit mcp: session ${id} closed after ${Math.round(idleMs / 1000)} s idle`);
        void session.server.close().catch(() => undefined);
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();
  const port = (http.address() as AddressInfo).port;
  const urlHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${urlHost}:${port}${MCP_PATH}`,
    port,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweeper);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((session) => session.server.close().catch(() => undefined)));
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "";
}
