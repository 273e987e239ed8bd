import { z } from "zod";
import type { RepoSnapshot } from "../src/ingest/snapshot.js";
import { baseName, dirName, ownFiles } from "./lib/files.js";
import { ECOSYSTEMS, type Ecosystem, ecosystemOf, packageRootOf, packageRoots } from "./lib/packages.js";
import { readParsedSource, type SourceText } from "./lib/source-text.js";
import { testTypesFor } from "./lib/test-contexts.js";
import { countTestsOnce } from "./lib/test-functions.js";
import { testKind } from "./lib/test-kinds.js";
import { inventoryFindings, inventoryStrengths } from "./lib/tests-inventory-findings.js";
import { defineScanner } from "./scanner.js";

const Kind = z.enum(["unit", "integration", "e2e"]);

export const TestsInventoryFacts = z.object({
  totals: z.object({
    tests: z.number().int(),
    skipped: z.number().int(),
    benchmarks: z.number().int(),
    files: z.number().int(),
    unit: z.number().int(),
    integration: z.number().int(),
    e2e: z.number().int(),
  }),
  frameworks: z.array(
    z.object({
      ecosystem: z.enum(ECOSYSTEMS),
      framework: z.string(),
      files: z.number().int(),
      tests: z.number().int(),
    }),
  ),
  files: z.array(
    z.object({
      file: z.string(),
      ecosystem: z.enum(ECOSYSTEMS),
      framework: z.string(),
      kind: Kind,
      tests: z.number().int(),
      skipped: z.number().int(),
      benchmarks: z.number().int(),
      /** Unit tests inside a production file (Rust `#[cfg(test)]`). */
      inline: z.boolean(),
    }),
  ),
  modules: z.array(
    z.object({
      module: z.string(),
      ecosystem: z.enum(ECOSYSTEMS),
      productionFiles: z.number().int(),
      productionCode: z.number().int(),
      testFiles: z.number().int(),
      tests: z.number().int(),
    }),
  ),
  integration: z.object({ present: z.boolean(), files: z.number().int(), tests: z.number().int() }),
  e2e: z.object({
    present: z.boolean(),
    files: z.number().int(),
    tests: z.number().int(),
    configs: z.array(z.string()),
  }),
});
export type TestsInventoryFacts = z.infer<typeof TestsInventoryFacts>;

/** Production code lines above which a module without tests is a gap; above the second, a serious one. */
export const UNTESTED_MODULE_LINES = 300;
export const UNTESTED_MODULE_LINES_HIGH = 1000;

const E2E_CONFIG =
  /^(?:playwright|cypress|wdio|nightwatch)\.conf(?:ig)?\.[cm]?[jt]s$|^cypress\.json$|^\.detoxrc/;

/** Test functions per file and module (cargo, pytest/unittest, Jest-style, go test, JUnit), untested modules, integration and e2e suites. */
export const testsInventoryScanner = defineScanner({
  id: "tests-inventory",
  version: "1.4.2",
  title: "Test inventory",
  description:
    "Counts test functions (testify suite methods included) per file and per module (crate, package, Go package), unit vs integration vs end-to-end, skipped tests, and modules with production code but no tests.",
  areas: ["testing"],
  facts: TestsInventoryFacts,
  async run(snapshot) {
    const roots = packageRoots(snapshot);
    const files: TestsInventoryFacts["files"] = [];
    const modules = new Map<string, TestsInventoryFacts["modules"][number]>();
    let anyTestFile = false;
    for (const file of ownFiles(snapshot)) {
      const ecosystem = ecosystemOf(file.language);
      anyTestFile ||= file.isTest && ecosystem !== undefined;
      if (!ecosystem) continue;
      // The parsed view: test code quoted in a string (a fixture a test writes out) is no test, code
      // lines are those the size scanner counts, and in-file test regions (a Python test class) are test code.
      const source = await readParsedSource(snapshot, file);
      const module = moduleOf(file.path, ecosystem, roots[ecosystem]);
      const key = `${ecosystem}\n${module}`;
      const entry = modules.get(key) ?? {
        module,
        ecosystem,
        productionFiles: 0,
        productionCode: 0,
        testFiles: 0,
        tests: 0,
      };
      modules.set(key, entry);
      if (!file.isTest) {
        entry.productionFiles++;
        entry.productionCode += productionLines(source);
      }
      const suites = await testTypesFor(snapshot, file);
      const count = file.isTest || hasInlineTests(source) ? countTestsOnce(source, suites) : undefined;
      if (!count || (count.tests === 0 && count.benchmarks === 0)) continue;
      if (file.isTest) entry.testFiles++;
      entry.tests += count.tests;
      files.push({
        file: file.path,
        ecosystem,
        framework: count.framework,
        kind: testKind(file, source, count.framework, roots.rust),
        tests: count.tests,
        skipped: count.skipped,
        benchmarks: count.benchmarks,
        inline: !file.isTest,
      });
    }
    const facts = summarise(
      files,
      [...modules.values()].filter((entry) => entry.productionFiles > 0 || entry.tests > 0),
      snapshot,
    );
    const findings = anyTestFile ? await inventoryFindings(facts, snapshot) : [];
    return { facts, findings, strengths: inventoryStrengths(facts) };
  },
});

