import type { Report } from "../../schemas/index.js";
import { renderMarkdown } from "./markdown/render-markdown.js";
import { renderJson } from "./render-json.js";
import { renderSarif } from "./render-sarif.js";

export const FORMATS = ["md", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a report in one of the published formats. */
export function render(report: Report, format: Format): string {
  switch (format) {
    case "md":
      return renderMarkdown(report);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
  }
}
