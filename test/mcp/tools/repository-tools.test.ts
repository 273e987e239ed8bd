import path from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { beforeAll, describe, expect, test } from "vitest";
import { buildServer } from "../../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../../src/mcp/in-process-client.js";
import { makeRepo } from "../../helpers/fixture-repo.js";
import { auditFixture, OUTSIDE_SECRET, outsideFolder } from "../fixture.js";

let repo: string;
let outside: { dir: string; file: string };
let client: Client;

beforeAll(async () => {
  outside = await outsideFolder();
  repo = await auditFixture(outside);
  client = await connectInProcessClient(buildServer({ roots: [repo] }));
});

async function call(name: string, args: Record<string, unknown>) {
  return client.callTool({ name, arguments: args });
}

function text(result: Awaited<ReturnType<typeof call>>): string {
  return (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? "").join("\n");
}

describe("read_file", () => {
  test("returns the requested lines numbered, with the file's line count", async () => {
    const result = await call("read_file", { path: "src/server.ts", startLine: 3, endLine: 4 });
    expect(result.structuredContent).toEqual({
      path: "src/server.ts",
      startLine: 3,
      endLine: 4,
      totalLines: 7,
      truncated: false,
      text: "3\t// FIXME: retry when the upstream times out\n4\texport function start(port: number) {",
    });
    expect(text(result)).toBe((result.structuredContent as { text: string }).text);
  });

  test("reads to the end by default, accepts an absolute path under the root and clamps endLine", async () => {
    const result = await call("read_file", {
      path: path.join(repo, "src/handler.ts"),
      startLine: 3,
      endLine: 99,
    });
    expect(result.structuredContent).toMatchObject({
      path: "src/handler.ts",
      startLine: 3,
      endLine: 4,
      totalLines: 4,
      text: '3\t  return [banner, port].join(":");\n4\t}',
    });
  });

  test("cuts long files at the line limit and says so", async () => {
    const long = await makeRepo({
      "big.txt": Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join("\n"),
    });
    const other = await connectInProcessClient(buildServer({ roots: [long] }));
    const result = await other.callTool({ name: "read_file", arguments: { path: "big.txt" } });
    expect(result.structuredContent).toMatchObject({
      startLine: 1,
      endLine: 2000,
      totalLines: 2500,
      truncated: true,
    });
    await other.close();
  });

  test.each([
    [
      { path: "src/server.ts", startLine: 9 },
      "USAGE: startLine 9 is past the end of src/server.ts (7 lines)",
    ],
    [{ path: "src/server.ts", startLine: 4, endLine: 2 }, "USAGE: endLine 2 is before startLine 4"],
    [{ path: "src" }, "USAGE: src is a folder; use list_files to see its files"],
    [{ path: "assets/logo.png" }, "USAGE: assets/logo.png is not readable: skipped as binary"],
    [
      { path: "local.env" },
      "USAGE: local.env is not a file of the repository (ignored by .gitignore, under .git, or not a regular file)",
    ],
    [
      { path: ".git/config" },
      "USAGE: .git/config is not a file of the repository (ignored by .gitignore, under .git, or not a regular file)",
    ],
    [{ path: "src/nope.ts" }, "TARGET_NOT_FOUND: no such file or folder: src/nope.ts"],
  ])("refuses %j", async (args, message) => {
    const result = await call("read_file", args);
    expect(result).toEqual({ isError: true, content: [{ type: "text", text: message }] });
  });
});

describe("grep", () => {
  test("finds regex matches as file:line:text over the repository's own files", async () => {
    const result = await call("grep", { pattern: "FIXME|TODO" });
    expect(result.structuredContent).toEqual({
      matches: [
        { file: "src/handler.ts", line: 2, text: "  // TODO: validate the port" },
        { file: "src/server.ts", line: 3, text: "// FIXME: retry when the upstream times out" },
        { file: "src/server.ts", line: 5, text: '  const banner = "TODO: not a marker, this is a string";' },
        { file: "test/server.test.ts", line: 1, text: "// FIXME: flaky on CI" },
      ],
      filesSearched: 6,
      truncated: false,
      timedOut: false,
    });
    expect(text(result)).toContain("src/server.ts:3:// FIXME: retry when the upstream times out");
    // The ignored local.env and the file behind the outside symlink are never searched.
    const secrets = await call("grep", { pattern: "hunter2|OUTSIDE-SECRET" });
    expect(secrets.structuredContent).toMatchObject({ matches: [], filesSearched: 6 });
  });

  test("fixed strings, case folding, globs, sub-folders and maxResults", async () => {
    const fixed = await call("grep", { pattern: "port].join(", fixedString: true });
    expect(fixed.structuredContent).toMatchObject({
      matches: [{ file: "src/handler.ts", line: 3, text: '  return [banner, port].join(":");' }],
    });
    const folded = await call("grep", { pattern: "fixme", caseSensitive: false, glob: "*.test.ts" });
    expect(folded.structuredContent).toMatchObject({
      matches: [{ file: "test/server.test.ts", line: 1 }],
      filesSearched: 1,
    });
    const underSrc = await call("grep", { pattern: "export", path: "src" });
    expect(
      (underSrc.structuredContent as { matches: Array<{ file: string }> }).matches.map((m) => m.file),
    ).toEqual(["src/handler.ts", "src/server.ts"]);
    const capped = await call("grep", { pattern: "e", maxResults: 2 });
    expect(capped.structuredContent).toMatchObject({ truncated: true, timedOut: false });
    expect((capped.structuredContent as { matches: unknown[] }).matches).toHaveLength(2);
  });

  test("a catastrophic regex is stopped by the time budget and the server keeps serving", async () => {
    const slow = await makeRepo({ "input.txt": `${"a".repeat(40)}!\n` });
    const other = await connectInProcessClient(buildServer({ roots: [slow], grepTimeBudgetMs: 300 }));
    const result = await other.callTool({ name: "grep", arguments: { pattern: "^(a+)+$" } });
    expect(result.structuredContent).toEqual({
      matches: [],
      filesSearched: 0,
      truncated: true,
      timedOut: true,
    });
    const next = await other.callTool({ name: "grep", arguments: { pattern: "a{5}" } });
    expect(next.structuredContent).toMatchObject({
      matches: [{ file: "input.txt", line: 1 }],
      timedOut: false,
    });
    await other.close();
  });

  test("an invalid regex is an isError result", async () => {
    const result = await call("grep", { pattern: "(unclosed" });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^USAGE: invalid regular expression: /);
  });
});

