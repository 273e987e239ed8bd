import { createHash } from "node:crypto";
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { simpleGit } from "simple-git";
import type { SkippedFile } from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";
import { WeightedLru } from "../util/weighted-lru.js";
import { isGeneratedFile, isTestPath, isVendoredPath } from "./classify.js";
import { cloneRepository } from "./clone.js";
import { detectLanguage } from "./language.js";
import { isGitWorkTree, listGitFiles, walkFiles } from "./list-files.js";
import { rustTestModuleFiles } from "./rust-test-modules.js";
import type { RepoFile, RepoSnapshot } from "./snapshot.js";
import { isGitUrl, repoNameFromTarget } from "./target.js";

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const SNIFF_BYTES = 8000;

export interface IngestOptions {
  /** Branch, tag or commit to audit. For a local repository it is checked out into a cached clone, leaving the work tree alone. */
  ref?: string;
  /** Files larger than this are listed as skipped; 1 MiB by default. */
  maxFileBytes?: number;
  cacheDir?: string;
  /**
   * Keep the texts ingest read for the snapshot's readers (default true: one read per file). A
   * long-lived snapshot over a work tree that changes (the MCP server's) passes false, so reads see
   * the files as they are now.
   */
  keepTexts?: boolean;
}

/** Replaceable I/O for tests. */
export interface IngestDeps {
  readFile: (absolutePath: string) => Promise<Buffer>;
}

const defaultDeps: IngestDeps = { readFile: (file) => readFile(file) };

/** Turns a local folder or a git URL into a RepoSnapshot. Throws CodeauditError on bad input. */
export async function ingest(
  target: string,
  options: IngestOptions = {},
  deps: IngestDeps = defaultDeps,
): Promise<RepoSnapshot> {
  if (isGitUrl(target)) {
    const cloned = await cloneRepository(target, options);
    return snapshotFolder(cloned.dir, {
      ...options,
      name: repoNameFromTarget(target),
      url: target,
      commit: cloned.commit,
      deps,
    });
  }
  const root = path.resolve(target);
  let info: import("node:fs").Stats;
  try {
    info = await stat(root);
  } catch {
    throw new CodeauditError("TARGET_NOT_FOUND", `no such file or folder: ${target}`);
  }
  if (!info.isDirectory()) {
    throw new CodeauditError(
      "TARGET_NOT_DIRECTORY",
      `not a folder: ${target} (point codeaudit at a repository folder)`,
    );
  }
  if (options.ref) {
    if (!(await isGitWorkTree(root))) {
      throw new CodeauditError("USAGE", `--ref needs a git repository, and ${target} is not one`);
    }
    const cloned = await cloneRepository(`file://${await realpath(root)}`, options);
    return snapshotFolder(cloned.dir, { ...options, name: path.basename(root), commit: cloned.commit, deps });
  }
  return snapshotFolder(root, { ...options, name: path.basename(root), deps });
}

interface SnapshotOptions extends IngestOptions {
  name: string;
  url?: string;
  commit?: string;
  deps: IngestDeps;
}

async function snapshotFolder(root: string, options: SnapshotOptions): Promise<RepoSnapshot> {
  const realRoot = await realpath(root);
  const isGit = await isGitWorkTree(realRoot);
  const paths = isGit ? await listGitFiles(realRoot) : await walkFiles(realRoot);
  if (paths.length === 0) {
    throw new CodeauditError("TARGET_EMPTY", `nothing to audit: ${root} has no files (after .gitignore)`);
  }
  const commit = options.commit ?? (isGit ? await headCommit(realRoot) : undefined);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const limit = pLimit(32);
  // Texts read here are kept for the scanners up to the snapshot cache's budget, never beyond it.
  let keep = options.keepTexts === false ? 0 : SNAPSHOT_CACHE_CHARS;
  const described = await Promise.all(
    paths.map((relative) =>
      limit(async () => {
        const entry = await describeFile(realRoot, relative, maxBytes, options.deps);
        if (!entry || "reason" in entry) return entry;
        if (entry.text.length > keep) return { file: entry.file, text: undefined };
        keep -= entry.text.length;
        return entry;
      }),
    ),
  );

  const files: RepoFile[] = [];
  const skipped: SkippedFile[] = [];
  const texts = new Map<string, string>();
  for (const entry of described) {
    if (!entry) continue;
    if ("reason" in entry) skipped.push(entry);
    else {
      files.push(entry.file);
      if (entry.text !== undefined) texts.set(entry.file.path, entry.text);
    }
  }
  if (files.length === 0 && skipped.length === 0) {
    throw new CodeauditError("TARGET_EMPTY", `nothing to audit: ${root} has no readable files`);
  }
  // Test code by declaration rather than by path: the body of `#[cfg(test)] mod tests;` in its own file.
  const testModules = await rustTestModuleFiles(files, async (relative) => {
    const known = texts.get(relative);
    if (known !== undefined) return known;
    return options.deps
      .readFile(path.join(realRoot, relative))
      .then((buffer) => buffer.toString("utf8"))
      .catch(() => "");
  });
  return createSnapshot({
    root: realRoot,
    name: options.name,
    url: options.url,
    commit,
    ref: options.ref,
    isGit,
    files: files.map((file) => (testModules.has(file.path) ? { ...file, isTest: true } : file)),
    skipped,
    deps: options.deps,
    texts,
  });
}

