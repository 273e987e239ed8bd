import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { scanRepository } from "../../audit/scan.js";
import { repositoryFolder, repositoryPathInput, type ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";
import { ReportSummaryOutput, summarizeReport, summaryText } from "./report-summary.js";

/** Registers `scan_repository`: every scanner, the report stored under a handle, a summary returned. */
export function registerScanRepositoryTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "scan_repository",
    {
      title: "Scan a repository with every scanner",
      description:
        "Runs all deterministic scanners on a repository folder (what `codeaudit scan` does), stores the report and returns a summary with a handle. Fetch the full report with get_report or the codeaudit://reports/{handle} resource.",
      inputSchema: { path: repositoryPathInput },
      outputSchema: ReportSummaryOutput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ path }) =>
      guarded(async () => {
        const folder = await repositoryFolder(context, path);
        const { report } = await scanRepository(folder, {
          ...context.scanOptions,
          maxFileBytes: context.maxFileBytes,
        });
        const handle = context.store.save(report);
        server.sendResourceListChanged();
        const summary = summarizeReport(handle, report);
        return toolSuccess(summary, summaryText(summary));
      }),
  );
}
