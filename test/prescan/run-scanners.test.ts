import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import {
  defaultScannerThreads,
  type PrescanResult,
  planCatalogue,
  runScanners,
} from "../../src/prescan/run-scanners.js";
import type { ScannerLane } from "../../src/prescan/scanner-pool.js";
import { ScannerThread, type ScannerWorkerData } from "../../src/prescan/scanner-thread.js";
import { SCANNER_IDS } from "../../tools/registry.js";
import { makeRepo } from "../helpers/fixture-repo.js";

// A small repository that gives most scanners something to find (and some decoys), so equal
// results from both paths mean equal findings, not two equally empty catalogues.
const FILES = {
  "Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n\n[dependencies]\nanyhow = "1"\nserde = "*"\n',
  "src/lib.rs": [
    "use anyhow::Result;",
    "",
    "// TODO: cache the parsed config",
    "pub fn load(path: &str) -> Result<String> {",
    "    let text = std::fs::read_to_string(path).unwrap();",
    '    let note = "FIXME inside a string is data";',
    "    Ok(text + note)",
    "}",
    "",
    "pub async fn slow() {",
    "    std::thread::sleep(std::time::Duration::from_millis(5));",
    "}",
    "",
    "#[cfg(test)]",
    "mod tests {",
    "    #[test]",
    "    fn loads() {",
    '        super::load("x").expect("loads");',
    "    }",
    "}",
    "",
  ].join("\n"),
  "app/server.ts": [
    'import cors from "cors";',
    'import express from "express";',
    "",
    "const app = express();",
    "app.use(cors());",
    'const apiUrl = "http://internal.example.com:8080/v1";',
    "export function parse(raw: string): any {",
    "  try {",
    "    return JSON.parse(raw);",
    "  } catch {}",
    "  // HACK: fall back to an empty object",
    "  return {};",
    "}",
    'app.listen(3000, "0.0.0.0");',
    "console.log(apiUrl);",
    "",
  ].join("\n"),
  "app/server.test.ts": 'import { it } from "vitest";\n\nit("parses", () => {});\n',
  "package.json": JSON.stringify({
    name: "app",
    scripts: { test: "vitest run" },
    dependencies: { express: "^4.19.0", cors: "*" },
  }),
  "service/main.py": [
    "import hashlib",
    "import time",
    "",
    'DEFAULT_PASSWORD = "changeme"',
    "",
    "async def handler(body):",
    "    time.sleep(1)",
    "    return hashlib.md5(body).hexdigest()",
    "",
    "def close(handle):",
    "    try:",
    "        handle.close()",
    "    except:",
    "        pass",
    "",
  ].join("\n"),
  "service/test_main.py": "def test_handler():\n    assert True\n",
  "requirements.txt": "requests>=2\nflask==3.0.0\n",
  "cmd/tool/main.go": 'package main\n\nfunc main() {\n\tpanic("unreachable")\n}\n',
  Dockerfile: "FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nCOPY . .\n",
  "docker-compose.yml":
    'services:\n  web:\n    image: web:latest\n    privileged: true\n    ports:\n      - "8080:8080"\n',
  ".github/workflows/ci.yml":
    "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test || true\n",
};

const withoutDurations = (prescan: PrescanResult) => ({
  results: prescan.results,
  runs: prescan.runs.map(({ durationMs: _durationMs, ...run }) => run),
});

