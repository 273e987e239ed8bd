import { parseArgs } from "node:util";

/** The benchmark's command-line flags. */
export interface BenchOptions {
  lines: number;
  seed: number;
  keep: boolean;
  out: string;
  ripgrep: boolean;
  /** Catalogue runs (and ripgrep one-pass runs); the median is reported. */
  runs: number;
  /** Also time tree-sitter parsing alone on a fresh snapshot (the floor under the catalogue). */
  parseFloor: boolean;
  /** Threads for the catalogue (1 = in-process, one scanner after another); undefined = the default. */
  threads?: number;
  /** Run the scanners one after another in registry order, as on a small repository. */
  inOrder: boolean;
}

/** The benchmark's usage text. */
export const BENCH_USAGE = `usage: npm run bench -- [--lines N] [--seed N] [--runs N] [--keep] [--out FILE] [--threads N] [--in-order] [--no-ripgrep]

  --lines N      lines in the synthetic repository (default 1000000)
  --seed N       seed of its generator (default 1)
  --runs N       catalogue runs, each on a fresh snapshot; the median is reported (default 3)
  --keep         keep the generated repository in the temp folder for the next run (reused when present)
  --out FILE     where to write the results (default bench-results/latest.json)
  --threads N    scanner threads, this one included (default: 1 below four cores, else cores - 2)
  --in-order     run the scanners one after another in registry order (no parsing ahead, no workers)
  --no-ripgrep   skip the ripgrep baseline
  --no-parse-floor  skip timing tree-sitter parsing alone`;

/** Parses `argv` (without node and the script); throws with the usage text on bad input. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: { type: "string", default: "1000000" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
      keep: { type: "boolean", default: false },
      out: { type: "string", default: "bench-results/latest.json" },
      "no-ripgrep": { type: "boolean", default: false },
      "no-parse-floor": { type: "boolean", default: false },
      threads: { type: "string" },
      "in-order": { type: "boolean", default: false },
    },
    strict: true,
  });
  const lines = Number(values.lines.replaceAll("_", ""));
  const seed = Number(values.seed);
  if (!Number.isInteger(lines) || lines < 1000)
    throw new Error(`--lines must be an integer ≥ 1000\n${BENCH_USAGE}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer\n${BENCH_USAGE}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer\n${BENCH_USAGE}`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1))
    throw new Error(`--threads must be a positive integer\n${BENCH_USAGE}`);
  return {
    lines,
    seed,
    runs,
    keep: values.keep,
    out: values.out,
    ripgrep: !values["no-ripgrep"],
    parseFloor: !values["no-parse-floor"],
    threads,
    inOrder: values["in-order"],
  };
}
