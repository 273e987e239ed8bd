import { markersSection } from "./markers.js";
import { repoHygieneSection } from "./repo-hygiene.js";
import type { FactsSection } from "./section.js";
import { sizeSection } from "./size.js";

/** Markdown sections by scanner id; a scanner without one shows its facts only in the JSON report. */
export const FACTS_SECTIONS: Record<string, FactsSection<never>> = {
  size: sizeSection,
  markers: markersSection,
  "repo-hygiene": repoHygieneSection,
};
