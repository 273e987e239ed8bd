import { readFile } from "node:fs/promises";
import path from "node:path";
import { CodeauditError } from "../errors.js";
import { type ClonedRepo, type CloneOptions, cloneRepository } from "../ingest/clone.js";
import { countLines } from "../ingest/ingest.js";
import type { LoadedCase, LoadedSuite } from "./load-suite.js";
import { materialiseFixture } from "./materialise-fixture.js";

export interface PreparedRepo {
  dir: string;
  commit: string;
}

export interface PrepareRepoDeps {
  clone: (url: string, options: CloneOptions) => Promise<ClonedRepo>;
}

const defaultDeps: PrepareRepoDeps = { clone: cloneRepository };

/**
 * Puts a case's repository on disk: a fixture is materialised into `workDir/<case>/<fixture name>` (so the
 * report names the fixture), a git repository is cloned once into the cache at its pinned commit.
 * Then every file and line range the case cites is checked against it.
 */
export async function prepareRepo(
  suite: LoadedSuite,
  evalCase: LoadedCase,
  workDir: string,
  cacheDir: string | undefined,
  deps: PrepareRepoDeps = defaultDeps,
): Promise<PreparedRepo> {
  let prepared: PreparedRepo;
  if (evalCase.fixtureDir) {
    const dir = path.join(workDir, evalCase.id, path.basename(evalCase.fixtureDir));
    prepared = { dir, commit: await materialiseFixture(evalCase.fixtureDir, dir) };
  } else if (evalCase.repo.git && evalCase.repo.commit) {
    const cloned = await deps.clone(evalCase.repo.git, {
      ref: evalCase.repo.commit,
      ...(cacheDir ? { cacheDir } : {}),
    });
    prepared = { dir: cloned.dir, commit: cloned.commit };
  } else {
    throw new CodeauditError("CONFIG_INVALID", `${suite.displayFile}: ${evalCase.field}.repo: no repository`);
  }
  await checkCitedFiles(suite, evalCase, prepared.dir);
  return prepared;
}

/** Fails with one line when an expectation or negative cites a file the repository lacks, or lines past its end. */
export async function checkCitedFiles(suite: LoadedSuite, evalCase: LoadedCase, root: string): Promise<void> {
  const cited = [
    ...evalCase.expected.map((entry, index) => ({ entry, field: `expected[${index}]` })),
    ...evalCase.negatives.map((entry, index) => ({ entry, field: `negatives[${index}]` })),
  ];
  const lineCounts = new Map<string, number | undefined>();
  for (const { entry, field } of cited) {
    if (!entry.file) continue;
    if (!lineCounts.has(entry.file)) lineCounts.set(entry.file, await lineCount(root, entry.file));
    const lines = lineCounts.get(entry.file);
    const where = `${suite.displayFile}: ${evalCase.field}.${field}`;
    if (lines === undefined)
      throw new CodeauditError(
        "CONFIG_INVALID",
        `${where}.file: ${entry.file} is not a file of case ${evalCase.id}'s repository`,
      );
    if (entry.lines && entry.lines[1] > lines)
      throw new CodeauditError(
        "CONFIG_INVALID",
        `${where}.lines: [${entry.lines[0]}, ${entry.lines[1]}] runs past the end of ${entry.file} (${lines} lines)`,
      );
  }
}

async function lineCount(root: string, file: string): Promise<number | undefined> {
  const absolute = path.resolve(root, file);
  if (absolute !== root && !absolute.startsWith(root + path.sep)) return undefined;
  try {
    return countLines(await readFile(absolute, "utf8"));
  } catch {
    return undefined;
  }
}
