import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName } from "./files.js";
import { type CommandCheck, classifySegment, commandSegments, packageScript } from "./workflows-commands.js";
import {
  parseJustfile,
  parseMakefile,
  parsePackageScripts,
  parseTaskfile,
  type RecipeBook,
} from "./workflows-target-files.js";

/** A command a runner target really runs, the folder it runs in, and the chain that led to it. */
export interface ResolvedCommand {
  text: string;
  folder: string;
  via: string;
}

/** Expands `make test`, `npm run check`… to the commands of the target; undefined when the target is not found. */
export type TargetResolver = (segment: string, cwd: string) => ResolvedCommand[] | undefined;

/** A check found by reading a target's commands. */
export interface ResolvedCheck extends CommandCheck {
  /** Undefined for a check judged by the target's name. */
  via?: string;
  text: string;
  folder: string;
}

const FILE_NAMES: Record<RecipeBook["runner"], string[]> = {
  make: ["GNUmakefile", "makefile", "Makefile"],
  just: ["justfile", "Justfile", ".justfile"],
  task: ["Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml"],
  npm: ["package.json"],
};
const PARSERS: Record<RecipeBook["runner"], (text: string) => RecipeBook | undefined> = {
  make: parseMakefile,
  just: parseJustfile,
  task: parseTaskfile,
  npm: parsePackageScripts,
};
// Deep enough for `make ci -> make test -> go test`, shallow enough to stay cheap on recursive Makefiles.
const MAX_DEPTH = 3;
const NO_OP = /^(?:echo|printf|exit|true|false|:)(?:\s|$)/;

/** Reads every Makefile, justfile, Taskfile and package.json outside vendored code, by path. */
export async function targetBooks(snapshot: RepoSnapshot): Promise<Map<string, RecipeBook>> {
  const books = new Map<string, RecipeBook>();
  for (const file of snapshot.files) {
    if (file.isVendored) continue;
    const runner = (Object.keys(FILE_NAMES) as RecipeBook["runner"][]).find((key) =>
      FILE_NAMES[key].includes(baseName(file.path)),
    );
    const book = runner ? PARSERS[runner](await snapshot.read(file.path)) : undefined;
    if (book) books.set(file.path, book);
  }
  return books;
}

