import type { Report } from "../../../../schemas/index.js";

/** One production-readiness checklist row. */
export interface ChecklistItem {
  category: string;
  status: "✅ Good" | "⚠️ Partial" | "❌ Missing" | "N/A";
  notes: string;
}

/**
 * How one scanner's facts appear in the Markdown report: a count-table subsection (heading level 3)
 * and the checklist rows those facts decide. Each scanner with facts worth showing has one file here.
 */
export interface FactsSection<Facts = unknown> {
  render(facts: Facts, report: Report): string;
  checklist?(facts: Facts): ChecklistItem[];
}

export const yes = (value: boolean) => (value ? "✅ yes" : "❌ no");
