import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ScanOptions } from "../../tools/scanner.js";
import { DEFAULT_MAX_FILE_BYTES } from "../ingest/ingest.js";
import type { PromptSet } from "../review/prompts.js";
import { toolVersion } from "../util/package-root.js";
import { registerAreaPrompts } from "./area-prompts.js";
import { registerReportResources } from "./report-resources.js";
import { ReportStore } from "./report-store.js";
import { deterministicReviewer, type Reviewer } from "./reviewer.js";
import { resolveRoots } from "./roots.js";
import type { ServerContext } from "./server-context.js";
import { SnapshotCache } from "./snapshot-cache.js";
import { registerGetReportTool } from "./tools/get-report-tool.js";
import { registerGrepTool } from "./tools/grep-tool.js";
import { registerListFilesTool } from "./tools/list-files-tool.js";
import { registerReadFileTool } from "./tools/read-file-tool.js";
import { registerReviewRepositoryTool } from "./tools/review-repository-tool.js";
import { registerScanRepositoryTool } from "./tools/scan-repository-tool.js";
import { registerScannerTools } from "./tools/scanner-tool.js";

export interface BuildServerOptions {
  /** Folders the server may read under (default: the working directory); the first is where relative paths start. */
  roots?: readonly string[];
  /**
   * "full" serves everything; "agent" serves only the read-only repository tools (scanners,
   * read_file, grep, list_files), for the review agent's in-process client.
   */
  profile?: "full" | "agent";
  /** Runs review_repository; the deterministic review when absent. */
  reviewer?: Reviewer;
  /** Share one store (and one snapshot cache) between the servers of several HTTP sessions. */
  store?: ReportStore;
  snapshots?: SnapshotCache;
  scanOptions?: ScanOptions;
  maxFileBytes?: number;
  grepTimeBudgetMs?: number;
  /** Loads the area prompts; `prompts/` of the package by default. */
  loadPrompts?: () => Promise<PromptSet>;
}

/** Resolves the options into the context every tool shares; roots must exist. */
export function createServerContext(options: BuildServerOptions = {}): ServerContext {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  return {
    roots: resolveRoots(options.roots ?? [process.cwd()]),
    snapshots: options.snapshots ?? new SnapshotCache({ maxFileBytes }),
    store: options.store ?? new ReportStore(),
    reviewer: options.reviewer ?? deterministicReviewer({ scanOptions: options.scanOptions, maxFileBytes }),
    scanOptions: options.scanOptions ?? {},
    maxFileBytes,
    grepTimeBudgetMs: options.grepTimeBudgetMs ?? 5_000,
  };
}

const INSTRUCTIONS =
  "codeaudit audits repositories for production readiness. Every path is confined to the server's root folders. Start with scan_repository (all scanners, summary plus report handle) or review_repository, then page through the report with get_report. The scan_* tools return one scanner's facts and findings; list_files, read_file and grep read the repository as the audit sees it. No tool writes anything.";

/** The codeaudit MCP server with every tool, resource and prompt registered; connect any transport to it. */
export function buildServer(options: BuildServerOptions = {}): McpServer {
  const context = createServerContext(options);
  const server = new McpServer(
    { name: "codeaudit", title: "codeaudit", version: toolVersion() },
    { instructions: INSTRUCTIONS },
  );
  registerScannerTools(server, context);
  registerListFilesTool(server, context);
  registerReadFileTool(server, context);
  registerGrepTool(server, context);
  if ((options.profile ?? "full") === "full") {
    registerScanRepositoryTool(server, context);
    registerReviewRepositoryTool(server, context);
    registerGetReportTool(server, context);
    registerReportResources(server, context);
    registerAreaPrompts(server, options.loadPrompts);
  }
  return server;
}
