import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { buildServer } from "../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../src/mcp/in-process-client.js";
import { runScanners } from "../../src/prescan/run-scanners.js";
import { loadRedactor } from "../../src/redact/report-redactor.js";
import { type AgentToolbox, openAgentToolbox } from "../../src/review/mcp-tools.js";
import { FILES, SECRET } from "../cli/review-fixture.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const NONCE = "0123456789abcdef0123456789abcdef";
let toolbox: AgentToolbox;
let root = "";

beforeAll(async () => {
  root = await makeRepo(FILES);
  const snapshot = await ingest(root);
  const redactor = await loadRedactor(snapshot, (await runScanners(snapshot, { only: ["secrets"] })).results);
  toolbox = await openAgentToolbox(snapshot, { redactor, maxResultChars: 400 });
});
afterAll(() => toolbox.close());

describe("openAgentToolbox", () => {
  it("offers exactly the read-only tools an external agent gets from our server's agent profile", async () => {
    const client = await connectInProcessClient(buildServer({ roots: [root], profile: "agent" }));
    const { tools } = await client.listTools();
    await client.close();
    expect(toolbox.definitions.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    const readFile = toolbox.definitions.find((tool) => tool.name === "read_file");
    const original = tools.find((tool) => tool.name === "read_file");
    expect(readFile?.description).toBe(original?.description);
    expect(readFile?.inputSchema.properties).toEqual(original?.inputSchema.properties);
    expect(readFile?.inputSchema).not.toHaveProperty("$schema");
    expect(toolbox.definitions.map((tool) => tool.name)).not.toContain("review_repository");
    // An area's agent gets the file tools and the scanners that speak for it.
    const security = toolbox.definitionsFor("security").map((tool) => tool.name);
    expect(security).toEqual(expect.arrayContaining(["read_file", "grep", "list_files", "scan_secrets"]));
    expect(security).not.toContain("scan_size");
    expect(toolbox.definitionsFor("testing").map((tool) => tool.name)).toContain("scan_size");
  });

  it("returns a file's lines redacted and fenced as tool_result data", async () => {
    const result = await toolbox.run(
      { id: "t1", name: "read_file", input: { path: "src/settings.ts", startLine: 2, endLine: 3 } },
      NONCE,
    );
    expect(result).toEqual({
      type: "tool_result",
      toolUseId: "t1",
      content: `<tool_result-${NONCE} tool="read_file">\n2\t  region: "eu-west-1",\n3\t  githubToken: "[REDACTED:github-token]",\n</tool_result-${NONCE}>`,
    });
    const grep = await toolbox.run({ id: "t2", name: "grep", input: { pattern: "ghp_" } }, NONCE);
    expect(grep.content).not.toContain(SECRET);
    expect(grep.content).toContain('src/settings.ts:3:  githubToken: "[REDACTED:github-token]",');
  });

  it("cuts long results and says how to ask for less", async () => {
    const result = await toolbox.run({ id: "t3", name: "scan_secrets", input: {} }, NONCE);
    expect(result.content).toMatch(
      /\(cut at 400 characters of \d+; ask for a narrower range, path or pattern\)/,
    );
    expect(result.content).not.toContain(SECRET);
  });

  it("turns unknown tools, bad arguments and refused paths into isError results", async () => {
    const unknown = await toolbox.run({ id: "u", name: "delete_file", input: {} }, NONCE);
    expect(unknown.isError).toBe(true);
    expect(unknown.content).toContain("unknown tool delete_file; the tools are: ");
    const raw = await toolbox.run({ id: "r", name: "grep", input: "{not json" }, NONCE);
    expect(raw).toMatchObject({ isError: true, content: expect.stringContaining("must be a JSON object") });
    const outside = await toolbox.run(
      { id: "o", name: "read_file", input: { path: "../../etc/passwd" } },
      NONCE,
    );
    expect(outside).toMatchObject({ isError: true, content: expect.stringContaining("PATH_OUTSIDE_ROOT") });
  });
});
