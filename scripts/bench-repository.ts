import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateCorpus } from "./bench-corpus.js";

// Bumped whenever the generator's output changes, so a cached tree from an older generator is rebuilt.
const GENERATOR_VERSION = 2;

/** The generated repository on disk and what it holds. */
export interface BenchRepository {
  dir: string;
  /** The folder holding the repository and its stamp; removed unless the run keeps it. */
  home: string;
  reused: boolean;
  generateMs: number;
  files: number;
  lines: number;
  bytes: number;
}

interface Stamp {
  seed: number;
  lines: number;
  generatorVersion: number;
  files: number;
  totalLines: number;
  bytes: number;
}

/** The synthetic repository for a seed and size: reused from the temp folder when a complete one is there. */
export async function ensureRepository(seed: number, lines: number): Promise<BenchRepository> {
  const home = path.join(os.tmpdir(), "codeaudit-bench", `seed-${seed}-lines-${lines}-v${GENERATOR_VERSION}`);
  const dir = path.join(home, "repo");
  const stampFile = path.join(home, "stamp.json");
  const known = await readStamp(stampFile);
  if (known && known.seed === seed && known.lines === lines && known.generatorVersion === GENERATOR_VERSION) {
    return {
      dir,
      home,
      reused: true,
      generateMs: 0,
      files: known.files,
      lines: known.totalLines,
      bytes: known.bytes,
    };
  }
  const started = performance.now();
  await rm(home, { recursive: true, force: true });
  const corpus = generateCorpus(seed, lines);
  let totalLines = 0;
  let bytes = 0;
  for (const [relative, content] of corpus) {
    const target = path.join(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    totalLines += content.split("\n").length - 1;
    bytes += Buffer.byteLength(content);
  }
  commitAll(dir);
  // The stamp is written last: a run interrupted while generating leaves no stamp and is redone.
  const stamp: Stamp = {
    seed,
    lines,
    generatorVersion: GENERATOR_VERSION,
    files: corpus.size,
    totalLines,
    bytes,
  };
  await writeFile(stampFile, JSON.stringify(stamp));
  const generateMs = Math.round(performance.now() - started);
  return { dir, home, reused: false, generateMs, files: corpus.size, lines: totalLines, bytes };
}

async function readStamp(file: string): Promise<Stamp | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

// A real repository is a git work tree, so ingest lists it with `git ls-files` like it would a user's.
function commitAll(dir: string): void {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  try {
    git("init", "-q", "--initial-branch=main");
    git("add", "-A");
    git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "synthetic benchmark repository");
  } catch {
    // Without git the folder is walked instead; the figures stay comparable within one machine.
  }
}
