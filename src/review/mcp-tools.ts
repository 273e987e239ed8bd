import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Area } from "../../schemas/index.js";
import { SCANNER_IDS, scanners } from "../../tools/registry.js";
import { errorMessage } from "../errors.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import { canonicalJson } from "../llm/request-hash.js";
import type { JsonSchema, ToolCall, ToolDefinition, ToolResultBlock } from "../llm/types.js";
import { buildServer } from "../mcp/build-server.js";
import { connectInProcessClient } from "../mcp/in-process-client.js";
import { SnapshotCache } from "../mcp/snapshot-cache.js";
import { scannerToolName } from "../mcp/tools/scanner-tool.js";
import type { Redactor } from "../redact/redactor.js";
import { fenceData } from "./prompt-fence.js";

/** The read-only tools the review agent may call, reached through a real MCP client. */
export interface AgentToolbox {
  /** The MCP tools as model tool definitions: the same names, descriptions and input schemas agents get. */
  readonly definitions: ToolDefinition[];
  /**
   * The tools one area's agent is offered: the file tools plus the scanners that speak for the area
   * (the others' definitions cost some 150 tokens each per call and their findings are not its topic).
   */
  definitionsFor(area: Area): ToolDefinition[];
  /** Runs one call; the result is redacted and fenced as `tool_result` data, and never throws. */
  run(call: ToolCall, nonce: string, signal?: AbortSignal): Promise<ToolResultBlock>;
  close(): Promise<void>;
}

export interface ToolboxOptions {
  redactor: Redactor;
  /** A longer result is cut (with a note), so one broad grep cannot flood the context. */
  maxResultChars: number;
  maxFileBytes?: number;
  /** Per tool call, in milliseconds. */
  timeoutMs?: number;
}

/**
 * Starts our own MCP server in "agent" profile over the snapshot under review (pinned, so tools see
 * exactly the files the review sees) and connects an in-process client to it. Results of the same
 * call are shared within the review: the tools are read-only over a fixed snapshot.
 */
export async function openAgentToolbox(
  snapshot: RepoSnapshot,
  options: ToolboxOptions,
): Promise<AgentToolbox> {
  const snapshots = new SnapshotCache({ maxFileBytes: options.maxFileBytes });
  snapshots.pin(snapshot);
  const server = buildServer({
    roots: [snapshot.root],
    profile: "agent",
    snapshots,
    ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  const client = await connectInProcessClient(server, "codeaudit-review-agent");
  const { tools } = await client.listTools();
  const definitions: ToolDefinition[] = tools.map((tool) => ({
    name: tool.name,
    description: tool.description ?? tool.title ?? tool.name,
    inputSchema: withoutMetaKeys(tool.inputSchema as JsonSchema),
  }));
  const known = new Set(definitions.map((tool) => tool.name));
  const results = new Map<string, Promise<{ text: string; isError: boolean }>>();

  const call = (name: string, input: Record<string, unknown>, signal?: AbortSignal) => {
    const key = `${name}\n${canonicalJson(input)}`;
    let result = results.get(key);
    if (!result) {
      result = callTool(client, name, input, signal, options.timeoutMs ?? 60_000);
      results.set(key, result);
      // A failure (a cancelled call, say) is not worth remembering.
      result.then((value) => value.isError && results.delete(key)).catch(() => results.delete(key));
    }
    return result;
  };

  const scannerAreas = new Map(
    SCANNER_IDS.map((id) => [scannerToolName(id), scanners[id].areas as readonly Area[]]),
  );
  return {
    definitions,
    definitionsFor: (area) =>
      definitions.filter((tool) => scannerAreas.get(tool.name)?.includes(area) ?? true),
    async run(toolCall, nonce, signal) {
      const outcome = !known.has(toolCall.name)
        ? { text: `unknown tool ${toolCall.name}; the tools are: ${[...known].join(", ")}`, isError: true }
        : !isRecord(toolCall.input)
          ? { text: "the tool arguments must be a JSON object", isError: true }
          : await call(toolCall.name, toolCall.input, signal);
      const text = options.redactor.redactText(cut(outcome.text, options.maxResultChars));
      return {
        type: "tool_result",
        toolUseId: toolCall.id,
        content: fenceData("tool_result", nonce, text, { tool: toolCall.name }),
        ...(outcome.isError ? { isError: true } : {}),
      };
    },
    close: () => client.close(),
  };
}

async function callTool(
  client: Client,
  name: string,
  input: Record<string, unknown>,
  signal: AbortSignal | undefined,
  timeout: number,
): Promise<{ text: string; isError: boolean }> {
  try {
    const result = (await client.callTool({ name, arguments: input }, undefined, {
      timeout,
      ...(signal ? { signal } : {}),
    })) as CallToolResult;
    const text = (result.content ?? [])
      .flatMap((block) => (block.type === "text" ? [block.text] : []))
      .join("\n");
    return {
      text: text || (result.structuredContent ? JSON.stringify(result.structuredContent) : "(no output)"),
      isError: result.isError === true,
    };
  } catch (error) {
    return { text: errorMessage(error), isError: true };
  }
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, max);
  const lastBreak = kept.lastIndexOf("\n");
  return `${lastBreak > max / 2 ? kept.slice(0, lastBreak) : kept}\n(cut at ${max} characters of ${text.length}; ask for a narrower range, path or pattern)`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `$schema` says nothing to a model and some providers reject it in tool schemas. */
function withoutMetaKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return { type: "object", ...rest };
}
