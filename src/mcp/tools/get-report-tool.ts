import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { CodeauditError } from "../../errors.js";
import { REPORT_FORMATS, reportPage } from "../report-pages.js";
import type { ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";

const GetReportOutput = z.object({
  handle: z.string(),
  format: z.enum(REPORT_FORMATS),
  section: z.string(),
  sections: z.array(z.string()).describe("Every section this format offers."),
  text: z.string(),
  range: z
    .object({
      offset: z.number().int(),
      limit: z.number().int(),
      total: z.number().int(),
      nextOffset: z.number().int().optional(),
    })
    .optional(),
});

/** Registers `get_report`: a stored report by handle, one section or finding range at a time. */
export function registerGetReportTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "get_report",
    {
      title: "Get a stored report",
      description:
        'Reads a report stored by scan_repository or review_repository, one page at a time. format "md" returns the written audit: by default the header, executive summary and the list of sections; pass `section` (a title such as "Security", or its number) for one section. format "json" returns the published JSON: by default an overview; `section` may be any top-level key ("findings", "areas", "summary", "skipped", …) or "facts.<scanner>"; "findings" and "skipped" are paged with `offset` and `limit`.',
      inputSchema: {
        handle: z.string().min(1).max(100),
        format: z.enum(REPORT_FORMATS).default("md"),
        section: z.string().min(1).max(200).optional(),
        offset: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe("First finding (or skipped file) to return, 0-based."),
        limit: z.number().int().min(1).max(500).default(50),
      },
      outputSchema: GetReportOutput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ handle, format, section, offset, limit }) =>
      guarded(async () => {
        const report = context.store.get(handle);
        if (!report)
          throw new CodeauditError(
            "USAGE",
            `no report with handle ${JSON.stringify(handle)} (reports live in this server's memory; run scan_repository or review_repository first)`,
          );
        const page = reportPage(report, { format, offset, limit, ...(section ? { section } : {}) });
        const more =
          page.range?.nextOffset !== undefined
            ? `\n\n(${page.range.total} in total; call again with offset ${page.range.nextOffset} for more)`
            : "";
        return toolSuccess({ handle, ...page }, `${page.text}${more}`);
      }),
  );
}
