import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { prioritiseFiles } from "../../src/plan/prioritise-files.js";
import { makeRepo } from "../helpers/fixture-repo.js";
import { finding, prescanWith } from "./plan-fixtures.js";

const FILES = {
  "src/big.ts": `${"export const a = 1;\n".repeat(50)}`,
  "src/auth.ts": "export function login() {}\n",
  "src/session.ts": "export function session() {}\n",
  "src/small.ts": "export const s = 1;\n",
  "test/auth.test.ts": "test('x', () => {});\n",
  "vendor/lib.js": "module.exports = 1;\n",
  "README.md": "# Demo\n",
  "config/app.yaml": "port: 8080\n",
  ".github/workflows/ci.yml": "on: push\n",
  Dockerfile: "FROM node:20\n",
  "package.json": '{"name":"demo"}\n',
};

describe("prioritiseFiles", () => {
  it("puts files with the area's pre-scan hits first, by severity, then relevant files by size", async () => {
    const snapshot = await ingest(await makeRepo(FILES, { git: false }));
    const prescan = prescanWith({
      // secrets speaks to security: both count.
      secrets: [
        finding("security", "medium", "src/session.ts"),
        finding("security", "critical", "src/auth.ts"),
      ],
      // markers does not speak to security, and its finding is filed under code-quality: a decoy.
      markers: [finding("code-quality", "high", "src/small.ts")],
      // A hit in a vendored file never makes the model read it.
      "web-exposure": [finding("security", "high", "vendor/lib.js")],
    });
    const order = prioritiseFiles(snapshot, prescan, "security").map((entry) => [
      entry.file.path,
      entry.hits,
      entry.hitScore,
      entry.relevance,
    ]);
    expect(order).toEqual([
      ["src/auth.ts", 1, 16, 2],
      ["src/session.ts", 1, 4, 2],
      ["src/big.ts", 0, 0, 2],
      ["src/small.ts", 0, 0, 2],
      [".github/workflows/ci.yml", 0, 0, 1],
      ["config/app.yaml", 0, 0, 1],
    ]);
  });

  it("gives each area its own kind of file", async () => {
    const snapshot = await ingest(await makeRepo(FILES, { git: false }));
    const paths = (area: Parameters<typeof prioritiseFiles>[2]) =>
      prioritiseFiles(snapshot, prescanWith({}), area).map((entry) => entry.file.path);
    expect(paths("testing")).toEqual([
      "test/auth.test.ts",
      "src/big.ts",
      "src/auth.ts",
      "src/session.ts",
      "src/small.ts",
    ]);
    expect(paths("ci-cd")).toEqual([".github/workflows/ci.yml"]);
    expect(paths("infrastructure")).toEqual(["Dockerfile"]);
    expect(paths("dependencies")).toEqual(["package.json"]);
    expect(paths("documentation")).toEqual(["README.md"]);
    expect(paths("performance")).toEqual(["src/big.ts", "src/auth.ts", "src/session.ts", "src/small.ts"]);
  });
});