async function headCommit(dir: string): Promise<string | undefined> {
  try {
    return (await simpleGit(dir).revparse(["HEAD"])).trim() || undefined;
  } catch {
    return undefined; // a repository with no commits yet
  }
}

async function describeFile(
  root: string,
  relative: string,
  maxBytes: number,
  deps: IngestDeps,
): Promise<{ file: RepoFile; text: string } | SkippedFile | undefined> {
  const absolute = path.join(root, relative);
  let info: import("node:fs").Stats;
  try {
    info = await lstat(absolute);
  } catch {
    return undefined; // listed by git but deleted from the work tree
  }
  if (info.isSymbolicLink()) {
    let resolved: string;
    try {
      resolved = await realpath(absolute);
    } catch {
      return { path: relative, reason: "not-regular-file", detail: "broken symbolic link" };
    }
    const inside = resolved === root || resolved.startsWith(root + path.sep);
    if (!inside)
      return {
        path: relative,
        reason: "symlink-outside-root",
        detail: "symbolic link resolves outside the repository",
      };
    // A link inside the repository points at a file that is listed (and counted) under its own path.
    return {
      path: relative,
      reason: "not-regular-file",
      detail: `symbolic link to ${path.relative(root, resolved).split(path.sep).join("/")}`,
    };
  }
  if (info.isDirectory()) return undefined; // a submodule's gitlink
  if (!info.isFile()) return { path: relative, reason: "not-regular-file" };
  if (info.size > maxBytes) {
    return { path: relative, reason: "too-large", detail: `${info.size} bytes, limit ${maxBytes}` };
  }
  let buffer: Buffer;
  try {
    buffer = await deps.readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { path: relative, reason: "unreadable", detail: code };
  }
  if (buffer.subarray(0, SNIFF_BYTES).includes(0)) return { path: relative, reason: "binary" };
  const text = buffer.toString("utf8");
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? 200 : Math.min(text.indexOf("\n"), 200));
  const file: RepoFile = {
    path: relative,
    language: detectLanguage(relative, firstLine),
    size: buffer.length,
    lines: countLines(text),
    sha: createHash("sha256").update(buffer).digest("hex"),
    isTest: isTestPath(relative),
    isGenerated: isGeneratedFile(relative, text.slice(0, 2000)),
    isVendored: isVendoredPath(relative),
  };
  return { file, text };
}

/** Number of lines as an editor shows them: a final line without a newline still counts. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) count++;
  return text.endsWith("\n") ? count : count + 1;
}

/** How long a run of cached reads may keep the event loop before it lets other work in. */
const YIELD_EVERY_MS = 4;
let lastYield = performance.now();

/**
 * A scanner walking files it reads from the cache never leaves the microtask queue, so replies from
 * syntax workers (and the next files for them) would wait until it finished: every few milliseconds a
 * read lets the event loop turn, which keeps the parse threads fed while scanners run here.
 */
async function yieldNowAndThen(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < YIELD_EVERY_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

/** Characters of file text a snapshot keeps in memory for its readers. */
const SNAPSHOT_CACHE_CHARS = 64 * 1024 * 1024;

interface SnapshotParts {
  root: string;
  name: string;
  url?: string;
  commit?: string;
  ref?: string;
  isGit: boolean;
  files: RepoFile[];
  skipped: SkippedFile[];
  deps?: IngestDeps;
  /** Texts ingest already read, kept (while the cache has room) so scanners need not read them again. */
  texts?: ReadonlyMap<string, string>;
}

/** Builds a snapshot over already-described files; reads go to disk lazily through a bounded cache. */
export function createSnapshot(parts: SnapshotParts): RepoSnapshot {
  const byPath = new Map(parts.files.map((file) => [file.path, file]));
  const cache = new WeightedLru<string>(SNAPSHOT_CACHE_CHARS);
  for (const [relative, text] of parts.texts ?? []) if (!cache.offer(relative, text, text.length)) break;
  const deps = parts.deps ?? defaultDeps;
  return {
    root: parts.root,
    name: parts.name,
    url: parts.url,
    commit: parts.commit,
    ref: parts.ref,
    isGit: parts.isGit,
    files: parts.files,
    skipped: parts.skipped,
    file: (relative) => byPath.get(relative),
    async read(relative) {
      if (!byPath.has(relative))
        throw new CodeauditError("PATH_OUTSIDE_ROOT", `not a file of this repository: ${relative}`);
      const cached = cache.get(relative);
      if (cached !== undefined) {
        await yieldNowAndThen();
        return cached;
      }
      const text = (await deps.readFile(path.join(parts.root, relative))).toString("utf8");
      cache.set(relative, text, text.length);
      return text;
    },
  };
}
