import { asyncBlockingSection } from "./async-blocking.js";
import { ciSection } from "./ci.js";
import { configHardcodingSection } from "./config-hardcoding.js";
import { containersSection } from "./containers.js";
import { cryptoSection } from "./crypto.js";
import { dependenciesSection } from "./dependencies.js";
import { errorHandlingSection } from "./error-handling.js";
import { markersSection } from "./markers.js";
import { observabilitySection } from "./observability.js";
import { panicPointsSection } from "./panic-points.js";
import { repoHygieneSection } from "./repo-hygiene.js";
import { secretsSection } from "./secrets.js";
import type { FactsSection } from "./section.js";
import { sizeSection } from "./size.js";
import { testsInventorySection } from "./tests-inventory.js";
import { webExposureSection } from "./web-exposure.js";

/** Markdown sections by scanner id; a scanner without one shows its facts only in the JSON report. */
export const FACTS_SECTIONS: Record<string, FactsSection<never>> = {
  size: sizeSection,
  markers: markersSection,
  "repo-hygiene": repoHygieneSection,
  dependencies: dependenciesSection,
  secrets: secretsSection,
  containers: containersSection,
  ci: ciSection,
  "web-exposure": webExposureSection,
  observability: observabilitySection,
  "tests-inventory": testsInventorySection,
  "config-hardcoding": configHardcodingSection,
  "panic-points": panicPointsSection,
  "error-handling": errorHandlingSection,
  "async-blocking": asyncBlockingSection,
  crypto: cryptoSection,
};
