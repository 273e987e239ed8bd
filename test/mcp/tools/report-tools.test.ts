import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, test } from "vitest";
import { Report } from "../../../schemas/index.js";
import { buildServer } from "../../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../../src/mcp/in-process-client.js";
import { splitMarkdown } from "../../../src/mcp/report-pages.js";
import { ReportStore } from "../../../src/mcp/report-store.js";
import { NO_MODEL_REASON, type Reviewer } from "../../../src/mcp/reviewer.js";
import { SnapshotCache } from "../../../src/mcp/snapshot-cache.js";
import { renderMarkdown } from "../../../src/render/markdown/render-markdown.js";
import { SCANNER_IDS } from "../../../tools/registry.js";
import { auditFixture, outsideFolder } from "../fixture.js";

let repo: string;
let client: Client;

beforeAll(async () => {
  repo = await auditFixture(await outsideFolder());
  client = await connectInProcessClient(buildServer({ roots: [repo] }));
});

async function call(target: Client, name: string, args: Record<string, unknown>) {
  const result = await target.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

async function fullReport(handle: string): Promise<Report> {
  const resource = await client.readResource({ uri: `codeaudit://reports/${handle}` });
  const first = resource.contents[0];
  return Report.parse(JSON.parse(first && "text" in first ? first.text : ""));
}

describe("scan_repository and get_report", () => {
  test("scan_repository stores the report and returns its headline with a handle", async () => {
    const summary = await call(client, "scan_repository", {});
    const handle = String(summary.handle);
    expect(handle).toMatch(/^rpt_[0-9a-f]{16}$/);
    const report = await fullReport(handle);
    expect(report.mode).toBe("scan");
    expect(summary).toEqual({
      handle,
      uri: `codeaudit://reports/${handle}`,
      repository: report.repo.name,
      mode: "scan",
      readinessScore: report.summary.readinessScore,
      bySeverity: report.summary.bySeverity,
      findingCount: report.findings.length,
      executiveSummary: report.summary.executiveSummary,
      topFindings: report.findings.slice(0, 10).map((finding) => ({
        id: finding.id,
        severity: finding.severity,
        title: finding.title,
        ...(finding.location ? { location: `${finding.location.file}:${finding.location.startLine}` } : {}),
      })),
      failedScanners: [],
    });
    expect(report.scanners.map((run) => run.id)).toEqual([...SCANNER_IDS]);
  });

  test("pages through the JSON report by finding range and section", async () => {
    const { handle } = await call(client, "scan_repository", {});
    const report = await fullReport(String(handle));
    expect(report.findings.length).toBeGreaterThan(3);

    const collected: unknown[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page = await call(client, "get_report", {
        handle,
        format: "json",
        section: "findings",
        offset,
        limit: 3,
      });
      const range = page.range as { offset: number; total: number; nextOffset?: number };
      expect(range.offset).toBe(offset);
      expect(range.total).toBe(report.findings.length);
      collected.push(...(JSON.parse(String(page.text)) as unknown[]));
      offset = range.nextOffset;
    }
    expect(collected).toEqual(report.findings);

    const overview = await call(client, "get_report", { handle, format: "json" });
    expect(overview.section).toBe("overview");
    expect(overview.sections).toEqual(
      expect.arrayContaining(["overview", "findings", "summary", "facts.markers"]),
    );
    const parsed = JSON.parse(String(overview.text)) as Record<string, unknown>;
    expect(parsed.findingCount).toBe(report.findings.length);
    expect(parsed.findings).toBeUndefined();
    expect(parsed.summary).toEqual(report.summary);

    const markers = await call(client, "get_report", { handle, format: "json", section: "facts.markers" });
    expect(JSON.parse(String(markers.text))).toEqual(report.facts.markers);
  });

  test("pages through the Markdown report by section", async () => {
    const { handle } = await call(client, "scan_repository", {});
    const report = await fullReport(String(handle));
    const { sections } = splitMarkdown(renderMarkdown(report));

    const overview = await call(client, "get_report", { handle });
    expect(overview.format).toBe("md");
    expect(overview.sections).toEqual(["overview", ...sections.map((section) => section.title)]);
    expect(String(overview.text)).toContain(`# ${report.repo.name} Production Readiness Review`);
    expect(String(overview.text)).toContain("## Executive Summary");

    const byName = await call(client, "get_report", {
      handle,
      format: "md",
      section: "Code Quality & Maintainability",
    });
    const expected = sections.find((section) => section.title.endsWith("Code Quality & Maintainability"));
    expect(byName.text).toBe(expected?.text);
    expect(String(byName.text)).toContain("FIXME marker in production code");
    const byNumber = await call(client, "get_report", { handle, format: "md", section: "10" });
    expect(byNumber.text).toBe(expected?.text);

    const markdown = await client.readResource({ uri: `codeaudit://reports/${handle}/markdown` });
    expect(markdown.contents[0]).toMatchObject({ mimeType: "text/markdown", text: renderMarkdown(report) });
  });

  test("unknown handles and sections are isError results naming what exists", async () => {
    const missing = await client.callTool({
      name: "get_report",
      arguments: { handle: "rpt_0000000000000000" },
    });
    expect(missing.isError).toBe(true);
    const { handle } = await call(client, "scan_repository", {});
    const section = await client.callTool({ name: "get_report", arguments: { handle, section: "Nope" } });
    expect(section.isError).toBe(true);
    expect((section.content as Array<{ text: string }>)[0]?.text).toMatch(
      /^USAGE: unknown report section "Nope"; available: overview, Executive Summary, /,
    );
  });
});

describe("resources", () => {
  test("lists stored reports as JSON and Markdown resources", async () => {
    const store = new ReportStore();
    const own = await connectInProcessClient(buildServer({ roots: [repo], store }));
    expect((await own.listResources()).resources).toEqual([]);
    const { handle } = await call(own, "scan_repository", {});
    const { resources } = await own.listResources();
    expect(resources.map((resource) => [resource.uri, resource.mimeType])).toEqual([
      [`codeaudit://reports/${handle}`, "application/json"],
      [`codeaudit://reports/${handle}/markdown`, "text/markdown"],
    ]);
    const templates = await own.listResourceTemplates();
    expect(templates.resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      "codeaudit://reports/{id}",
      "codeaudit://reports/{id}/markdown",
    ]);
    await expect(own.readResource({ uri: "codeaudit://reports/rpt_ffffffffffffffff" })).rejects.toThrow(
      /no stored report/,
    );
    await own.close();
  });
});

