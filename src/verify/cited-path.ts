import path from "node:path";

/** A model-cited path made repository-relative, or the reason it can never name a repository file. */
export type CitedPath = { ok: true; path: string } | { ok: false; reason: "path-outside-root" };

/**
 * Normalises a path as models write it (`./src\\a.ts`, `/src/a.ts`, the absolute root prefix) to the
 * snapshot's posix form, and refuses anything that climbs out of the repository.
 */
export function normalizeCitedPath(cited: string, root?: string): CitedPath {
  let candidate = cited.trim().replaceAll("\\", "/");
  const posixRoot = root?.replaceAll("\\", "/").replace(/\/+$/, "");
  if (posixRoot && candidate.startsWith(`${posixRoot}/`)) candidate = candidate.slice(posixRoot.length + 1);
  // A drive letter can only point outside a repository-relative namespace.
  if (/^[A-Za-z]:\//.test(candidate)) return { ok: false, reason: "path-outside-root" };
  candidate = candidate.replace(/^\/+/, "");
  const normalised = path.posix.normalize(candidate);
  if (normalised === ".." || normalised.startsWith("../")) return { ok: false, reason: "path-outside-root" };
  return { ok: true, path: normalised.replace(/^\.\/$/, "").replace(/\/+$/, "") };
}

/** `src/a.ts:12` or `src/a.ts:12-14` without the line suffix some models append; undefined if none. */
export function withoutLineSuffix(cited: string): string | undefined {
  const match = /^(.+?):\d+(?:-\d+)?$/.exec(cited);
  return match?.[1];
}
