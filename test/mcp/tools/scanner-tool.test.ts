import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, test } from "vitest";
import { RawFinding, scanResultSchema } from "../../../schemas/index.js";
import { buildServer } from "../../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../../src/mcp/in-process-client.js";
import { scannerToolName } from "../../../src/mcp/tools/scanner-tool.js";
import { SCANNER_IDS, scanners } from "../../../tools/registry.js";
import { makeRepo } from "../../helpers/fixture-repo.js";
import { auditFixture, outsideFolder } from "../fixture.js";

let repo: string;
let client: Client;

beforeAll(async () => {
  repo = await auditFixture(await outsideFolder());
  client = await connectInProcessClient(buildServer({ roots: [repo] }));
});

describe("tools/list", () => {
  test("lists one read-only tool per registered scanner plus the audit and repository tools", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual(
      [
        ...SCANNER_IDS.map(scannerToolName),
        "scan_repository",
        "review_repository",
        "get_report",
        "read_file",
        "grep",
        "list_files",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(40);
    }
    const idempotent = tools.filter((tool) => tool.annotations?.idempotentHint).map((tool) => tool.name);
    expect(idempotent.sort()).toEqual(names.filter((name) => name !== "review_repository"));
  });

  test("the agent profile serves only the repository tools", async () => {
    const agent = await connectInProcessClient(buildServer({ roots: [repo], profile: "agent" }));
    const { tools } = await agent.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [...SCANNER_IDS.map(scannerToolName), "read_file", "grep", "list_files"].sort(),
    );
    await agent.close();
  });
});

describe("scanner tools", () => {
  test.each(SCANNER_IDS)("scan_%s returns facts and findings valid against its output schema", async (id) => {
    const { tools } = await client.listTools();
    const tool = tools.find((entry) => entry.name === scannerToolName(id));
    const result = await client.callTool({ name: scannerToolName(id), arguments: { path: "." } });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(structured.scanner).toBe(id);
    expect(structured.version).toBe(scanners[id].version);

    // Both the JSON Schema clients see and the scanner's own zod schema accept the value.
    const validate = new Ajv({ strict: false }).compile(tool?.outputSchema ?? {});
    expect(validate(structured), JSON.stringify(validate.errors)).toBe(true);
    scanResultSchema(scanners[id].facts).parse(structured);

    // Every located finding quotes the real lines of a file in the repository.
    for (const finding of RawFinding.array().parse(structured.findings)) {
      if (!finding.location) continue;
      const text = await readFile(path.join(repo, finding.location.file), "utf8");
      const lines = text.split(/\r?\n/).slice(finding.location.startLine - 1, finding.location.endLine);
      expect(finding.evidence, `${finding.ruleId} at ${finding.location.file}`).toBe(lines.join("\n"));
    }
  });

  test("scan_markers counts the fixture's markers exactly, ignoring the string decoy", async () => {
    const result = await client.callTool({ name: "scan_markers", arguments: {} });
    const structured = result.structuredContent as { facts: Record<string, unknown>; findings: unknown[] };
    expect(structured.facts).toEqual({
      total: { production: 2, test: 1 },
      byKind: {
        TODO: { production: 1, test: 0 },
        FIXME: { production: 1, test: 1 },
        HACK: { production: 0, test: 0 },
        XXX: { production: 0, test: 0 },
      },
      sites: [
        { file: "src/handler.ts", line: 2, kind: "TODO", text: "TODO: validate the port", isTest: false },
        {
          file: "src/server.ts",
          line: 3,
          kind: "FIXME",
          text: "FIXME: retry when the upstream times out",
          isTest: false,
        },
        { file: "test/server.test.ts", line: 1, kind: "FIXME", text: "FIXME: flaky on CI", isTest: true },
      ],
      filesScanned: 4,
    });
    expect(JSON.parse((result.content as Array<{ text: string }>)[0]?.text ?? "")).toEqual(structured);
  });

  test("a scanner tool on a path outside the roots is an isError result, and the server keeps serving", async () => {
    const refused = await client.callTool({ name: "scan_size", arguments: { path: "../" } });
    expect(refused).toEqual({
      isError: true,
      content: [
        {
          type: "text",
          text: 'PATH_OUTSIDE_ROOT: refused "../": `..` segments are not allowed; give a path inside the root',
        },
      ],
    });
    const file = await client.callTool({ name: "scan_size", arguments: { path: "README.md" } });
    expect(file.isError).toBe(true);
    expect(file.content).toEqual([
      {
        type: "text",
        text: "TARGET_NOT_DIRECTORY: not a folder: README.md (give the repository folder, not a file)",
      },
    ]);
    const after = await client.callTool({ name: "scan_size", arguments: {} });
    expect(after.isError).toBeFalsy();
  });
});

describe("stale snapshots", () => {
  test("a file deleted since the cached listing is re-listed once instead of failing the scanner", async () => {
    const fresh = await makeRepo({ "a.ts": "// FIXME: one\n", "b.ts": "// FIXME: two\n" });
    const own = await connectInProcessClient(buildServer({ roots: [fresh] }));
    expect((await own.callTool({ name: "list_files", arguments: {} })).isError).toBeFalsy();
    await rm(path.join(fresh, "b.ts"));
    const result = await own.callTool({ name: "scan_markers", arguments: {} });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ facts: { total: { production: 1, test: 0 } } });
    await own.close();
  });
});
