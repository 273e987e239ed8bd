import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { dirName, ownFiles } from "./files.js";
import { readSource, type SourceText } from "./source-text.js";

const SUITE_IMPORT = /(?:^|[\s(])(?:([A-Za-z_]\w*)\s+)?"github\.com\/stretchr\/testify\/suite"/gm;
const STRUCT = /\btype\s+([A-Za-z_]\w*)\s+struct\s*\{/g;
const EMBEDDED = /^\*?([A-Za-z_][\w.]*)(?:\s+`[^`]*`)?$/;

// A folder where no file imports testify's suite package (or is that package) declares no suite.
const MAY_DECLARE_SUITES = /testify\/suite"|^\s*package\s+suite\b/m;
const suitesMemo = new WeakMap<RepoSnapshot, Promise<Map<string, Set<string>>>>();

/**
 * The suite types of the snapshot's Go package folders that hold tests, found once per snapshot (the
 * test inventory and the CI scanner both count suite methods). Only folders with a file that may
 * declare a suite are lexed.
 */
export function goSuiteTypesOf(snapshot: RepoSnapshot): Promise<Map<string, Set<string>>> {
  let known = suitesMemo.get(snapshot);
  if (!known) {
    known = findSuiteTypes(snapshot);
    suitesMemo.set(snapshot, known);
    known.catch(() => suitesMemo.delete(snapshot));
  }
  return known;
}

async function findSuiteTypes(snapshot: RepoSnapshot): Promise<Map<string, Set<string>>> {
  const files = ownFiles(snapshot).filter((file) => file.language === "go");
  const tested = new Set(
    files.filter((file) => file.path.endsWith("_test.go")).map((file) => dirName(file.path)),
  );
  const candidates = new Set<string>();
  for (const file of files)
    if (tested.has(dirName(file.path)) && MAY_DECLARE_SUITES.test(await snapshot.read(file.path)))
      candidates.add(dirName(file.path));
  const sources = [];
  for (const file of files)
    if (candidates.has(dirName(file.path))) sources.push(await readSource(snapshot, file));
  return goSuiteTypes(sources);
}

/**
 * The testify suite types of each Go package folder: structs that embed `suite.Suite` (or a suite type
 * of the same folder), and types handed to `suite.Run`. Their `Test*` methods are the suite's tests.
 */
export function goSuiteTypes(sources: readonly SourceText[]): Map<string, Set<string>> {
  const embeds = new Map<string, Array<{ type: string; embedded: string[] }>>();
  const suites = new Map<string, Set<string>>();
  for (const source of sources) {
    const folder = dirName(source.path);
    const code = source.code.join("\n");
    const aliases = [...code.matchAll(SUITE_IMPORT)].map((match) => match[1] ?? "suite");
    // testify's own suite package embeds its `Suite` unqualified.
    const selfPackage = /^\s*package\s+suite\b/m.test(code);
    const bases = new Set([...aliases.map((alias) => `${alias}.Suite`), ...(selfPackage ? ["Suite"] : [])]);
    const found = suites.get(folder) ?? new Set<string>();
    const structs = embeds.get(folder) ?? [];
    for (const match of code.matchAll(STRUCT)) {
      const embedded = structBody(code, match.index + match[0].length)
        .split(/[;\n]/)
        .map((field) => EMBEDDED.exec(field.trim())?.[1])
        .filter((name): name is string => name !== undefined);
      const type = match[1] ?? "";
      if (embedded.some((name) => bases.has(name))) found.add(type);
      else structs.push({ type, embedded });
    }
    for (const alias of aliases)
      for (const run of code.matchAll(
        new RegExp(`\\b${alias}\\.Run\\(\\s*\\w+\\s*,\\s*(?:new\\(\\s*(\\w+)\\s*\\)|&(\\w+)\\s*\\{)`, "g"),
      ))
        found.add(run[1] ?? run[2] ?? "");
    suites.set(folder, found);
    embeds.set(folder, structs);
  }
  // A struct that embeds a suite type of its own package is a suite too, however deep the chain.
  for (const [folder, structs] of embeds) {
    const found = suites.get(folder) ?? new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const { type, embedded } of structs)
        if (!found.has(type) && embedded.some((name) => found.has(name))) {
          found.add(type);
          grew = true;
        }
    }
  }
  return suites;
}

function structBody(code: string, start: number): string {
  let depth = 1;
  for (let index = start; index < code.length; index++) {
    if (code[index] === "{") depth++;
    else if (code[index] === "}" && --depth === 0) return code.slice(start, index);
  }
  return code.slice(start);
}
