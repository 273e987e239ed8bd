import type { Report } from "../../schemas/index.js";

/** The published JSON report (see schemas/json/report.json). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
