import type { RepoFile, RepoSnapshot } from "../../src/ingest/snapshot.js";
import { dirName, ownFiles } from "./files.js";
import { goSuiteTypesOf } from "./go-test-suites.js";

const CLASS = /^[ \t]*class\s+(\w+)\s*\(([^)]*)\)\s*:/gm;
const pythonMemo = new WeakMap<RepoSnapshot, Promise<ReadonlySet<string>>>();

/**
 * The Python classes of the snapshot that derive, directly or through other classes of the repository,
 * from a `*TestCase` (`class BaseCase(DjangoTestCase)` in tests/base.py makes `class One(BaseCase)` in
 * another file a test case). Read once per snapshot from the classes every Python file declares; a
 * name declared twice with different bases counts as a test case if either does.
 */
export function pythonCaseClassesOf(snapshot: RepoSnapshot): Promise<ReadonlySet<string>> {
  let known = pythonMemo.get(snapshot);
  if (!known) {
    known = findPythonCaseClasses(snapshot);
    pythonMemo.set(snapshot, known);
    known.catch(() => pythonMemo.delete(snapshot));
  }
  return known;
}

async function findPythonCaseClasses(snapshot: RepoSnapshot): Promise<ReadonlySet<string>> {
  const bases = new Map<string, string[]>();
  for (const file of ownFiles(snapshot)) {
    if (file.language !== "python") continue;
    const text = await snapshot.read(file.path);
    if (!text.includes("class")) continue;
    for (const match of text.matchAll(CLASS)) {
      const names = (match[2] ?? "").split(",").map((base) => base.trim().split(".").pop() ?? "");
      bases.set(match[1] ?? "", [...(bases.get(match[1] ?? "") ?? []), ...names]);
    }
  }
  const cases = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, list] of bases)
      if (!cases.has(name) && list.some((base) => /TestCase$/.test(base) || cases.has(base))) {
        cases.add(name);
        grew = true;
      }
  }
  return cases;
}

/** The types declared elsewhere that decide which of a file's functions are tests (see countTests). */
export async function testTypesFor(
  snapshot: RepoSnapshot,
  file: RepoFile,
): Promise<ReadonlySet<string> | undefined> {
  if (file.language === "go") return (await goSuiteTypesOf(snapshot)).get(dirName(file.path));
  if (file.language === "python") return pythonCaseClassesOf(snapshot);
  return undefined;
}
