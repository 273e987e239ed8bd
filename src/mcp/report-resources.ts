import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CodeauditError } from "../errors.js";
import { renderMarkdown } from "../render/markdown/render-markdown.js";
import { renderJson } from "../render/render-json.js";
import type { ServerContext } from "./server-context.js";
import { reportUri } from "./tools/report-summary.js";

function handleOf(variables: Record<string, string | string[]>): string {
  const value = variables.id;
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/**
 * Registers stored reports as resources: `codeaudit://reports/{id}` is the JSON report and
 * `codeaudit://reports/{id}/markdown` the written audit. Both are listed for every stored report.
 */
export function registerReportResources(server: McpServer, context: ServerContext): void {
  const find = (uri: URL, variables: Record<string, string | string[]>) => {
    const report = context.store.get(handleOf(variables));
    if (!report) throw new CodeauditError("USAGE", `no stored report at ${uri.href}`);
    return report;
  };
  server.registerResource(
    "report-json",
    new ResourceTemplate("codeaudit://reports/{id}", {
      list: () => ({
        resources: context.store.list().map((info) => ({
          uri: reportUri(info.handle),
          name: `${info.repository} ${info.mode} report (JSON)`,
          mimeType: "application/json",
          description: `${info.findings} findings, generated ${info.generatedAt}`,
        })),
      }),
    }),
    {
      title: "codeaudit report (JSON)",
      description: "A stored report in the published JSON format.",
      mimeType: "application/json",
    },
    (uri, variables) => ({
      contents: [{ uri: uri.href, mimeType: "application/json", text: renderJson(find(uri, variables)) }],
    }),
  );
  server.registerResource(
    "report-markdown",
    new ResourceTemplate("codeaudit://reports/{id}/markdown", {
      list: () => ({
        resources: context.store.list().map((info) => ({
          uri: `${reportUri(info.handle)}/markdown`,
          name: `${info.repository} ${info.mode} report (Markdown)`,
          mimeType: "text/markdown",
          description: `${info.findings} findings, generated ${info.generatedAt}`,
        })),
      }),
    }),
    {
      title: "codeaudit report (Markdown)",
      description: "A stored report as the written production-readiness audit.",
      mimeType: "text/markdown",
    },
    (uri, variables) => ({
      contents: [{ uri: uri.href, mimeType: "text/markdown", text: renderMarkdown(find(uri, variables)) }],
    }),
  );
}
