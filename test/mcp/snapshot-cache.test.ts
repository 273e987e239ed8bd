import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CodeauditError } from "../../src/errors.js";
import { ingest } from "../../src/ingest/ingest.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { buildServer } from "../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../src/mcp/in-process-client.js";
import { SnapshotCache } from "../../src/mcp/snapshot-cache.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("SnapshotCache", () => {
  test("shares one ingest per folder until the time to live passes, and never caches failures", async () => {
    let clock = 0;
    const calls: string[] = [];
    const cache = new SnapshotCache({
      ttlMs: 1000,
      now: () => clock,
      ingest: async (folder) => {
        calls.push(folder);
        if (folder === "/broken") throw new CodeauditError("TARGET_EMPTY", "nothing to audit");
        return { root: folder } as RepoSnapshot;
      },
    });
    const [first, second] = await Promise.all([cache.get("/repo"), cache.get("/repo")]);
    expect(first).toBe(second);
    clock = 999;
    await cache.get("/repo");
    expect(calls).toEqual(["/repo"]);
    clock = 1000;
    await cache.get("/repo");
    expect(calls).toEqual(["/repo", "/repo"]);

    await expect(cache.get("/broken")).rejects.toThrow("nothing to audit");
    await expect(cache.get("/broken")).rejects.toThrow("nothing to audit");
    expect(calls.filter((folder) => folder === "/broken")).toHaveLength(2);
  });

  test("a pinned snapshot (the review agent's) is what the tools see", async () => {
    const repo = await makeRepo({ "a.ts": "export const a = 1;\n" });
    const snapshot = await ingest(repo);
    const snapshots = new SnapshotCache();
    snapshots.pin(snapshot);
    await writeFile(path.join(repo, "added-later.ts"), "export const b = 2;\n");
    const client = await connectInProcessClient(buildServer({ roots: [repo], profile: "agent", snapshots }));
    const listed = await client.callTool({ name: "list_files", arguments: {} });
    expect(
      (listed.structuredContent as { files: Array<{ path: string }> }).files.map((file) => file.path),
    ).toEqual(["a.ts"]);
    await client.close();
  });
});