describe("review_repository", () => {
  test("without a model it runs the deterministic review, reporting progress per step", async () => {
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool({ name: "review_repository", arguments: {} }, CallToolResultSchema, {
      onprogress: (update) => progress.push(update),
    });
    const summary = result.structuredContent as Record<string, unknown>;
    expect(summary.mode).toBe("review");
    expect(summary.note).toMatch(/^Deterministic review \(no LLM configured\)/);
    const total = SCANNER_IDS.length + 2;
    expect(progress).toEqual([
      { progress: 0, total, message: "listing files" },
      ...SCANNER_IDS.map((id, index) => ({ progress: index + 1, total, message: `scanner ${id} ok` })),
      { progress: total - 1, total, message: "building the report" },
      { progress: total, total, message: "done" },
    ]);
    const report = await fullReport(String(summary.handle));
    expect(report.areas.every((area) => area.status === "skipped" && area.reason === NO_MODEL_REASON)).toBe(
      true,
    );
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "review_repository")?.description).toContain(
      "Deterministic review (no LLM configured)",
    );
  });

  test("cancelling the request aborts the reviewer's signal and the server keeps serving", async () => {
    let sawAbort: () => void = () => undefined;
    const aborted = new Promise<void>((resolve) => {
      sawAbort = resolve;
    });
    const reviewer: Reviewer = {
      description: "Test reviewer that waits to be cancelled.",
      review: (_request, context) =>
        new Promise((_resolve, reject) => {
          context.progress(1, 10, "started");
          context.signal.addEventListener("abort", () => {
            sawAbort();
            reject(new Error("cancelled"));
          });
        }),
    };
    const own = await connectInProcessClient(buildServer({ roots: [repo], reviewer }));
    const controller = new AbortController();
    const pending = own.callTool({ name: "review_repository", arguments: {} }, CallToolResultSchema, {
      signal: controller.signal,
      onprogress: () => controller.abort("user pressed stop"),
    });
    await expect(pending).rejects.toThrow();
    await aborted;
    expect(await call(own, "scan_markers", {})).toMatchObject({ scanner: "markers" });
    await own.close();
  });

  test("a reviewer that fails gives an isError result with its one-line message", async () => {
    const reviewer: Reviewer = {
      description: "Failing reviewer.",
      review: async () => {
        throw new Error("model unavailable\nstack details");
      },
    };
    const own = await connectInProcessClient(buildServer({ roots: [repo], reviewer }));
    expect(await own.callTool({ name: "review_repository", arguments: {} })).toEqual({
      isError: true,
      content: [{ type: "text", text: "model unavailable" }],
    });
    await own.close();
  });
});

describe("protocol robustness", () => {
  test("malformed requests get JSON-RPC errors; bad tool input gets isError; serving continues", async () => {
    await expect(
      client.request({ method: "tools/unknown", params: {} }, CallToolResultSchema),
    ).rejects.toMatchObject({
      code: ErrorCode.MethodNotFound,
    });
    await expect(
      client.request({ method: "tools/call", params: { arguments: {} } } as never, CallToolResultSchema),
    ).rejects.toBeInstanceOf(McpError);
    const badInput = await client.callTool({ name: "read_file", arguments: { path: 42 } });
    expect(badInput.isError).toBe(true);
    const unknownTool = await client.callTool({ name: "no_such_tool", arguments: {} });
    expect(unknownTool.isError).toBe(true);
    expect(await call(client, "scan_size", {})).toMatchObject({ scanner: "size" });
  });

  test("several clients call tools concurrently against shared caches", async () => {
    const shared = { store: new ReportStore(), snapshots: new SnapshotCache() };
    const clients = await Promise.all(
      [1, 2, 3].map(() => connectInProcessClient(buildServer({ roots: [repo], ...shared }))),
    );
    const results = await Promise.all(
      clients.flatMap((each) => [
        call(each, "scan_markers", {}),
        call(each, "grep", { pattern: "FIXME" }),
        call(each, "read_file", { path: "src/server.ts", startLine: 3, endLine: 3 }),
        call(each, "scan_repository", {}),
      ]),
    );
    expect(results.filter((result) => result.scanner === "markers")).toHaveLength(3);
    expect(
      new Set(results.filter((result) => result.mode === "scan").map((result) => result.handle)).size,
    ).toBe(3);
    expect(shared.store.list()).toHaveLength(3);
    // A report stored through one session is readable through another.
    const [first, second] = clients;
    const handle = shared.store.list()[0]?.handle;
    expect(first && second && handle).toBeTruthy();
    if (second && handle) expect(await call(second, "get_report", { handle })).toMatchObject({ handle });
    await Promise.all(clients.map((each) => each.close()));
  });
});
