import type { SkippedFile } from "../../schemas/index.js";

/** One file of the repository, described without holding its content. */
export interface RepoFile {
  /** Posix path relative to the repository root. */
  readonly path: string;
  readonly language: string | null;
  readonly size: number;
  readonly lines: number;
  /** sha256 of the content, hex. */
  readonly sha: string;
  readonly isTest: boolean;
  readonly isGenerated: boolean;
  readonly isVendored: boolean;
}

/** A repository as the pipeline sees it: a file list, what was skipped, and lazy reads. */
export interface RepoSnapshot {
  readonly root: string;
  readonly name: string;
  readonly url?: string;
  readonly commit?: string;
  readonly ref?: string;
  readonly isGit: boolean;
  readonly files: readonly RepoFile[];
  readonly skipped: readonly SkippedFile[];
  /** The file's entry, or undefined when it is not in the snapshot. */
  file(path: string): RepoFile | undefined;
  /** The file's text; throws for paths not in the snapshot. */
  read(path: string): Promise<string>;
}
