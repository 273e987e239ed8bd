/**
 * codeaudit's public API. Every export here is a promise to library users: add one deliberately.
 * The pipeline is ingest → prescan → plan → review → verify → merge → render.
 */

// Contracts (zod schemas and their types).
export * from "../schemas/index.js";
// Scanners.
export { getScanner, SCANNER_IDS, type ScannerId, scanners } from "../tools/registry.js";
export type { Scanner, ScannerOutput, ScanOptions } from "../tools/scanner.js";
export { type ReviewTargetRequest, type ReviewTargetResult, reviewTarget } from "./audit/review.js";
export { type ScanRequest, scanRepository } from "./audit/scan.js";
export { CodeauditError, type ErrorCode } from "./errors.js";
// Ingest.
export { DEFAULT_MAX_FILE_BYTES, type IngestOptions, ingest } from "./ingest/ingest.js";
export type { RepoFile, RepoSnapshot } from "./ingest/snapshot.js";
// Model clients.
export {
  createLlmRuntime,
  createProviderClient,
  type LlmRuntime,
  type LlmRuntimeOptions,
} from "./llm/create-llm-runtime.js";
export { type ProviderConfig, type ProviderFlags, resolveProviderConfig } from "./llm/provider-config.js";
export type { GenerateRequest, GenerateResponse, LlmClient, LlmMessage, TokenUsage } from "./llm/types.js";
// MCP server.
export { type BuildServerOptions, buildServer } from "./mcp/build-server.js";
export { type HttpServerOptions, type RunningHttpServer, startHttpServer } from "./mcp/http/http-server.js";
export { connectInProcessClient } from "./mcp/in-process-client.js";
export type { Reviewer } from "./mcp/reviewer.js";
// Merge, plan and prescan.
export { buildReport, type ReportInput } from "./merge/build-report.js";
export { buildReviewPlan, type ReviewPlan } from "./plan/build-review-plan.js";
export { type PrescanResult, runScanners, type ScannerResult } from "./prescan/run-scanners.js";
// Redaction and verification.
export { loadRedactor, Redactor } from "./redact/index.js";
export { renderMarkdown } from "./render/markdown/render-markdown.js";
export { FORMATS, type Format, render } from "./render/render.js";
// Render.
export { renderJson } from "./render/render-json.js";
export { renderSarif } from "./render/render-sarif.js";
export { verifyFindings } from "./verify/verify-findings.js";
