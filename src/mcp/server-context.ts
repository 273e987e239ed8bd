import { stat } from "node:fs/promises";
import { z } from "zod";
import type { ScanOptions } from "../../tools/scanner.js";
import { CodeauditError } from "../errors.js";
import type { ReportStore } from "./report-store.js";
import type { Reviewer } from "./reviewer.js";
import { confinePath, type Root } from "./roots.js";
import type { SnapshotCache } from "./snapshot-cache.js";

/** Everything a tool needs, shared by all tools (and all HTTP sessions) of one server process. */
export interface ServerContext {
  readonly roots: readonly Root[];
  readonly snapshots: SnapshotCache;
  readonly store: ReportStore;
  readonly reviewer: Reviewer;
  readonly scanOptions: ScanOptions;
  /** Files larger than this are skipped by ingest and refused by read_file. */
  readonly maxFileBytes: number;
  /** Wall-clock budget of one grep call. */
  readonly grepTimeBudgetMs: number;
}

/** The `path` input naming a repository folder under a root. */
export const repositoryPathInput = z
  .string()
  .max(4096)
  .default(".")
  .describe(
    "Repository folder: relative to the server's first root (default: the root itself) or an absolute path under one of its roots.",
  );

/** Confines a repository folder to the roots and checks it is a folder; returns its real path. */
export async function repositoryFolder(context: ServerContext, requested: string): Promise<string> {
  const folder = await confinePath(context.roots, requested);
  if (!(await stat(folder)).isDirectory())
    throw new CodeauditError(
      "TARGET_NOT_DIRECTORY",
      `not a folder: ${requested} (give the repository folder, not a file)`,
    );
  return folder;
}
