import { asyncBlockingScanner } from "./async-blocking.js";
import { ciScanner } from "./ci.js";
import { configHardcodingScanner } from "./config-hardcoding.js";
import { containersScanner } from "./containers.js";
import { cryptoScanner } from "./crypto.js";
import { dependenciesScanner } from "./dependencies.js";
import { errorHandlingScanner } from "./error-handling.js";
import { markersScanner } from "./markers.js";
import { observabilityScanner } from "./observability.js";
import { panicPointsScanner } from "./panic-points.js";
import { repoHygieneScanner } from "./repo-hygiene.js";
import type { Scanner } from "./scanner.js";
import { secretsScanner } from "./secrets.js";
import { sizeScanner } from "./size.js";
import { testsInventoryScanner } from "./tests-inventory.js";
import { webExposureScanner } from "./web-exposure.js";

/** Every scanner id, in the order they run and appear in reports. */
export const SCANNER_IDS = [
  "size",
  "markers",
  "repo-hygiene",
  "dependencies",
  "secrets",
  "containers",
  "ci",
  "web-exposure",
  "observability",
  "tests-inventory",
  "config-hardcoding",
  "panic-points",
  "error-handling",
  "async-blocking",
  "crypto",
] as const;
export type ScannerId = (typeof SCANNER_IDS)[number];

/** The scanner catalogue: exposed to MCP clients, the review agent and the report. */
export const scanners = {
  size: sizeScanner,
  markers: markersScanner,
  "repo-hygiene": repoHygieneScanner,
  dependencies: dependenciesScanner,
  secrets: secretsScanner,
  containers: containersScanner,
  ci: ciScanner,
  "web-exposure": webExposureScanner,
  observability: observabilityScanner,
  "tests-inventory": testsInventoryScanner,
  "config-hardcoding": configHardcodingScanner,
  "panic-points": panicPointsScanner,
  "error-handling": errorHandlingScanner,
  "async-blocking": asyncBlockingScanner,
  crypto: cryptoScanner,
} satisfies Record<ScannerId, Scanner>;

/** Looks a scanner up by id. */
export function getScanner(id: string): Scanner | undefined {
  return (scanners as Record<string, Scanner>)[id];
}