describe("list_files", () => {
  test("lists the files the audit sees, with skipped ones and their reasons", async () => {
    const result = await call("list_files", {});
    const structured = result.structuredContent as {
      files: Array<{ path: string; isTest: boolean; lines: number }>;
      total: number;
      skipped: unknown[];
    };
    expect(structured.files.map((file) => file.path)).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "src/handler.ts",
      "src/server.ts",
      "test/server.test.ts",
    ]);
    expect(structured.files.find((file) => file.path === "src/server.ts")).toEqual({
      path: "src/server.ts",
      language: "typescript",
      lines: 7,
      size: 214,
      isTest: false,
      isGenerated: false,
      isVendored: false,
    });
    expect(structured.total).toBe(6);
    expect(structured.skipped).toEqual([
      { path: "assets/logo.png", reason: "binary" },
      { path: "escape-dir", reason: "symlink-outside-root" },
      { path: "escape-link", reason: "symlink-outside-root" },
    ]);
  });

  test("filters by sub-folder and glob, and pages", async () => {
    const ts = await call("list_files", { glob: ["*.ts", "!*.test.ts"] });
    expect(
      (ts.structuredContent as { files: Array<{ path: string }> }).files.map((file) => file.path),
    ).toEqual(["src/handler.ts", "src/server.ts"]);
    const page = await call("list_files", { path: "src", limit: 1 });
    expect(page.structuredContent).toMatchObject({ total: 2, offset: 0, nextOffset: 1, skipped: [] });
    const second = await call("list_files", { path: "src", limit: 1, offset: 1 });
    expect(second.structuredContent).toMatchObject({ files: [{ path: "src/server.ts" }], total: 2 });
    expect((second.structuredContent as Record<string, unknown>).nextOffset).toBeUndefined();
  });
});

describe("path escapes", () => {
  const escapes = (secret: () => string): Array<[string, Record<string, unknown>]> => [
    ["read_file", { path: "../outside/secret.txt" }],
    ["read_file", { path: "../../../../../../../etc/passwd" }],
    ["read_file", { path: "/etc/passwd" }],
    ["read_file", { path: secret() }],
    ["read_file", { path: "escape-link" }],
    ["read_file", { path: "escape-dir/secret.txt" }],
    ["read_file", { path: "src/../../secret.txt" }],
    ["read_file", { path: "..%2f..%2fetc%2fpasswd" }],
    ["read_file", { path: "%2e%2e/%2e%2e/etc/passwd" }],
    ["read_file", { path: "src/server.ts\u0000../../etc/passwd" }],
    ["read_file", { path: "..\\..\\etc\\passwd" }],
    ["read_file", { path: "C:\\Windows\\win.ini" }],
    ["read_file", { path: "C:/Windows/win.ini" }],
    ["read_file", { path: "//localhost/c$/secret.txt" }],
    ["read_file", { path: "README.md::$DATA" }],
    ["read_file", { path: "README.md", repository: "escape-dir" }],
    ["read_file", { path: "secret.txt", repository: "/" }],
    ["grep", { pattern: "OUTSIDE", path: "escape-dir" }],
    ["grep", { pattern: "OUTSIDE", repository: "../" }],
    ["list_files", { path: "escape-dir" }],
    ["list_files", { repository: "/etc" }],
    ["scan_markers", { path: "escape-dir" }],
    ["scan_markers", { path: ".." }],
    ["scan_repository", { path: "/" }],
    ["review_repository", { path: "escape-dir" }],
  ];

  test("every attempt is refused with an isError result that says why, and leaks nothing", async () => {
    for (const [name, args] of escapes(() => outside.file)) {
      const result = await call(name, args);
      const message = text(result);
      expect(result.isError, `${name} ${JSON.stringify(args)}: ${message}`).toBe(true);
      expect(message, `${name} ${JSON.stringify(args)}`).toMatch(/^PATH_OUTSIDE_ROOT: refused .+: .+/);
      expect(message).not.toContain(OUTSIDE_SECRET);
    }
  });
});
