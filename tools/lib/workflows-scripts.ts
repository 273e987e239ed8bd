import type { CheckKind, CommandCheck } from "./workflows-rules.js";

/** A package-manager invocation (`npm test`, `pnpm -C web run lint`, `yarn workspace api build`). */
export interface PackageScript {
  /** The script or built-in command (`test`, `lint`, `audit`). */
  name: string;
  /** The folder it runs in when a flag names one (`--prefix`, `-C`, `--cwd`, `--dir`, `-w`). */
  folder?: string;
  /** True for `--workspaces`, `-r`, `--filter`, `turbo`/`nx`/`lerna` runs over every package. */
  allPackages: boolean;
}

const FOLDER_FLAGS = new Set(["--prefix", "-C", "--dir", "--cwd", "-w", "--workspace"]);
const VALUE_FLAGS = new Set(["--filter", "-F", "--scope", "--loglevel", "--project"]);

/** Parses a package-manager or monorepo-runner command segment. */
export function packageScript(segment: string): PackageScript | undefined {
  const tokens = segment.split(/\s+/);
  const runner = /^(?:npx\s+)?(turbo|nx|lerna)\b/.exec(segment);
  if (runner) {
    const name = tokens.find(
      (token, index) => index > 0 && !/^(?:-|run$|run-many$|npx$|turbo$|nx$|lerna$)/.test(token),
    );
    const target = /--target[= ](\S+)|-t\s+(\S+)/.exec(segment);
    return { name: target?.[1] ?? target?.[2] ?? name ?? "", allPackages: true };
  }
  if (!/^(?:npm|pnpm|yarn|bun)$/.test(tokens[0] ?? "")) return undefined;
  let folder: string | undefined;
  let allPackages = false;
  for (let index = 1; index < tokens.length; index++) {
    const token = tokens[index] ?? "";
    const [flag, inline] = token.split("=", 2) as [string, string | undefined];
    if (FOLDER_FLAGS.has(flag)) {
      folder = inline ?? tokens[++index];
      continue;
    }
    if (VALUE_FLAGS.has(flag)) {
      if (inline === undefined) index++;
      allPackages = true;
      continue;
    }
    if (/^(?:--workspaces|-ws|-r|--recursive|--all)$/.test(token)) {
      allPackages = true;
      continue;
    }
    if (token.startsWith("-")) continue;
    if (token === "workspace" && tokens[0] === "yarn") {
      folder = tokens[++index];
      continue;
    }
    if (token === "workspaces" && tokens[0] === "yarn") {
      allPackages = true;
      continue;
    }
    if (token === "run" || token === "run-script" || token === "foreach") continue;
    return { name: token, folder: folder ?? trailingFolder(tokens.slice(index + 1)), allPackages };
  }
  return undefined;
}

// `npm test --prefix web`: npm reads its own flags after the script name, up to a `--`.
function trailingFolder(tokens: string[]): string | undefined {
  for (let index = 0; index < tokens.length && tokens[index] !== "--"; index++) {
    const [flag, inline] = (tokens[index] ?? "").split("=", 2) as [string, string | undefined];
    if (flag === "--prefix") return inline ?? tokens[index + 1];
  }
  return undefined;
}

/** The checks a package script runs, judged by its conventional name. */
export function scriptChecks(script: PackageScript): CommandCheck[] {
  const name = script.name.toLowerCase();
  const check = (kind: CheckKind): CommandCheck[] => [
    { kind, ecosystem: "node", tool: `${script.name} script` },
  ];
  if (/^(?:t|tst|tests?|coverage|e2e|spec|cypress|playwright|unit|integration)(?:[:_-][\w:-]*)?$/.test(name))
    return check("test");
  if (/^(?:typecheck|type-check|types|check-types|tsc|typescript)(?:[:_-][\w:-]*)?$|^check:types$/.test(name))
    return check("type-check");
  if (
    /^(?:lint|eslint|biome|prettier|format:check|fmt:check|check-format|stylelint)(?:[:_-][\w:-]*)?$/.test(
      name,
    )
  )
    return check("lint");
  if (/^build(?:[:_-][\w:-]*)?$/.test(name)) return check("build");
  if (name === "audit") return [{ kind: "dependency-audit", ecosystem: "node", tool: "npm audit" }];
  return [];
}
