import { SecretsFacts } from "../../tools/secrets.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { ScannerResult } from "../prescan/run-scanners.js";
import { Redactor, type SecretLocation } from "./redactor.js";

/** The secret locations the secrets scanner recorded in a pre-scan, or none when it did not run or failed. */
export function secretLocations(results: readonly ScannerResult[]): SecretLocation[] {
  const secrets = results.find((result) => result.id === "secrets");
  if (!secrets) return [];
  const parsed = SecretsFacts.safeParse(secrets.facts);
  return parsed.success ? parsed.data.sites : [];
}

/** A position-only redactor for a pre-scan: enough for report evidence, which is always verbatim lines at a known location. */
export function redactorForPrescan(results: readonly ScannerResult[]): Redactor {
  const locations = secretLocations(results);
  return locations.length === 0 ? Redactor.empty() : Redactor.fromLocations(locations);
}

/**
 * A redactor that also knows the secret values (read back from the snapshot, held in memory only), for
 * text whose position is unknown: model prompts, tool results, grep output, model answers.
 */
export async function loadRedactor(
  snapshot: RepoSnapshot,
  results: readonly ScannerResult[],
): Promise<Redactor> {
  const locations = secretLocations(results);
  return locations.length === 0 ? Redactor.empty() : Redactor.fromSnapshot(snapshot, locations);
}
