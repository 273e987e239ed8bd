import { markersScanner } from "./markers.js";
import { repoHygieneScanner } from "./repo-hygiene.js";
import type { Scanner } from "./scanner.js";
import { sizeScanner } from "./size.js";

/** Every scanner id, in the order they run and appear in reports. */
export const SCANNER_IDS = ["size", "markers", "repo-hygiene"] as const;
export type ScannerId = (typeof SCANNER_IDS)[number];

/** The scanner catalogue: exposed to MCP clients, the review agent and the report. */
export const scanners = {
  size: sizeScanner,
  markers: markersScanner,
  "repo-hygiene": repoHygieneScanner,
} satisfies Record<ScannerId, Scanner>;

/** Looks a scanner up by id. */
export function getScanner(id: string): Scanner | undefined {
  return (scanners as Record<string, Scanner>)[id];
}
