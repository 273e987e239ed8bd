import { parse } from "smol-toml";
import type { LockedPackage } from "./lockfiles.js";

/**
 * Cargo.lock, poetry.lock and uv.lock: one `[[package]]` table per pinned package. Values come from
 * smol-toml; the line of each package is its `name = …` line, matched by order. The repository's
 * own packages pin nothing and are left out: Cargo packages without a `source` (workspace members and
 * path dependencies), uv's editable, virtual and directory sources, poetry's directory sources.
 */
export function parseTomlLockfile(
  text: string,
  kind: "Cargo.lock" | "poetry.lock" | "uv.lock",
): { format: string; packages: LockedPackage[] } {
  const doc = parse(text) as Record<string, unknown>;
  // The line naming each package (`name = "…"` under its `[[package]]` header), in order.
  const headers: number[] = [];
  let awaitingName = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*\[\[\s*package\s*\]\]\s*$/.test(line)) {
      headers.push(index + 1);
      awaitingName = true;
    } else if (awaitingName && /^\s*name\s*=/.test(line)) {
      headers[headers.length - 1] = index + 1;
      awaitingName = false;
    } else if (/^\s*\[/.test(line)) awaitingName = false;
  });
  const entries = Array.isArray(doc.package) ? (doc.package as Array<Record<string, unknown>>) : [];
  const packages: LockedPackage[] = [];
  entries.forEach((entry, index) => {
    if (typeof entry.name !== "string" || typeof entry.version !== "string") return;
    if (isLocal(kind, entry.source)) return;
    packages.push({ name: entry.name, version: entry.version, line: headers[index] ?? 1 });
  });
  const version =
    doc.version ??
    (typeof doc.metadata === "object" && doc.metadata !== null
      ? (doc.metadata as Record<string, unknown>)["lock-version"]
      : undefined);
  return { format: version === undefined ? kind : `${kind} v${String(version)}`, packages };
}

/** Is a `[[package]]` the repository's own code rather than something fetched? */
function isLocal(kind: "Cargo.lock" | "poetry.lock" | "uv.lock", source: unknown): boolean {
  if (kind === "Cargo.lock") return source === undefined;
  if (typeof source !== "object" || source === null) return false;
  if (kind === "uv.lock") return "editable" in source || "virtual" in source || "directory" in source;
  return (source as Record<string, unknown>).type === "directory";
}
