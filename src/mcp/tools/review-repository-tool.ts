import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { Area } from "../../../schemas/index.js";
import { repositoryFolder, repositoryPathInput, type ServerContext } from "../server-context.js";
import { guarded, toolSuccess } from "../tool-result.js";
import { ReportSummaryOutput, summarizeReport, summaryText } from "./report-summary.js";

/**
 * Registers `review_repository`: the full review through the injected reviewer, with progress
 * notifications when the client sends a progress token, and cancellation through the request's signal.
 */
export function registerReviewRepositoryTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "review_repository",
    {
      title: "Review a repository",
      description: `Full production-readiness review of a repository folder (what \`codeaudit review\` does). ${context.reviewer.description} Sends progress notifications and honours cancellation. Stores the report and returns a summary with a handle for get_report.`,
      inputSchema: {
        path: repositoryPathInput,
        areas: z.array(Area).min(1).optional().describe("Review areas to cover; all when absent."),
      },
      outputSchema: ReportSummaryOutput,
      // Reading only, but a model review costs money and varies between runs: not idempotent.
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    ({ path, areas }, extra) =>
      guarded(async () => {
        const folder = await repositoryFolder(context, path);
        const progressToken = extra._meta?.progressToken;
        const report = await context.reviewer.review(
          { folder, ...(areas ? { areas } : {}) },
          {
            signal: extra.signal,
            progress: (done, total, message) => {
              if (progressToken === undefined) return;
              extra
                .sendNotification({
                  method: "notifications/progress",
                  params: {
                    progressToken,
                    progress: done,
                    ...(total !== undefined ? { total } : {}),
                    message,
                  },
                })
                .catch(() => undefined);
            },
          },
        );
        const handle = context.store.save(report);
        server.sendResourceListChanged();
        const summary = summarizeReport(handle, report, context.reviewer.description);
        return toolSuccess(summary, summaryText(summary));
      }),
  );
}
