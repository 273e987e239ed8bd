import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { ownFiles } from "./files.js";
import { type Ecosystem, isInside, type PackageRoots, packageRootOf } from "./packages.js";
import { readParsedSource } from "./source-text.js";
import { testTypesFor } from "./test-contexts.js";
import { countTestsOnce } from "./test-functions.js";
import type { CheckSite } from "./workflows-analysis.js";

/** The tests of one package (or of the repository root) in one ecosystem. */
export interface TestSuite {
  ecosystem: Ecosystem;
  root: string;
  testFiles: number;
  tests: number;
}

/** Groups the repository's test functions by ecosystem and nearest package root. */
export async function testSuites(snapshot: RepoSnapshot, roots: PackageRoots): Promise<TestSuite[]> {
  const suites = new Map<string, TestSuite>();
  for (const file of ownFiles(snapshot)) {
    const text = await snapshot.read(file.path);
    // Production files only matter for Rust, whose unit tests live beside the code.
    if (!file.isTest && !(file.language === "rust" && /#\[cfg\((?:all\()?test/.test(text))) continue;
    const source = await readParsedSource(snapshot, file);
    const count = countTestsOnce(source, await testTypesFor(snapshot, file));
    if (!count || count.tests === 0) continue;
    const root = packageRootOf(file.path, roots[count.ecosystem]) ?? "";
    const key = `${count.ecosystem}\n${root}`;
    const suite = suites.get(key) ?? { ecosystem: count.ecosystem, root, testFiles: 0, tests: 0 };
    suite.testFiles++;
    suite.tests += count.tests;
    suites.set(key, suite);
  }
  return [...suites.values()].sort(
    (a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.root.localeCompare(b.root),
  );
}

/** Whether CI runs a suite automatically: by a command of its own ecosystem, only by an opaque runner, or not at all. */
export function suiteCoverage(
  suite: TestSuite,
  checks: readonly CheckSite[],
  opaqueJobs: boolean,
): { runInCi: "yes" | "indirect" | "no"; by: CheckSite[] } {
  const covering = checks.filter(
    (check) =>
      check.kind === "test" &&
      !check.disabled &&
      !check.manual &&
      (check.ecosystem === suite.ecosystem || check.ecosystem === "any") &&
      check.folders.some((folder) => isInside(suite.root, folder) || isInside(folder, suite.root)),
  );
  const direct = covering.filter((check) => check.ecosystem === suite.ecosystem);
  if (direct.length > 0) return { runInCi: "yes", by: direct };
  if (covering.length > 0 || opaqueJobs) return { runInCi: "indirect", by: covering };
  return { runInCi: "no", by: [] };
}
