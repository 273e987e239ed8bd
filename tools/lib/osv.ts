import { createReadStream } from "node:fs";
import path from "node:path";
import { strFromU8, Unzip, UnzipInflate } from "fflate";
import type { Severity } from "../../schemas/index.js";
import { errorMessage } from "../../src/errors.js";
import type { DependencyEcosystem } from "./manifests.js";
import { normalisePythonName } from "./manifests-python.js";
import { advisorySeverity } from "./osv-severity.js";
import { compareEcosystemVersions, compareSemver, inRange, type RangeEvent } from "./osv-version.js";

interface OsvAffected {
  package?: { ecosystem?: string; name?: string };
  ranges?: Array<{ type?: string; events?: RangeEvent[] }>;
  versions?: string[];
  severity?: Array<{ type?: string; score?: string }>;
  database_specific?: { severity?: unknown };
}

/** The fields of an OSV record codeaudit reads (https://ossf.github.io/osv-schema/). */
export interface OsvAdvisory {
  id: string;
  aliases?: string[];
  summary?: string;
  withdrawn?: string;
  severity?: Array<{ type?: string; score?: string }>;
  database_specific?: { severity?: unknown; informational?: unknown };
  affected?: OsvAffected[];
}

/** A package version that an advisory affects. */
export interface Vulnerability {
  advisory: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  /** Fixed versions the advisory names for this package, lowest first. */
  fixed: string[];
}

/** The package key both sides agree on: ecosystem plus a name normalised the way the ecosystem compares names. */
export function packageKey(ecosystem: string, name: string): string {
  const base = ecosystem.split(":")[0] ?? ecosystem;
  return `${base}\u0000${base === "PyPI" ? normalisePythonName(name) : name}`;
}

/** Advisories indexed by package, from OSV per-ecosystem `all.zip` exports. */
export class OsvIndex {
  readonly #byPackage = new Map<string, OsvAdvisory[]>();
  /** Advisory files read per database. */
  readonly databases: Array<{ file: string; advisories: number }> = [];
  /** Databases that could not be read, one line each; the others still count. */
  readonly errors: string[] = [];

  /** Indexes an advisory under each package it affects (only those in `wanted`, when given); false if it was not kept. */
  add(advisory: OsvAdvisory, wanted?: ReadonlySet<string>): boolean {
    if (advisory.withdrawn) return false;
    let kept = false;
    for (const affected of advisory.affected ?? []) {
      const { ecosystem, name } = affected.package ?? {};
      if (!ecosystem || !name) continue;
      const key = packageKey(ecosystem, name);
      if (wanted && !wanted.has(key)) continue;
      const list = this.#byPackage.get(key) ?? [];
      if (!list.includes(advisory)) list.push(advisory);
      this.#byPackage.set(key, list);
      kept = true;
    }
    return kept;
  }

  /** Every advisory that affects `name@version`. */
  match(ecosystem: DependencyEcosystem, name: string, version: string): Vulnerability[] {
    const key = packageKey(ecosystem, name);
    const out: Vulnerability[] = [];
    for (const advisory of this.#byPackage.get(key) ?? []) {
      const entries = (advisory.affected ?? []).filter(
        (affected) =>
          affected.package?.ecosystem &&
          affected.package.name &&
          packageKey(affected.package.ecosystem, affected.package.name) === key,
      );
      const hit = entries.find((affected) => affects(affected, ecosystem, version));
      if (!hit) continue;
      const fixed = entries
        .flatMap((affected) => affected.ranges ?? [])
        .flatMap((range) => range.events ?? [])
        .map((event) => event.fixed)
        .filter((value): value is string => value !== undefined);
      const compare = comparatorFor(ecosystem, "ECOSYSTEM");
      out.push({
        advisory: advisory.id,
        aliases: advisory.aliases ?? [],
        summary: advisory.summary ?? "",
        severity: advisory.database_specific?.informational ? "low" : advisorySeverity(advisory, hit),
        fixed: [...new Set(fixed)].sort(compare),
      });
    }
    return out.sort((a, b) => a.advisory.localeCompare(b.advisory));
  }
}

function comparatorFor(ecosystem: DependencyEcosystem, type: string): (a: string, b: string) => number {
  return type === "SEMVER" || ecosystem === "Go" || ecosystem === "npm" || ecosystem === "crates.io"
    ? compareSemver
    : compareEcosystemVersions;
}

function affects(affected: OsvAffected, ecosystem: DependencyEcosystem, version: string): boolean {
  const bare = version.replace(/^v(?=\d)/, "");
  if (affected.versions?.some((listed) => listed.replace(/^v(?=\d)/, "") === bare)) return true;
  return (affected.ranges ?? []).some(
    (range) =>
      (range.type === "SEMVER" || range.type === "ECOSYSTEM") &&
      inRange(bare, range.events ?? [], comparatorFor(ecosystem, range.type)),
  );
}

/**
 * Reads OSV `all.zip` files entry by entry (never the whole archive in memory), keeping only the
 * advisories about packages in `wanted` (keys from {@link packageKey}).
 */
export async function loadOsvIndex(zips: readonly string[], wanted: ReadonlySet<string>): Promise<OsvIndex> {
  const index = new OsvIndex();
  for (const zip of zips) {
    let advisories = 0;
    const unzip = new Unzip((file) => {
      if (!file.name.endsWith(".json")) return;
      const chunks: Uint8Array[] = [];
      file.ondata = (error, data, final) => {
        if (error) throw error;
        chunks.push(data);
        if (!final) return;
        try {
          const advisory = JSON.parse(strFromU8(Buffer.concat(chunks))) as OsvAdvisory;
          advisories++;
          index.add(advisory, wanted);
        } catch {
          // One malformed record must not hide the rest of the database.
        }
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    try {
      for await (const chunk of createReadStream(zip)) unzip.push(chunk as Buffer);
      unzip.push(new Uint8Array(0), true);
    } catch (error) {
      index.errors.push(`${path.basename(zip)}: ${errorMessage(error)}`);
      continue;
    }
    index.databases.push({ file: path.basename(zip), advisories });
  }
  return index;
}
