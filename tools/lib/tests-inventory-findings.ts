import type { RawFindingInput } from "../../schemas/index.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import type { FactStrength } from "../scanner.js";
import {
  type TestsInventoryFacts,
  UNTESTED_MODULE_LINES,
  UNTESTED_MODULE_LINES_HIGH,
} from "../tests-inventory.js";
import { folderLabel } from "./packages.js";
import { detectWebFrameworks } from "./web-frameworks.js";

/** Modules with sizeable production code and no tests; a service with no integration or e2e suite. */
export async function inventoryFindings(
  facts: TestsInventoryFacts,
  snapshot: RepoSnapshot,
): Promise<RawFindingInput[]> {
  const findings: RawFindingInput[] = [];
  for (const entry of facts.modules) {
    if (entry.tests > 0 || entry.productionCode < UNTESTED_MODULE_LINES) continue;
    findings.push({
      ruleId: "tests/untested-module",
      area: "testing",
      severity: entry.productionCode >= UNTESTED_MODULE_LINES_HIGH ? "high" : "medium",
      title: `No tests for ${folderLabel(entry.module)} (${entry.productionCode} lines of ${entry.ecosystem} code)`,
      description: `${folderLabel(entry.module)} holds ${entry.productionCode} lines of production code in ${entry.productionFiles} file${entry.productionFiles === 1 ? "" : "s"} and no test function was found in it or its test folders, so changes there are verified by nothing but review.`,
      recommendation: `Add tests for the main behaviour of ${folderLabel(entry.module)}, starting with its public entry points and error paths.`,
    });
  }
  const services = await detectWebFrameworks(snapshot);
  if (services.length > 0 && !facts.integration.present && !facts.e2e.present && facts.totals.tests > 0)
    findings.push({
      ruleId: "tests/no-integration-tests",
      area: "testing",
      severity: "low",
      title: "No integration or end-to-end tests for the HTTP service",
      description: `The code serves HTTP (${services.map((service) => service.name).join(", ")}) and has ${facts.totals.tests} unit tests, but no integration or end-to-end test suite (tests/ integration folders, e2e/, Playwright or Cypress) was found, so the request path is never exercised as a whole.`,
      recommendation:
        "Add a small integration suite that starts the service (or its router) and drives real requests through it.",
    });
  return findings;
}

/** Strengths the inventory proves. */
export function inventoryStrengths(facts: TestsInventoryFacts): FactStrength[] {
  const out: FactStrength[] = [];
  const sized = facts.modules.filter((entry) => entry.productionCode >= UNTESTED_MODULE_LINES);
  if (sized.length > 1 && sized.every((entry) => entry.tests > 0))
    out.push({ area: "testing", text: `Every sizeable module has tests (${sized.length} modules).` });
  if (facts.integration.present)
    out.push({
      area: "testing",
      text: `Integration tests exist: ${facts.integration.tests} in ${facts.integration.files} file${facts.integration.files === 1 ? "" : "s"}.`,
    });
  if (facts.e2e.present && facts.e2e.tests > 0)
    out.push({
      area: "testing",
      text: `End-to-end tests exist: ${facts.e2e.tests} in ${facts.e2e.files} files.`,
    });
  return out;
}
