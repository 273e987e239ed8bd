import { stat } from "node:fs/promises";
import path from "node:path";
import { CodeauditError } from "../../errors.js";
import type { RepoFile, RepoSnapshot } from "../../ingest/snapshot.js";
import { confinePath, relativePosix } from "../roots.js";
import { repositoryFolder, type ServerContext } from "../server-context.js";

/** A path inside a repository, confined and checked against the repository's file list. */
export interface ResolvedEntry {
  snapshot: RepoSnapshot;
  /** Posix path relative to the repository folder ("" for the folder itself). */
  relative: string;
  isDirectory: boolean;
}

/**
 * Confines `requested` to the roots and to the repository folder, then looks it up in the snapshot so
 * .gitignore, binary, oversized and symlinked files are refused the same way ingest skips them.
 */
export async function resolveInRepository(
  context: ServerContext,
  repository: string,
  requested: string,
): Promise<ResolvedEntry> {
  const folder = await repositoryFolder(context, repository);
  const real = await confinePath(context.roots, requested, folder);
  const relative = relativePosix(folder, real);
  if (relative === ".." || relative.startsWith("../") || path.isAbsolute(relative))
    throw new CodeauditError(
      "PATH_OUTSIDE_ROOT",
      `refused ${JSON.stringify(requested)}: it is outside the repository folder ${repository}`,
    );
  const snapshot = await context.snapshots.get(folder);
  return { snapshot, relative, isDirectory: (await stat(real)).isDirectory() };
}

/** The listed file at `relative`, or an error that says why it cannot be read. */
export function listedFile(snapshot: RepoSnapshot, relative: string, requested: string): RepoFile {
  const file = snapshot.file(relative);
  if (file) return file;
  const skipped = snapshot.skipped.find((entry) => entry.path === relative);
  if (skipped)
    throw new CodeauditError(
      "USAGE",
      `${requested} is not readable: skipped as ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ""}`,
    );
  throw new CodeauditError(
    "USAGE",
    `${requested} is not a file of the repository (ignored by .gitignore, under .git, or not a regular file)`,
  );
}
