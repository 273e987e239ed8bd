import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ParseFloor } from "./bench-parse-floor.js";
import type { RipgrepFigures } from "./bench-ripgrep.js";

/** One scanner's share of the catalogue run. */
export interface ScannerTiming {
  id: string;
  status: string;
  ms: number;
  findings: number;
}

/** Everything one benchmark run measured; written to bench-results/latest.json. */
export interface BenchResults {
  schemaVersion: 1;
  timestamp: string;
  command: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; totalMemoryMb: number };
  commit: string | undefined;
  loadAverage: { before: number[]; afterCatalogue: number[]; afterRipgrep?: number[] };
  repository: {
    seed: number;
    targetLines: number;
    files: number;
    lines: number;
    bytes: number;
    reused: boolean;
    generateMs: number;
  };
  ingest: { ms: number; files: number; skipped: number };
  catalogue: {
    ms: number;
    /** CPU time of every thread of the process during the catalogue (user + system). */
    cpuMs: number;
    /** Every run's wall and CPU time, in the order run; `ms` and `cpuMs` are those of the median run. */
    runs: Array<{ ms: number; cpuMs: number }>;
    /** Threads running scanners, this one included (parse threads of the syntax pool not counted). */
    threads: number;
    /** False: scanners ran one after another in registry order; true: parsed ahead, scheduled on threads. */
    scheduled: boolean;
    filesPerSecond: number;
    megabytesPerSecond: number;
    linesPerSecond: number;
    scanners: ScannerTiming[];
    failed: string[];
  };
  endToEnd: { ms: number; linesPerSecond: number };
  memory: { peakRssMb: number; rssAfterMb: number; heapUsedAfterMb: number };
  ripgrep: RipgrepFigures;
  /** Tree-sitter parsing alone on a fresh snapshot; absent with --no-parse-floor. */
  parseFloor?: ParseFloor;
  ratios: {
    catalogueVsRipgrepSinglePass?: number;
    catalogueVsRipgrepPerScanner?: number;
    parseFloorVsRipgrepSinglePass?: number;
  };
  goals: { endToEndUnder15s: boolean; catalogueWithin5xRipgrep?: boolean };
}

/** The 1-, 5- and 15-minute load averages, rounded (the machine is shared, so they qualify every figure). */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

/** Node, platform and hardware of this run. */
export function machineInfo(): BenchResults["machine"] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
  };
}

/** The checked-out commit of the project, read from .git without running git. */
export function projectCommit(projectRoot: string): string | undefined {
  try {
    const gitDir = path.join(projectRoot, ".git");
    const head = readFileSync(path.join(gitDir, "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(path.join(gitDir, ref), "utf8").trim();
    } catch {
      const packed = readFileSync(path.join(gitDir, "packed-refs"), "utf8");
      return packed
        .split("\n")
        .find((line) => line.endsWith(` ${ref}`))
        ?.split(" ")[0];
    }
  } catch {
    return undefined;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const thousands = (value: number) => Math.round(value).toLocaleString("en-US");

/** A readable summary of the results for the terminal. */
export function formatResults(results: BenchResults): string {
  const { repository, catalogue, ripgrep } = results;
  const rows: [string, string][] = [
    [
      "repository",
      `${thousands(repository.files)} files, ${thousands(repository.lines)} lines, ${(repository.bytes / 2 ** 20).toFixed(1)} MB${repository.reused ? " (reused)" : ""}`,
    ],
    ["load average before", results.loadAverage.before.join(" ")],
    ["ingest", seconds(results.ingest.ms)],
    [
      "catalogue",
      `${seconds(catalogue.ms)} (${catalogue.scheduled ? `parsed ahead, ${catalogue.threads} scanner thread${catalogue.threads > 1 ? "s" : ""}` : "in order"})`,
    ],
    ["catalogue CPU time", `${seconds(catalogue.cpuMs)} (all threads)`],
    ["catalogue runs", `${catalogue.runs.map((run) => seconds(run.ms)).join(", ")} (median above)`],
    ["ingest + catalogue", seconds(results.endToEnd.ms)],
    ["files/s", thousands(catalogue.filesPerSecond)],
    ["MB/s", catalogue.megabytesPerSecond.toFixed(2)],
    ["lines/s", thousands(catalogue.linesPerSecond)],
    ["peak RSS", `${thousands(results.memory.peakRssMb)} MB`],
  ];
  if (ripgrep.available) {
    rows.push(["ripgrep, one pass", seconds(ripgrep.singlePassMs ?? 0)]);
    rows.push(["ripgrep, pass per scanner", seconds(ripgrep.perScannerTotalMs ?? 0)]);
    rows.push(["catalogue ÷ rg one pass", `${results.ratios.catalogueVsRipgrepSinglePass?.toFixed(1)}×`]);
    rows.push(["catalogue ÷ rg per scanner", `${results.ratios.catalogueVsRipgrepPerScanner?.toFixed(1)}×`]);
  } else rows.push(["ripgrep", ripgrep.note ?? "not run"]);
  const floor = results.parseFloor;
  if (floor) {
    rows.push([
      "parsing alone",
      `${seconds(floor.ms)} (CPU ${seconds(floor.cpuMs)}, ${thousands(floor.files)} files)`,
    ]);
    if (results.ratios.parseFloorVsRipgrepSinglePass !== undefined)
      rows.push([
        "parsing alone ÷ rg one pass",
        `${results.ratios.parseFloorVsRipgrepSinglePass.toFixed(1)}×`,
      ]);
  }
  rows.push(["load average after", results.loadAverage.afterCatalogue.join(" ")]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const summary = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  const scanners = catalogue.scanners.map((scanner) => {
    const rg = ripgrep.perScannerMs?.[scanner.id];
    const status = scanner.status === "ok" ? "" : `  ${scanner.status}`;
    return `  ${scanner.id.padEnd(18)} ${seconds(scanner.ms).padStart(9)}  ${String(scanner.findings).padStart(7)} findings${rg === undefined ? "" : `  rg ${seconds(rg)}`}${status}`;
  });
  return [...summary, "", "per scanner (wall time inside the catalogue run):", ...scanners].join("\n");
}
