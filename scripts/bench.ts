import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ingest } from "../src/ingest/ingest.js";
import { planCatalogue, runScanners } from "../src/prescan/run-scanners.js";
import { packageRoot } from "../src/util/package-root.js";
import { SCANNER_IDS } from "../tools/registry.js";
import { BENCH_USAGE, parseBenchOptions } from "./bench-options.js";
import { measureParseFloor } from "./bench-parse-floor.js";
import {
  type BenchResults,
  formatResults,
  loadAverage,
  machineInfo,
  projectCommit,
  type ScannerTiming,
} from "./bench-report.js";
import { ensureRepository } from "./bench-repository.js";
import { measureRipgrep, type RipgrepFigures } from "./bench-ripgrep.js";

// `npm run bench`: generates (or reuses) a synthetic repository, times ingest and the whole scanner
// catalogue on it, times ripgrep on the same tree, and writes the figures to bench-results/.
if (process.argv.includes("--help")) {
  console.log(BENCH_USAGE);
  process.exit(0);
}
let options: ReturnType<typeof parseBenchOptions>;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const repository = await ensureRepository(options.seed, options.lines);
console.log(
  `${repository.reused ? "reusing" : `generated in ${(repository.generateMs / 1000).toFixed(1)} s:`} ${repository.dir}`,
);
const before = loadAverage();

const parallel = {
  threads: options.threads,
  minBytes: options.inOrder ? Number.POSITIVE_INFINITY : undefined,
};

/** One ingest + catalogue on a fresh snapshot (its own caches), reduced to the figures kept. */
async function measureCatalogue() {
  const ingestStarted = performance.now();
  const snapshot = await ingest(repository.dir);
  const ingestMs = performance.now() - ingestStarted;
  const plan = planCatalogue(snapshot, SCANNER_IDS, parallel);
  const catalogueStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const prescan = await runScanners(snapshot, { parallel });
  const catalogueMs = performance.now() - catalogueStarted;
  const cpu = process.cpuUsage(cpuBefore);
  const findingsById = new Map<string, number>(
    prescan.results.map((result) => [result.id, result.findings.length]),
  );
  return {
    ingestMs,
    catalogueMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    plan,
    files: snapshot.files.length,
    skipped: snapshot.skipped.length,
    bytes: snapshot.files.reduce((sum, file) => sum + file.size, 0),
    lines: snapshot.files.reduce((sum, file) => sum + file.lines, 0),
    scanners: prescan.runs.map(
      (run): ScannerTiming => ({
        id: run.id,
        status: run.status,
        ms: run.durationMs,
        findings: findingsById.get(run.id) ?? 0,
      }),
    ),
    failed: prescan.runs.filter((run) => run.status !== "ok").map((run) => `${run.id}: ${run.error ?? ""}`),
  };
}

// The machine is shared: the catalogue runs several times and the median run is reported (all are
// kept). Memory is read after the first run, before later snapshots add to the process's peak.
const catalogueRuns: Array<Awaited<ReturnType<typeof measureCatalogue>>> = [];
let memory = process.memoryUsage();
let peakRssMb = 0;
for (let index = 0; index < options.runs; index++) {
  catalogueRuns.push(await measureCatalogue());
  if (index === 0) {
    memory = process.memoryUsage();
    peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  }
}
const median = [...catalogueRuns].sort((a, b) => a.catalogueMs - b.catalogueMs)[
  Math.floor(catalogueRuns.length / 2)
] as (typeof catalogueRuns)[number];
const { ingestMs, catalogueMs, plan, files, bytes, lines, scanners } = median;
const afterCatalogue = loadAverage();

// After the catalogue's memory is read: this snapshot keeps its own parsed files.
const parseFloor = options.parseFloor ? await measureParseFloor(repository.dir) : undefined;

const ripgrep: RipgrepFigures = options.ripgrep
  ? await measureRipgrep(repository.dir, options.runs)
  : { available: false, note: "skipped with --no-ripgrep" };
const afterRipgrep = ripgrep.available ? loadAverage() : undefined;

const ratio = (baseline: number | undefined) =>
  baseline ? Math.round((catalogueMs / baseline) * 10) / 10 : undefined;
const perSecond = (count: number) => Math.round((count / catalogueMs) * 1000);
const results: BenchResults = {
  schemaVersion: 1,
  timestamp: new Date().toISOString(),
  command: ["npm run bench -- --lines", options.lines, "--seed", options.seed, "--runs", options.runs]
    .concat(options.threads ? ["--threads", options.threads] : [], options.inOrder ? ["--in-order"] : [])
    .join(" "),
  machine: machineInfo(),
  commit: projectCommit(packageRoot()),
  loadAverage: { before, afterCatalogue, afterRipgrep },
  repository: {
    seed: options.seed,
    targetLines: options.lines,
    files: repository.files,
    lines: repository.lines,
    bytes: repository.bytes,
    reused: repository.reused,
    generateMs: repository.generateMs,
  },
  ingest: { ms: Math.round(ingestMs), files, skipped: median.skipped },
  catalogue: {
    ms: Math.round(catalogueMs),
    cpuMs: median.cpuMs,
    runs: catalogueRuns.map((run) => ({ ms: Math.round(run.catalogueMs), cpuMs: run.cpuMs })),
    threads: plan.threads,
    scheduled: plan.scheduled,
    filesPerSecond: perSecond(files),
    megabytesPerSecond: Math.round((bytes / 2 ** 20 / catalogueMs) * 1000 * 100) / 100,
    linesPerSecond: perSecond(lines),
    scanners,
    failed: median.failed,
  },
  endToEnd: {
    ms: Math.round(ingestMs + catalogueMs),
    linesPerSecond: Math.round((lines / (ingestMs + catalogueMs)) * 1000),
  },
  memory: {
    peakRssMb,
    rssAfterMb: Math.round(memory.rss / 2 ** 20),
    heapUsedAfterMb: Math.round(memory.heapUsed / 2 ** 20),
  },
  ripgrep,
  parseFloor,
  ratios: {
    catalogueVsRipgrepSinglePass: ratio(ripgrep.singlePassMs),
    catalogueVsRipgrepPerScanner: ratio(ripgrep.perScannerTotalMs),
    parseFloorVsRipgrepSinglePass:
      parseFloor && ripgrep.singlePassMs
        ? Math.round((parseFloor.ms / ripgrep.singlePassMs) * 10) / 10
        : undefined,
  },
  goals: {
    endToEndUnder15s: ingestMs + catalogueMs < 15_000,
    catalogueWithin5xRipgrep: ripgrep.singlePassMs ? catalogueMs <= 5 * ripgrep.singlePassMs : undefined,
  },
};

const out = path.resolve(packageRoot(), options.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(formatResults(results));
console.log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
if (!options.keep) await rm(repository.home, { recursive: true, force: true });
// Idle worker threads are unreferenced, but exit explicitly so nothing lingers after the figures.
process.exit(0);
