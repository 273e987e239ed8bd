import { parse as parseYaml } from "yaml";

/** A named target of a task runner: the targets it runs first and its command lines. */
export interface Recipe {
  deps: string[];
  commands: string[];
}

/** The targets one runner file defines. */
export interface RecipeBook {
  runner: "make" | "just" | "task" | "npm";
  recipes: Map<string, Recipe>;
  /** The target a bare `make` or `just` runs. */
  first?: string;
}

const MAKE_ASSIGNMENT = /^(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(\+=|\?=|:{1,3}=|!=|=)\s*(.*)$/;
const MAKE_RULE = /^([^:=#\s][^:=#]*?)\s*::?(?!=)\s*([^=;#]*?)\s*(?:;\s*([^#]*))?(?:#.*)?$/;

/** Reads a Makefile's rules, expanding `$(VAR)` from its own assignments and `$(MAKE)` to `make`. */
export function parseMakefile(text: string): RecipeBook {
  const variables = new Map<string, string>([["MAKE", "make"]]);
  const recipes = new Map<string, Recipe>();
  let first: string | undefined;
  let defaultGoal: string | undefined;
  let current: Recipe | undefined;
  for (const line of text.replace(/\s*\\\r?\n\s*/g, " ").split(/\r?\n/)) {
    if (line.startsWith("\t")) {
      // A tab-indented `#` line is a shell comment: it runs nothing.
      const body = line.trim().replace(/^[@+-]+\s*/, "");
      if (current && body !== "" && !body.startsWith("#")) current.commands.push(body);
      continue;
    }
    if (/^\s*(?:#|$)/.test(line)) continue;
    const goal = /^\.DEFAULT_GOAL\s*:?=\s*(\S+)/.exec(line);
    if (goal) defaultGoal = goal[1];
    const assignment = MAKE_ASSIGNMENT.exec(line);
    if (assignment) {
      const [, name = "", operator, value = ""] = assignment;
      const previous = variables.get(name);
      if (operator === "+=") variables.set(name, previous ? `${previous} ${value}` : value);
      else if (operator !== "?=" || previous === undefined) variables.set(name, value.trim());
      current = undefined;
      continue;
    }
    const rule = MAKE_RULE.exec(line);
    current = undefined;
    if (!rule) continue;
    const recipe: Recipe = { deps: words(rule[2]), commands: rule[3]?.trim() ? [rule[3].trim()] : [] };
    for (const name of words(rule[1])) {
      // `.PHONY`, `.DEFAULT_GOAL` and pattern rules are not targets a step names.
      if (name.startsWith(".") || name.includes("%") || name.includes("$")) continue;
      recipes.set(name, recipe);
      first ??= name;
      current = recipe;
    }
  }
  for (const recipe of recipes.values())
    recipe.commands = recipe.commands.map((command) => expand(command, variables));
  return { runner: "make", recipes, first: defaultGoal ?? first };
}

function expand(command: string, variables: Map<string, string>): string {
  let text = command;
  for (let round = 0; round < 5 && /\$[({][\w.-]+[)}]/.test(text); round++)
    text = text.replace(/\$[({]([\w.-]+)[)}]/g, (whole, name: string) => variables.get(name) ?? whole);
  return text.replace(/\$\$/g, "$").trim();
}

const JUST_RECIPE = /^@?([A-Za-z_][\w-]*)(?:\s+[^:]*?)?\s*:(?!=)\s*(.*)$/;

/** Reads a justfile's recipes (indented bodies, dependencies after the colon, aliases). */
export function parseJustfile(text: string): RecipeBook {
  const recipes = new Map<string, Recipe>();
  const aliases: Array<[string, string]> = [];
  let first: string | undefined;
  let current: Recipe | undefined;
  for (const line of text.replace(/\s*\\\r?\n\s*/g, " ").split(/\r?\n/)) {
    if (/^\s+\S/.test(line)) {
      const body = line.trim().replace(/^[@-]+\s*/, "");
      if (current && !body.startsWith("#")) current.commands.push(body);
      continue;
    }
    current = undefined;
    const alias = /^alias\s+([\w-]+)\s*:=\s*([\w-]+)/.exec(line);
    if (alias) aliases.push([alias[1] ?? "", alias[2] ?? ""]);
    const recipe = /^(?:set|export|import|mod|alias)\b|:=/.test(line) ? null : JUST_RECIPE.exec(line);
    if (!recipe) continue;
    const name = recipe[1] ?? "";
    current = { deps: (recipe[2] ?? "").match(/[A-Za-z_][\w-]*/g) ?? [], commands: [] };
    // A `(dep "arg")` dependency names the recipe first; its quoted arguments are not recipes.
    current.deps = current.deps.filter((dep) => !(recipe[2] ?? "").includes(`"${dep}`));
    recipes.set(name, current);
    first ??= name;
  }
  for (const [alias, target] of aliases) {
    const recipe = recipes.get(target);
    if (recipe) recipes.set(alias, recipe);
  }
  return { runner: "just", recipes, first };
}

/** Reads a Taskfile's tasks (`cmds:` strings, `cmd:` and `task:` entries, `deps:`). */
export function parseTaskfile(text: string): RecipeBook | undefined {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    return undefined;
  }
  const tasks = (document as { tasks?: unknown } | null)?.tasks;
  if (!tasks || typeof tasks !== "object") return undefined;
  const recipes = new Map<string, Recipe>();
  for (const [name, task] of Object.entries(tasks as Record<string, unknown>)) {
    const body = typeof task === "string" || Array.isArray(task) ? { cmds: [task].flat() } : task;
    const { cmds, deps } = (body ?? {}) as { cmds?: unknown; deps?: unknown };
    const recipe: Recipe = { deps: [], commands: [] };
    for (const dep of Array.isArray(deps) ? deps : []) {
      const target = typeof dep === "string" ? dep : (dep as { task?: unknown } | null)?.task;
      if (typeof target === "string") recipe.deps.push(target);
    }
    for (const entry of Array.isArray(cmds) ? cmds : []) {
      if (typeof entry === "string") recipe.commands.push(entry.trim());
      const { cmd, task: target } = (entry ?? {}) as { cmd?: unknown; task?: unknown };
      if (typeof cmd === "string") recipe.commands.push(cmd.trim());
      if (typeof target === "string") recipe.commands.push(`task ${target}`);
    }
    recipes.set(name, recipe);
  }
  return { runner: "task", recipes, first: recipes.has("default") ? "default" : undefined };
}

/** Reads the `scripts` of a package.json. */
export function parsePackageScripts(text: string): RecipeBook | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const scripts = (document as { scripts?: unknown } | null)?.scripts;
  if (!scripts || typeof scripts !== "object") return undefined;
  const recipes = new Map<string, Recipe>();
  for (const [name, script] of Object.entries(scripts as Record<string, unknown>))
    if (typeof script === "string") recipes.set(name, { deps: [], commands: [script] });
  return { runner: "npm", recipes };
}

function words(text: string | undefined): string[] {
  return (text ?? "").split(/\s+/).filter(Boolean);
}