/** Resolves runner invocations through the recipe books, following nested runner calls and prerequisites. */
export function targetResolver(books: Map<string, RecipeBook>): TargetResolver {
  const resolve = (segment: string, cwd: string, via: string, depth: number, seen: Set<string>) => {
    const call = invocation(segment);
    if (!call) return undefined;
    const folder = call.folder ? join(cwd, unquote(call.folder)) : cwd;
    const paths = call.file
      ? [join(folder, unquote(call.file))]
      : FILE_NAMES[call.runner].map((name) => join(folder, name));
    const path = paths.find((candidate) => books.get(candidate)?.runner === call.runner);
    const book = path === undefined ? undefined : books.get(path);
    if (path === undefined || !book) return undefined;
    const names = targetNames(call, book);
    if (names.length === 0 || names.some((name) => !book.recipes.has(name))) return undefined;
    const out: ResolvedCommand[] = [];
    const visit = (name: string, chain: string, level: number) => {
      const recipe = book.recipes.get(name);
      if (!recipe || seen.has(`${path}#${name}`)) return;
      seen.add(`${path}#${name}`);
      const label = call.runner === "npm" ? "npm run" : call.runner;
      for (const dep of recipe.deps)
        if (level < MAX_DEPTH) visit(dep, `${chain} -> ${label} ${dep}`, level + 1);
      // npm runs `pretest` before `test` and `posttest` after it.
      if (call.runner === "npm") visit(`pre${name}`, `${chain} -> npm run pre${name}`, level);
      for (const command of recipe.commands) {
        let here = folder;
        for (const part of commandSegments(command)) {
          const cd = /^(?:cd|pushd)\s+(\S+)$/.exec(part);
          if (cd) {
            here = /[$`~]/.test(cd[1] ?? "") ? folder : join(here, unquote(cd[1] ?? ""));
            continue;
          }
          const step = `${chain} -> ${part}`;
          const nested = level < MAX_DEPTH ? resolve(part, here, step, level + 1, seen) : undefined;
          out.push(...(nested ?? [{ text: part, folder: here, via: step }]));
        }
      }
      if (call.runner === "npm") visit(`post${name}`, `${chain} -> npm run post${name}`, level);
    };
    for (const name of names) visit(name, via, depth);
    return out;
  };
  return (segment, cwd) => resolve(segment, cwd, segment, 1, new Set());
}

/**
 * The checks a runner invocation really performs; undefined (classify by name) when the target cannot be
 * read or runs commands none of the rules know. A target that only echoes checks nothing.
 */
export function resolvedChecks(
  segment: string,
  cwd: string,
  resolver: TargetResolver | undefined,
): ResolvedCheck[] | undefined {
  const leaves = resolver?.(segment, cwd);
  if (!leaves) return undefined;
  const checks: ResolvedCheck[] = [];
  for (const leaf of leaves)
    for (const check of classifySegment(leaf.text))
      if (!checks.some((entry) => entry.kind === check.kind && entry.ecosystem === check.ecosystem))
        checks.push({ ...check, via: leaf.via, text: leaf.text, folder: leaf.folder });
  const unknown = leaves.some((leaf) => !NO_OP.test(leaf.text) && classifySegment(leaf.text).length === 0);
  if (checks.length === 0 && unknown) return undefined;
  // `test: node ./run.js` beside a known `pretest`: the target's name still says what the unknown part does.
  if (unknown)
    for (const check of classifySegment(segment))
      if (!checks.some((entry) => entry.kind === check.kind))
        checks.push({ ...check, text: segment, folder: cwd });
  return checks;
}

interface Invocation {
  runner: RecipeBook["runner"];
  names: string[];
  folder?: string;
  file?: string;
  /** `npm-run-all` patterns (`lint:*`) match several scripts. */
  patterns?: boolean;
}

// npm commands that are not scripts, even when a package defines a script of the same name.
const NPM_BUILT_IN =
  /^(?:install|i|ci|add|remove|audit|exec|dlx|x|publish|pack|version|link|init|create|why|list|ls|outdated|update|upgrade)$/;

function invocation(segment: string): Invocation | undefined {
  const tokens = segment.split(/\s+/);
  const command = (tokens[0] ?? "").replace(/^\S*\//, "");
  if (/^(?:g?make|just|task)$/.test(command)) {
    const runner = command === "just" ? "just" : command === "task" ? "task" : "make";
    const call: Invocation = { runner, names: [] };
    for (let index = 1; index < tokens.length; index++) {
      const token = tokens[index] ?? "";
      const [flag, inline] = token.split("=", 2) as [string, string | undefined];
      const attached = /^-([Cfd])(.+)$/.exec(token);
      if (attached && runner === "make") {
        if (attached[1] === "C") call.folder = attached[2];
        else call.file = attached[2];
      } else if (/^(?:-C|--directory|-d|--working-directory|--dir)$/.test(flag))
        call.folder = inline ?? tokens[++index];
      else if (/^(?:-f|--file|--makefile|--justfile|-t|--taskfile)$/.test(flag))
        call.file = inline ?? tokens[++index];
      else if (/^-j$|^--jobs$/.test(token) && /^\d+$/.test(tokens[index + 1] ?? "")) index++;
      else if (!token.startsWith("-") && !token.includes("=")) call.names.push(token);
    }
    // `just test arg`: a recipe's later words are its arguments.
    if (runner === "just") call.names = call.names.slice(0, 1);
    return call;
  }
  const all = /^(?:npx\s+)?(?:run-s|run-p|npm-run-all2?)(?:\s|$)/.exec(segment);
  if (all) {
    const names = segment
      .slice(all[0].length)
      .split(/\s+/)
      .filter((token) => token !== "" && !token.startsWith("-"));
    return { runner: "npm", names: names.map(unquote), patterns: true };
  }
  const script = packageScript(segment);
  if (!script || script.allPackages || !/^(?:npm|pnpm|yarn|bun)$/.test(command)) return undefined;
  if (NPM_BUILT_IN.test(script.name)) return undefined;
  return { runner: "npm", names: [script.name], folder: script.folder };
}

function targetNames(call: Invocation, book: RecipeBook): string[] {
  if (call.names.length === 0) return book.first ? [book.first] : [];
  if (!call.patterns) return call.names;
  return call.names.flatMap((name) => {
    if (!name.includes("*")) return [name];
    const pattern = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*+/g, ".*")}$`);
    return [...book.recipes.keys()].filter((key) => pattern.test(key));
  });
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}

/** Joins a relative path onto a folder, resolving `.` and `..` (never above the root). */
function join(folder: string, relative: string): string {
  if (relative.startsWith("/")) return "";
  const parts = folder === "" ? [] : folder.split("/");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}
