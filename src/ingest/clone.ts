import { createHash } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { CodeauditError } from "../errors.js";

export interface CloneOptions {
  /** Branch, tag or commit to check out; the remote's default branch when absent. */
  ref?: string;
  /** Folder holding cached clones; `$CODEAUDIT_CACHE_DIR` or `~/.cache/codeaudit` by default. */
  cacheDir?: string;
}

export interface ClonedRepo {
  dir: string;
  commit: string;
}

/** The default folder for cached clones. */
export function defaultCacheDir(): string {
  return process.env.CODEAUDIT_CACHE_DIR ?? path.join(os.homedir(), ".cache", "codeaudit");
}

const COMMIT_PATTERN = /^[0-9a-f]{7,40}$/i;

/**
 * Shallow-fetches `url` at `ref` into a cache folder keyed by URL and ref. A clone pinned to a full
 * commit is reused as is; a branch or tag is fetched again so it is never stale.
 */
export async function cloneRepository(url: string, options: CloneOptions = {}): Promise<ClonedRepo> {
  const cacheRoot = path.join(options.cacheDir ?? defaultCacheDir(), "repos");
  const key = createHash("sha256")
    .update(`${url}\n${options.ref ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(cacheRoot, key);
  await mkdir(cacheRoot, { recursive: true });

  if (options.ref && /^[0-9a-f]{40}$/i.test(options.ref) && (await isDirectory(path.join(dir, ".git")))) {
    const head = await simpleGit(dir)
      .revparse(["HEAD"])
      .catch(() => "");
    if (head.trim() === options.ref.toLowerCase()) return { dir, commit: head.trim() };
  }

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const repo = simpleGit({ baseDir: dir, timeout: { block: 300_000 } });
  const wanted = options.ref ?? "HEAD";
  try {
    await repo.init();
    await repo.addRemote("origin", url);
    try {
      await repo.raw(["fetch", "--depth", "1", "--no-tags", "origin", wanted]);
    } catch (shallowError) {
      // Some servers refuse to serve an abbreviated or unadvertised commit shallowly: fetch everything.
      if (!options.ref || !COMMIT_PATTERN.test(options.ref)) throw shallowError;
      await repo.raw(["fetch", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*"]);
      await repo.raw(["checkout", "--detach", options.ref]);
      const commit = (await repo.revparse(["HEAD"])).trim();
      return { dir, commit };
    }
    await repo.raw(["checkout", "--detach", "FETCH_HEAD"]);
    const commit = (await repo.revparse(["HEAD"])).trim();
    return { dir, commit };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const reason = meaningfulLine(error instanceof Error ? error.message : String(error));
    const what = options.ref ? `${url} at ${options.ref}` : url;
    throw new CodeauditError("CLONE_FAILED", `could not clone ${what}: ${reason}`, { cause: error });
  }
}

/** git prints several lines; keep the one that says what went wrong. */
function meaningfulLine(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.replace(/^fatal:\s*/, "").trim())
    .filter(Boolean);
  return (
    lines.find((line) => /not found|could not|does not|couldn't|repository|unable|invalid/i.test(line)) ??
    lines[0] ??
    "unknown error"
  );
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
