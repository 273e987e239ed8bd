import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { Area, scanResultSchema } from "../../../schemas/index.js";
import { SCANNER_IDS, type ScannerId, scanners } from "../../../tools/registry.js";
import type { Scanner } from "../../../tools/scanner.js";
import { CodeauditError } from "../../errors.js";
import { runScanners } from "../../prescan/run-scanners.js";
import { repositoryFolder, repositoryPathInput, type ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";

/** The MCP tool name of a scanner: `scan_` plus its id with dashes as underscores. */
export function scannerToolName(id: string): string {
  return `scan_${id.replace(/-/g, "_")}`;
}

const Strength = z.object({ area: Area, text: z.string() });

/**
 * The tool's output schema: the scanner's own facts schema when it converts to JSON Schema, else a
 * plain record, so one unusual scanner cannot break `tools/list` for every client.
 */
function outputSchemaFor(scanner: Scanner) {
  try {
    z.toJSONSchema(scanner.facts, { io: "output" });
    return scanResultSchema(scanner.facts).extend({ strengths: z.array(Strength) });
  } catch {
    return scanResultSchema(z.record(z.string(), z.unknown())).extend({ strengths: z.array(Strength) });
  }
}

/** Registers one read-only tool for a scanner: its facts and findings for a repository under a root. */
export function registerScannerTool(server: McpServer, id: ScannerId, context: ServerContext): void {
  const scanner: Scanner = scanners[id];
  server.registerTool(
    scannerToolName(id),
    {
      title: scanner.title,
      description: `${scanner.description} Runs the deterministic "${id}" scanner (areas: ${scanner.areas.join(", ")}) on a repository folder and returns its facts and findings; every finding location is a real file:line.`,
      inputSchema: { path: repositoryPathInput },
      outputSchema: outputSchemaFor(scanner),
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ path }) =>
      guarded(async () => {
        const folder = await repositoryFolder(context, path);
        const run = async () =>
          runScanners(await context.snapshots.get(folder), { ...context.scanOptions, only: [id] });
        let { results, runs } = await run();
        // A file deleted since the cached listing fails the scanner; list again once before giving up.
        if (results.length === 0 && context.snapshots.invalidate(folder)) ({ results, runs } = await run());
        const result = results[0];
        if (!result)
          throw new CodeauditError("INTERNAL", `scanner ${id} failed: ${runs[0]?.error ?? "no result"}`);
        return toolSuccess({
          scanner: id,
          version: result.version,
          facts: result.facts,
          findings: result.findings,
          strengths: result.strengths,
        });
      }),
  );
}

/** Registers a tool for every scanner in the registry, so new scanners appear without touching this file. */
export function registerScannerTools(server: McpServer, context: ServerContext): void {
  for (const id of SCANNER_IDS) registerScannerTool(server, id, context);
}
