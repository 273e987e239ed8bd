import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { toolVersion } from "../util/package-root.js";

/**
 * Connects a real MCP client to a server in the same process over a linked in-memory transport; the
 * review agent reaches the read-only tools this way, and tests drive the server through it. Closing
 * the client closes the server's side too.
 */
export async function connectInProcessClient(
  server: McpServer,
  name = "codeaudit-in-process",
): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name, version: toolVersion() });
  await client.connect(clientTransport);
  return client;
}
