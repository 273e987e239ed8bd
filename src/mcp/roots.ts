import { realpathSync, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { CodeauditError } from "../errors.js";

/** A folder the server may read under: the path as given and where it really is. */
export interface Root {
  readonly given: string;
  readonly real: string;
}

/** Resolves the `--root` folders once at start-up; each must be an existing folder. */
export function resolveRoots(folders: readonly string[]): Root[] {
  if (folders.length === 0)
    throw new CodeauditError("USAGE", "the MCP server needs at least one root folder");
  const roots: Root[] = [];
  for (const folder of folders) {
    const given = path.resolve(folder);
    let real: string;
    try {
      real = realpathSync(given);
    } catch {
      throw new CodeauditError("TARGET_NOT_FOUND", `root folder not found: ${folder}`);
    }
    if (!statSync(real).isDirectory())
      throw new CodeauditError("TARGET_NOT_DIRECTORY", `root is not a folder: ${folder}`);
    roots.push({ given, real });
  }
  return roots;
}

const ENCODED_SEPARATOR = /%(2e|2f|5c|00)/i;
const DRIVE_OR_UNC = /^([a-z]:|\/\/)/i;
const DOTS_ONLY = /^[.\s]*\.\.[.\s]*$/;

/** Refuses path spellings that could escape a root before anything touches the disk; returns why, or undefined. */
export function unsafeSpelling(requested: string): string | undefined {
  if (requested.includes("\0")) return "the path contains a NUL byte";
  if (requested.includes("\\"))
    return "backslashes are not allowed in paths; use forward slashes relative to the root";
  if (ENCODED_SEPARATOR.test(requested))
    return "percent-encoded dots, slashes or NUL bytes are not allowed in paths";
  if (DRIVE_OR_UNC.test(requested)) return "drive letters and UNC paths are not allowed";
  if (/:\$/.test(requested) || /::/.test(requested)) return "alternate data stream syntax is not allowed";
  if (requested.split("/").some((segment) => DOTS_ONLY.test(segment)))
    return "`..` segments are not allowed; give a path inside the root";
  return undefined;
}

function isWithin(folder: string, candidate: string): boolean {
  return candidate === folder || candidate.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/**
 * Resolves a client-supplied path against `base` (the first root by default) and returns its real
 * absolute path. Throws PATH_OUTSIDE_ROOT, with the reason, for anything outside the given roots:
 * `..`, absolute paths elsewhere, symbolic links that resolve outside, NUL bytes, encoded or
 * Windows-style tricks. Throws TARGET_NOT_FOUND when the path does not exist.
 */
export async function confinePath(
  roots: readonly Root[],
  requested: string,
  base: string | undefined = roots[0]?.real,
): Promise<string> {
  const refusal = unsafeSpelling(requested);
  if (refusal)
    throw new CodeauditError("PATH_OUTSIDE_ROOT", `refused ${JSON.stringify(requested)}: ${refusal}`);
  if (base === undefined) throw new CodeauditError("USAGE", "the MCP server has no root folder");
  const lexical = path.resolve(base, requested === "" ? "." : requested);
  const inside = roots.some((root) => isWithin(root.real, lexical) || isWithin(root.given, lexical));
  if (!inside)
    throw new CodeauditError(
      "PATH_OUTSIDE_ROOT",
      `refused ${JSON.stringify(requested)}: it is outside the server's root folders (${roots.map((root) => root.given).join(", ")})`,
    );
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new CodeauditError("TARGET_NOT_FOUND", `no such file or folder: ${requested}`);
  }
  if (!roots.some((root) => isWithin(root.real, real)))
    throw new CodeauditError(
      "PATH_OUTSIDE_ROOT",
      `refused ${JSON.stringify(requested)}: it is a symbolic link that resolves outside the server's root folders`,
    );
  return real;
}

/** The posix path of `absolute` relative to `folder`. */
export function relativePosix(folder: string, absolute: string): string {
  return path.relative(folder, absolute).split(path.sep).join("/");
}
