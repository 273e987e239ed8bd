import { type TestsInventoryFacts, UNTESTED_MODULE_LINES } from "../../../../tools/tests-inventory.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

const label = (module: string) => code(module === "" ? "." : module);

export const testsInventorySection: FactsSection<TestsInventoryFacts> = {
  render(facts) {
    const totals = facts.totals;
    const parts = ["### Test inventory"];
    if (totals.files === 0) {
      parts.push("", "No test functions found.");
      return parts.join("\n");
    }
    parts.push(
      table(
        ["Framework", "Ecosystem", "Files", "Tests"],
        facts.frameworks.map((row) => [row.framework, row.ecosystem, row.files, row.tests]),
      ),
      "",
      `**${totals.tests}** tests in ${totals.files} files: ${totals.unit} unit, ${totals.integration} integration, ${totals.e2e} end-to-end; ${totals.skipped} skipped or todo; ${totals.benchmarks} benchmarks/examples.${facts.e2e.configs.length > 0 ? ` End-to-end config: ${facts.e2e.configs.map(code).join(", ")}.` : ""}`,
      "",
      "Coverage by module:",
      "",
      table(
        ["Module", "Ecosystem", "Production code", "Test files", "Tests", "Has tests"],
        facts.modules.map((entry) => [
          label(entry.module),
          entry.ecosystem,
          entry.productionCode,
          entry.testFiles,
          entry.tests,
          entry.tests > 0 ? "✅" : entry.productionCode >= UNTESTED_MODULE_LINES ? "❌ gap" : "—",
        ]),
      ),
    );
    const largest = [...facts.files]
      .sort((a, b) => b.tests - a.tests || a.file.localeCompare(b.file))
      .slice(0, 15);
    parts.push(
      "",
      table(
        ["Location", "Type", "Test functions", "Skipped"],
        largest.map((entry) => [
          code(entry.file),
          entry.inline ? `${entry.kind} (inline)` : entry.kind,
          entry.tests,
          entry.skipped,
        ]),
      ),
    );
    if (facts.files.length > largest.length)
      parts.push("", `… and ${facts.files.length - largest.length} more test files.`);
    return parts.join("\n");
  },
  checklist(facts) {
    if (facts.modules.length === 0) return [];
    const sized = facts.modules.filter((entry) => entry.productionCode >= UNTESTED_MODULE_LINES);
    const untested = sized.filter((entry) => entry.tests === 0);
    const items: ChecklistItem[] = [];
    if (sized.length > 0)
      items.push({
        category: "Test coverage by module",
        status:
          untested.length === 0 ? "✅ Good" : untested.length < sized.length ? "⚠️ Partial" : "❌ Missing",
        notes:
          untested.length === 0
            ? `${sized.length} sizeable module(s), all with tests`
            : `No tests in ${untested.map((entry) => entry.module || ".").join(", ")}`,
      });
    if (facts.totals.tests > 0)
      items.push({
        category: "Integration / end-to-end tests",
        status: facts.integration.present || facts.e2e.present ? "✅ Good" : "❌ Missing",
        notes: `${facts.totals.integration} integration, ${facts.totals.e2e} end-to-end tests`,
      });
    return items;
  },
};
