import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { simpleGit } from "simple-git";

/** Folders never walked in a plain (non-git) folder: tool state and installed packages. */
const ALWAYS_EXCLUDED = [
  ".git",
  "node_modules",
  ".venv",
  "venv",
  "__pycache__",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
];

/** True when `dir` is inside a git work tree. */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    return (await simpleGit(dir).raw(["rev-parse", "--is-inside-work-tree"])).trim() === "true";
  } catch {
    return false;
  }
}

/** Tracked files plus untracked files git does not ignore, relative to `dir`. */
export async function listGitFiles(dir: string): Promise<string[]> {
  const output = await simpleGit(dir).raw(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  const unique = new Set(output.split("\0").filter(Boolean));
  return [...unique].sort();
}

/** Every file under `dir`, honouring each folder's .gitignore like git would. */
export async function walkFiles(dir: string): Promise<string[]> {
  const results: string[] = [];
  const rootIgnore = ignore().add(ALWAYS_EXCLUDED.map((name) => `${name}/`));
  await walk(dir, "", [{ base: "", rules: rootIgnore }], results);
  return results.sort();
}

interface Scope {
  base: string;
  rules: Ignore;
}

async function walk(root: string, relative: string, scopes: Scope[], out: string[]): Promise<void> {
  const absolute = path.join(root, relative);
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch {
    return;
  }
  const local = await readIgnoreFile(path.join(absolute, ".gitignore"));
  const active = local ? [...scopes, { base: relative, rules: ignore().add(local) }] : scopes;
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    const isDirectory = entry.isDirectory();
    if (isIgnored(active, child, isDirectory)) continue;
    if (isDirectory) await walk(root, child, active, out);
    else out.push(child);
  }
}

function isIgnored(scopes: Scope[], child: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const within = scope.base ? child.slice(scope.base.length + 1) : child;
    if (scope.rules.ignores(isDirectory ? `${within}/` : within)) return true;
  }
  return false;
}

async function readIgnoreFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}