describe("runScanners", () => {
  it("gives the same results, in the same order, in order, parsed ahead, and on worker threads", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    const sequential = await runScanners(snapshot, { parallel: { minBytes: Number.POSITIVE_INFINITY } });
    expect(sequential.runs.map((run) => [run.id, run.status])).toEqual(SCANNER_IDS.map((id) => [id, "ok"]));
    const withFindings = sequential.results.filter((result) => result.findings.length > 0);
    expect(withFindings.length).toBeGreaterThanOrEqual(8);

    // Counts what the worker thread really answered, so a silent in-process fallback fails the test.
    const onWorker: string[] = [];
    const recording = {
      startThread: (data: ScannerWorkerData): ScannerLane => {
        const thread = new ScannerThread(data);
        return {
          run: async (ids) => {
            const outcomes = await thread.run(ids);
            onWorker.push(...ids);
            return outcomes;
          },
          close: () => thread.close(),
        };
      },
    };
    const pooled = await runScanners(snapshot, { parallel: { threads: 2, minBytes: 0 } }, recording);
    expect(onWorker.length).toBeGreaterThan(0);
    expect(withoutDurations(pooled)).toEqual(withoutDurations(sequential));
    expect(JSON.stringify(withoutDurations(pooled))).toBe(JSON.stringify(withoutDurations(sequential)));

    // A fresh snapshot, so parsing ahead starts from an empty syntax cache.
    const fresh = await ingest(snapshot.root);
    const parsedAhead = await runScanners(fresh, { parallel: { threads: 1, minBytes: 0 } });
    expect(JSON.stringify(withoutDurations(parsedAhead))).toBe(JSON.stringify(withoutDurations(sequential)));
  });

  it("runs a worker's scanners in-process when the worker fails, so results do not change", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    const only = ["markers", "secrets", "ci", "containers"] as const;
    const sequential = await runScanners(snapshot, {
      only,
      parallel: { minBytes: Number.POSITIVE_INFINITY },
    });
    const broken: ScannerLane = {
      run: () => Promise.reject(new Error("worker crashed")),
      close: async () => {},
    };
    const parallel = { threads: 3, minBytes: 0 };
    const crashed = await runScanners(snapshot, { only, parallel }, { startThread: () => broken });
    expect(withoutDurations(crashed)).toEqual(withoutDurations(sequential));
    const unavailable = await runScanners(
      snapshot,
      { only, parallel },
      {
        startThread: () => {
          throw new Error("no worker threads");
        },
      },
    );
    expect(withoutDurations(unavailable)).toEqual(withoutDurations(sequential));
  });

  it("reports each scanner as it finishes, in order and scheduled, and stops when cancelled", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    for (const parallel of [{ minBytes: Number.POSITIVE_INFINITY }, { threads: 2, minBytes: 0 }]) {
      const seen: Array<[string, number, number]> = [];
      const prescan = await runScanners(snapshot, {
        parallel,
        onScannerDone: (run, done, total) => seen.push([run.id, done, total]),
      });
      expect(seen.map(([, done]) => done)).toEqual(SCANNER_IDS.map((_, index) => index + 1));
      expect(seen.every(([, , total]) => total === SCANNER_IDS.length)).toBe(true);
      expect(seen.map(([id]) => id).sort()).toEqual(prescan.runs.map((run) => run.id).sort());
    }

    const controller = new AbortController();
    const finished: string[] = [];
    const cancelled = runScanners(snapshot, {
      parallel: { minBytes: Number.POSITIVE_INFINITY },
      signal: controller.signal,
      onScannerDone: (run) => {
        finished.push(run.id);
        if (finished.length === 2) controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: "ABORTED" });
    expect(finished).toEqual(SCANNER_IDS.slice(0, 2));
  });

  it("records a failing scanner as failed and runs the others", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    const unreadableWorkflow: RepoSnapshot = {
      ...snapshot,
      file: (path) => snapshot.file(path),
      read: (path) =>
        path.startsWith(".github/") ? Promise.reject(new Error("disk error")) : snapshot.read(path),
    };
    const prescan = await runScanners(unreadableWorkflow, { only: ["ci", "dependencies"] });
    expect(withoutDurations(prescan).runs).toEqual([
      { id: "ci", version: expect.any(String), status: "failed", error: "disk error" },
      { id: "dependencies", version: expect.any(String), status: "ok" },
    ]);
    expect(prescan.results.map((result) => result.id)).toEqual(["dependencies"]);
  });
});

describe("planCatalogue", () => {
  const snapshotOf = (bytes: number) => ({ files: [{ size: bytes }] }) as unknown as RepoSnapshot;

  it("schedules only several units over enough source, with at most one thread per unit", () => {
    const small = { threads: 4, minBytes: 1000 };
    expect(planCatalogue(snapshotOf(100), SCANNER_IDS, small)).toEqual({ scheduled: false, threads: 1 });
    expect(planCatalogue(snapshotOf(5000), SCANNER_IDS, small)).toEqual({ scheduled: true, threads: 4 });
    expect(planCatalogue(snapshotOf(5000), SCANNER_IDS, { threads: 1, minBytes: 0 })).toEqual({
      scheduled: true,
      threads: 1,
    });
    expect(planCatalogue(snapshotOf(5000), ["markers"], { minBytes: 0 })).toEqual({
      scheduled: false,
      threads: 1,
    });
    // The full-parse scanners form one unit, which always runs on the calling thread.
    expect(planCatalogue(snapshotOf(5000), ["size", "crypto"], { minBytes: 0 })).toEqual({
      scheduled: false,
      threads: 1,
    });
    expect(
      planCatalogue(snapshotOf(5000), ["size", "dependencies", "containers"], { threads: 8, minBytes: 0 }),
    ).toEqual({
      scheduled: true,
      threads: 3,
    });
  });

  it("keeps scanners on the calling thread below four cores", () => {
    expect([1, 2, 3, 4, 8].map((cores) => defaultScannerThreads(cores))).toEqual([1, 1, 1, 2, 6]);
  });
});
