import type { Area, Severity } from "../../schemas/index.js";
import { ownFiles } from "../../tools/lib/files.js";
import { getScanner } from "../../tools/registry.js";
import type { RepoFile, RepoSnapshot } from "../ingest/snapshot.js";
import type { PrescanResult } from "../prescan/run-scanners.js";
import { areaRelevance } from "./area-files.js";

/** A file an area will read, with why it ranks where it does. */
export interface PrioritisedFile {
  file: RepoFile;
  relevance: number;
  /** Pre-scan findings in this file that speak to the area. */
  hits: number;
  /** Those findings weighted by severity. */
  hitScore: number;
}

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 16, high: 8, medium: 4, low: 2, info: 1 };

/**
 * The files an area reads, most telling first: files with pre-scan findings for the area (from the
 * scanners whose `areas` include it, or findings filed under it) by severity-weighted count, then the
 * area's other relevant files by relevance and size. Vendored and generated files are never read.
 */
export function prioritiseFiles(
  snapshot: RepoSnapshot,
  prescan: PrescanResult,
  area: Area,
): PrioritisedFile[] {
  const hits = new Map<string, { count: number; score: number }>();
  for (const result of prescan.results) {
    const scannerSpeaks = getScanner(result.id)?.areas.includes(area) ?? false;
    for (const finding of result.findings) {
      if (!finding.location || (!scannerSpeaks && finding.area !== area)) continue;
      const entry = hits.get(finding.location.file) ?? { count: 0, score: 0 };
      entry.count++;
      entry.score += SEVERITY_WEIGHT[finding.severity];
      hits.set(finding.location.file, entry);
    }
  }
  return ownFiles(snapshot)
    .map((file) => {
      const hit = hits.get(file.path);
      return { file, relevance: areaRelevance(area, file), hits: hit?.count ?? 0, hitScore: hit?.score ?? 0 };
    })
    .filter((entry) => entry.relevance > 0 || entry.hits > 0)
    .sort(
      (a, b) =>
        b.hitScore - a.hitScore ||
        b.relevance - a.relevance ||
        b.file.lines - a.file.lines ||
        a.file.path.localeCompare(b.file.path),
    );
}
