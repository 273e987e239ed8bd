import { execFileSync, spawn } from "node:child_process";

/**
 * What each scanner looks for, as ripgrep patterns: the baseline a plain text search would need to find
 * the same sites (without telling comments, strings and test code apart, which the scanners do).
 */
export const RIPGREP_PATTERNS: Record<string, string[]> = {
  markers: ["\\b(TODO|FIXME|HACK|XXX)\\b"],
  secrets: [
    "AKIA[0-9A-Z]{16}",
    "-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "(?i)(password|secret|token|api_?key)\\s*[:=]\\s*[\"'][^\"']{8,}[\"']",
    "gh[pousr]_[A-Za-z0-9]{36}",
    "xox[baprs]-[A-Za-z0-9-]{10,}",
    "[A-Za-z0-9+/=_-]{32,}",
  ],
  containers: [
    "^(FROM|USER|RUN|ADD|HEALTHCHECK|ARG|ENV)\\b",
    "image:|privileged|docker\\.sock|ports:|read_only",
  ],
  ci: ["uses:|run:|continue-on-error|allow_failure|pull_request_target|permissions:|\\$\\{\\{"],
  dependencies: ['^\\s*"?[A-Za-z0-9_.@/-]+"?\\s*[:=]\\s*"?[~^=<>]*\\d', "<version>|^\\s*(require|go) "],
  "web-exposure": [
    "(?i)cors|allow_origins|0\\.0\\.0\\.0|verify\\s*=\\s*False|rejectUnauthorized|debug\\s*=\\s*True",
  ],
  observability: [
    "console\\.(log|error|warn)|println!|print\\(|fmt\\.Print|System\\.out|logging\\.|tracing::|log\\.|logger\\.",
    "(?i)prometheus|opentelemetry|/health|sentry",
  ],
  "tests-inventory": ["#\\[(tokio::)?test\\]|def test_|func Test|@Test|\\b(it|test|describe)\\("],
  "config-hardcoding": [
    "https?://[^\\s\"']+|\\b(localhost|127\\.0\\.0\\.1)\\b|/(etc|var|tmp|home)/|:\\d{4,5}\\b",
  ],
  "panic-points": [
    "\\.unwrap\\(\\)|\\.expect\\(|panic!|unreachable!|todo!|unimplemented!|unsafe\\s*\\{",
    "except\\s*:|except\\s+Exception|catch\\s*(\\(\\w*\\))?\\s*\\{\\s*\\}|:\\s*any\\b|\\w\\)?!\\.|\\bpanic\\(",
  ],
  "error-handling": ["anyhow|thiserror|impl .*Error for|^use |^import |^from \\S+ import|require\\("],
  "async-blocking": ["async (def|fn|function)|time\\.sleep|thread::sleep|requests\\.|Sync\\("],
  crypto: ["(?i)md5|sha1|Math\\.random|random\\.random|math/rand|SecretKeySpec|\\biv\\s*="],
};

/** ripgrep's timings on the same tree, or why there are none. */
export interface RipgrepFigures {
  available: boolean;
  note?: string;
  version?: string;
  /** One ripgrep run with every pattern at once, plus one that counts every file's lines (for size). */
  singlePassMs?: number;
  /** Matching lines the pattern run printed. */
  singlePassLines?: number;
  /** One ripgrep run per scanner's pattern group, run one after another. */
  perScannerMs?: Record<string, number>;
  perScannerTotalMs?: number;
}

/** The `rg` binary, installed from Debian's packages when missing; undefined with a note when that fails. */
export function ensureRipgrep(): { binary?: string; note?: string } {
  if (ripgrepVersion("rg")) return { binary: "rg" };
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update"], { stdio: "ignore", env, timeout: 180_000 });
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "ripgrep"], {
      stdio: "ignore",
      env,
      timeout: 180_000,
    });
  } catch (error) {
    return { note: `ripgrep missing and apt-get install failed: ${(error as Error).message.split("\n")[0]}` };
  }
  return ripgrepVersion("rg")
    ? { binary: "rg", note: "ripgrep installed with apt-get for this run" }
    : { note: "ripgrep still missing after apt-get install" };
}

function ripgrepVersion(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8" }).split("\n")[0];
  } catch {
    return undefined;
  }
}

/** Times ripgrep over `dir`: every pattern in one pass (plus a line count), then one pass per scanner. */
export async function measureRipgrep(dir: string, runs = 1): Promise<RipgrepFigures> {
  const { binary, note } = ensureRipgrep();
  if (!binary) return { available: false, note };
  const version = ripgrepVersion(binary);
  // One warm-up pass so both sides read from the page cache.
  await runRipgrep(binary, dir, [""], true);
  const all = Object.values(RIPGREP_PATTERNS).flat();
  // The one pass runs as often as the catalogue did; its median run is kept, as the catalogue's is.
  const passes: Array<{ single: { ms: number; lines: number }; lineCount: { ms: number; lines: number } }> =
    [];
  for (let index = 0; index < runs; index++) {
    const single = await runRipgrep(binary, dir, all);
    // The size scanner's equivalent: every file's line count.
    const lineCount = await runRipgrep(binary, dir, [""], true);
    passes.push({ single, lineCount });
  }
  passes.sort((a, b) => a.single.ms + a.lineCount.ms - (b.single.ms + b.lineCount.ms));
  const { single, lineCount } = passes[Math.floor(passes.length / 2)] as (typeof passes)[number];
  const perScannerMs: Record<string, number> = { size: lineCount.ms };
  for (const [scanner, patterns] of Object.entries(RIPGREP_PATTERNS)) {
    perScannerMs[scanner] = (await runRipgrep(binary, dir, patterns)).ms;
  }
  const perScannerTotalMs = Object.values(perScannerMs).reduce((sum, ms) => sum + ms, 0);
  return {
    available: true,
    note,
    version,
    singlePassMs: single.ms + lineCount.ms,
    singlePassLines: single.lines,
    perScannerMs,
    perScannerTotalMs,
  };
}

// Output is read and its lines counted (not discarded by the shell), as a scanner reads its sites.
function runRipgrep(
  binary: string,
  dir: string,
  patterns: string[],
  count = false,
): Promise<{ ms: number; lines: number }> {
  const args = ["--no-config", "--hidden", "--no-heading", "--color", "never", "-g", "!.git"];
  args.push(count ? "--count" : "--line-number");
  for (const pattern of patterns) args.push("-e", pattern);
  args.push(".");
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
    let lines = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`rg exited with code ${code}`));
      else resolve({ ms: Math.round(performance.now() - started), lines });
    });
  });
}
