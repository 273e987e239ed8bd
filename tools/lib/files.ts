import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";

/** Files a scanner should read as the project's own source: neither vendored nor generated. */
export function ownFiles(snapshot: RepoSnapshot): RepoFile[] {
  return snapshot.files.filter((file) => !file.isVendored && !file.isGenerated);
}

/** The file's base name. */
export function baseName(filePath: string): string {
  const slash = filePath.lastIndexOf("/");
  return slash === -1 ? filePath : filePath.slice(slash + 1);
}

/** The file's folder ("" at the root). */
export function dirName(filePath: string): string {
  const slash = filePath.lastIndexOf("/");
  return slash === -1 ? "" : filePath.slice(0, slash);
}
