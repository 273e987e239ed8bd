import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, readlink, symlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Fixture files whose real names would interact with our own repository (`.gitignore`, `.env`,
 * `.github/`) are stored with this prefix and renamed when the fixture is materialised.
 */
export const DOT_PREFIX = "dot_";

/** A fixed identity and date, so a materialised fixture always gets the same commit id. */
const FIXTURE_COMMIT_ENV = {
  GIT_AUTHOR_NAME: "codeaudit eval",
  GIT_AUTHOR_EMAIL: "eval@codeaudit.invalid",
  GIT_COMMITTER_NAME: "codeaudit eval",
  GIT_COMMITTER_EMAIL: "eval@codeaudit.invalid",
  GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
};

/** The name a stored fixture path segment gets in the materialised repository (`dot_env` → `.env`). */
export function materialisedName(segment: string): string {
  return segment.startsWith(DOT_PREFIX) ? `.${segment.slice(DOT_PREFIX.length)}` : segment;
}

/** A stored fixture path (`dot_github/workflows/ci.yml`) as it appears in the repository (`.github/workflows/ci.yml`). */
export function materialisedPath(storedPath: string): string {
  return storedPath.split("/").map(materialisedName).join("/");
}

/**
 * Copies a fixture folder to `destination` with `dot_` names restored, then makes it a git repository
 * with one commit (the fixture's own .gitignore applies, as it would for a real project). Returns the commit.
 */
export async function materialiseFixture(source: string, destination: string): Promise<string> {
  await copyTree(source, destination);
  // git directly rather than simple-git, whose environment guard refuses the identity and date variables.
  const git = async (...args: string[]) =>
    (
      await run("git", ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args], {
        cwd: destination,
        env: {
          PATH: process.env.PATH ?? "",
          ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
          ...FIXTURE_COMMIT_ENV,
        },
      })
    ).stdout.trim();
  await git("init", "--quiet", "--initial-branch=main");
  await git("add", "-A");
  await git("commit", "--quiet", "--no-verify", "--allow-empty", "-m", "fixture");
  return git("rev-parse", "HEAD");
}

async function copyTree(source: string, destination: string): Promise<void> {
  await mkdir(destination, { recursive: true });
  const entries = await readdir(source, { withFileTypes: true });
  for (const entry of entries) {
    const from = path.join(source, entry.name);
    const to = path.join(destination, materialisedName(entry.name));
    if (entry.isDirectory()) await copyTree(from, to);
    else if (entry.isFile()) await copyFile(from, to);
    // Links are copied as links, so a fixture can test how the audit treats them.
    else if (entry.isSymbolicLink()) await symlink(await readlink(from), to);
  }
}