/** The module a file belongs to: its crate, package or Go package folder; the ecosystem's root otherwise. */
function moduleOf(filePath: string, ecosystem: Ecosystem, roots: readonly string[]): string {
  if (ecosystem === "go") return dirName(filePath);
  return packageRootOf(filePath, roots) ?? "";
}

function productionLines(source: SourceText): number {
  let count = 0;
  for (let line = 1; line <= source.lines.length; line++)
    if (source.isCodeLine(line) && !source.isTestLine(line)) count++;
  return count;
}

// A `#[test]` needs no `#[cfg(test)]` module around it (a lone test fn, an example with a test).
function hasInlineTests(source: SourceText): boolean {
  return (
    source.language === "rust" &&
    source.code.some((line) => /#\[[^\]]*(?:\btest|rstest|_test\b)|\bquickcheck!/.test(line))
  );
}

function summarise(
  files: TestsInventoryFacts["files"],
  modules: TestsInventoryFacts["modules"],
  snapshot: RepoSnapshot,
): TestsInventoryFacts {
  const sum = (list: TestsInventoryFacts["files"], pick: (entry: (typeof files)[number]) => number) =>
    list.reduce((total, entry) => total + pick(entry), 0);
  const ofKind = (kind: z.infer<typeof Kind>) => files.filter((entry) => entry.kind === kind);
  const frameworks = new Map<string, TestsInventoryFacts["frameworks"][number]>();
  for (const entry of files) {
    const key = `${entry.ecosystem}\n${entry.framework}`;
    const row = frameworks.get(key) ?? {
      ecosystem: entry.ecosystem,
      framework: entry.framework,
      files: 0,
      tests: 0,
    };
    row.files++;
    row.tests += entry.tests;
    frameworks.set(key, row);
  }
  const configs = snapshot.files
    .filter((file) => !file.isVendored && E2E_CONFIG.test(baseName(file.path)))
    .map((file) => file.path);
  const integration = ofKind("integration");
  const e2e = ofKind("e2e");
  return {
    totals: {
      tests: sum(files, (entry) => entry.tests),
      skipped: sum(files, (entry) => entry.skipped),
      benchmarks: sum(files, (entry) => entry.benchmarks),
      files: files.length,
      unit: sum(ofKind("unit"), (entry) => entry.tests),
      integration: sum(integration, (entry) => entry.tests),
      e2e: sum(e2e, (entry) => entry.tests),
    },
    frameworks: [...frameworks.values()].sort(
      (a, b) => b.tests - a.tests || a.framework.localeCompare(b.framework),
    ),
    files,
    modules: modules.sort(
      (a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.module.localeCompare(b.module),
    ),
    integration: {
      present: integration.some((entry) => entry.tests > 0),
      files: integration.length,
      tests: sum(integration, (entry) => entry.tests),
    },
    e2e: {
      present: e2e.some((entry) => entry.tests > 0) || configs.length > 0,
      files: e2e.length,
      tests: sum(e2e, (entry) => entry.tests),
      configs,
    },
  };
}
