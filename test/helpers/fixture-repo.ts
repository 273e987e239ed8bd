import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { afterAll } from "vitest";

/** A file's content, or a symbolic link to create instead. */
export type FixtureEntry = string | Buffer | { symlink: string };

export interface FixtureOptions {
  /** Make it a git repository with one commit of every file (default true). */
  git?: boolean;
  /** Files written after the commit, so they are untracked. */
  untracked?: Record<string, FixtureEntry>;
  /** Folder name of the repository (a random temp name by default). */
  name?: string;
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Writes a repository to a fresh temp folder and returns its path; removed after the test file. */
export async function makeRepo(
  files: Record<string, FixtureEntry>,
  options: FixtureOptions = {},
): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "codeaudit-fixture-"));
  created.push(parent);
  const dir = options.name ? path.join(parent, options.name) : parent;
  await mkdir(dir, { recursive: true });
  await writeEntries(dir, files);
  if (options.git ?? true) {
    const git = simpleGit(dir);
    await git.init(["--initial-branch=main"]);
    await git
      .addConfig("user.email", "fixture@example.com")
      .addConfig("user.name", "Fixture")
      .addConfig("commit.gpgsign", "false");
    await git.add(["-A"]);
    await git.commit("fixture");
  }
  if (options.untracked) await writeEntries(dir, options.untracked);
  return dir;
}

/** A temp folder (removed after the test file). */
export async function tempDir(prefix = "codeaudit-tmp-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

async function writeEntries(dir: string, files: Record<string, FixtureEntry>): Promise<void> {
  for (const [relative, entry] of Object.entries(files)) {
    const target = path.join(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof entry === "object" && !Buffer.isBuffer(entry)) await symlink(entry.symlink, target);
    else await writeFile(target, entry);
  }
}
