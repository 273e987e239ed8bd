import type { Report } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { buildReport } from "../../src/merge/build-report.js";
import { runScanners } from "../../src/prescan/run-scanners.js";
import type { ScannerId } from "../../tools/registry.js";
import { makeRepo } from "./fixture-repo.js";

/** A small service with known problems: a committed .env, a FIXME, no CI, no lockfile. */
export const SAMPLE_REPO: Record<string, string> = {
  "Cargo.toml": '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.8"\n',
  "src/main.rs":
    '// FIXME: bind address is hard-coded\nfn main() {\n    let addr = "0.0.0.0:8080";\n    println!("{addr}");\n}\n',
  "tests/smoke.rs": "#[test]\nfn boots() {}\n",
  ".env": "API_TOKEN=sk-live-not-a-real-token\n",
  ".gitignore": "/target\n",
  "README.md": "# svc\n\nA tiny service.\n",
};

/** A deterministic report over SAMPLE_REPO (fixed clock, no timings) for golden and schema tests. */
export async function sampleReport(options: { only?: readonly ScannerId[] } = {}): Promise<Report> {
  const root = await makeRepo(SAMPLE_REPO, { git: false, name: "svc" });
  const snapshot = await ingest(root);
  const prescan = await runScanners(snapshot, options);
  const report = buildReport({
    snapshot,
    prescan,
    mode: "scan",
    now: new Date("2026-01-02T03:04:05Z"),
    notReviewedReason: "Scan mode.",
  });
  return {
    ...report,
    repo: { ...report.repo, root: "/repo/svc" },
    scanners: report.scanners.map((run) => ({ ...run, durationMs: 0 })),
  };
}
