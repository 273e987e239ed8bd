import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { LOCKFILE_COUNTING_RULE } from "./lib/lockfiles.js";
import {
  DependencyEcosystem,
  MANIFEST_KINDS,
  ManifestDependency,
  PINNING_KINDS,
  Pinning,
} from "./lib/manifests.js";
import { inheritWorkspace } from "./lib/manifests-cargo.js";
import { deprecatedCatalogue, deprecatedLookup } from "./lib/manifests-deprecated.js";
import { dependencyFindings, type LockCoverage, vulnerabilityFindings } from "./lib/manifests-findings.js";
import {
  isFixture,
  lockCoverage,
  pinnedVersions,
  readLockfiles,
  readManifests,
} from "./lib/manifests-read.js";
import { loadOsvIndex, packageKey } from "./lib/osv.js";
import { defineScanner, type FactStrength } from "./scanner.js";

const Severity = z.enum(["critical", "high", "medium", "low", "info"]);

export const DependenciesFacts = z.object({
  manifests: z.array(
    z.object({
      file: z.string(),
      kind: z.enum(MANIFEST_KINDS),
      ecosystem: DependencyEcosystem,
      dependencies: z.number().int(),
      /** Test fixtures and examples: parsed and counted, but their dependencies are not the project's. */
      isTest: z.boolean(),
      error: z.string().optional(),
    }),
  ),
  /** Every dependency declared in a production manifest. */
  dependencies: z.array(ManifestDependency),
  /** Production dependencies per pinning style. */
  pinning: z.array(z.object({ pinning: Pinning, count: z.number().int() })),
  lockfiles: z.array(
    z.object({
      file: z.string(),
      ecosystem: DependencyEcosystem,
      format: z.string(),
      /** Packages the lockfile pins; null when it could not be read. */
      packages: z
        .number()
        .int()
        .nullable()
        .describe(`Packages the lockfile pins; null when it could not be read. ${LOCKFILE_COUNTING_RULE}`),
      notRead: z.string().optional(),
    }),
  ),
  deprecated: z.array(
    z.object({
      name: z.string(),
      ecosystem: DependencyEcosystem,
      manifest: z.string(),
      line: z.number().int(),
      status: z.string(),
      severity: Severity,
      reason: z.string(),
      replacement: z.string(),
      reference: z.string(),
    }),
  ),
  vulnerabilities: z.array(
    z.object({
      package: z.string(),
      version: z.string(),
      ecosystem: DependencyEcosystem,
      file: z.string(),
      line: z.number().int(),
      advisory: z.string(),
      aliases: z.array(z.string()),
      summary: z.string(),
      severity: Severity,
      fixed: z.array(z.string()),
    }),
  ),
  osv: z.object({
    checked: z.boolean(),
    databases: z.array(z.object({ file: z.string(), advisories: z.number().int() })),
    errors: z.array(z.string()),
    packagesChecked: z.number().int(),
  }),
  catalogue: z.object({ date: z.string(), entries: z.number().int() }),
});
export type DependenciesFacts = z.infer<typeof DependenciesFacts>;

/** Declared dependencies and how they are pinned, lockfiles, deprecated packages and (offline) known vulnerabilities. */
export const dependenciesScanner = defineScanner({
  id: "dependencies",
  version: "1.1.0",
  title: "Dependencies and supply chain",
  description:
    "Parses Cargo, npm, Python, Go, Ruby and Maven manifests and their lockfiles: how every dependency is pinned, what each lockfile pins, deprecated or unmaintained packages, and known vulnerabilities from offline OSV databases.",
  areas: ["dependencies", "security"],
  facts: DependenciesFacts,
  async run(snapshot, options) {
    const { parsed, manifestFacts } = await readManifests(snapshot);
    inheritWorkspace(parsed.filter((manifest) => !isFixture(snapshot, manifest.file)));
    const production = parsed.filter((manifest) => !isFixture(snapshot, manifest.file));
    const dependencies = production.flatMap((manifest) => manifest.dependencies);
    const lockfiles = await readLockfiles(snapshot);
    const catalogue = deprecatedCatalogue();
    const lookup = deprecatedLookup(catalogue);
    const deprecated = dependencies.flatMap((dependency) => {
      const entry = lookup(dependency);
      if (!entry) return [];
      const { name: _name, ecosystem: _ecosystem, ...rest } = entry;
      return [
        {
          name: dependency.name,
          ecosystem: dependency.ecosystem,
          manifest: dependency.manifest,
          line: dependency.line,
          ...rest,
        },
      ];
    });
    const pinned = pinnedVersions(production, lockfiles);
    const osv: DependenciesFacts["osv"] = { checked: false, databases: [], errors: [], packagesChecked: 0 };
    const vulnerabilities: DependenciesFacts["vulnerabilities"] = [];
    if (options.osvZips && options.osvZips.length > 0) {
      const index = await loadOsvIndex(
        options.osvZips,
        new Set(pinned.map((entry) => packageKey(entry.ecosystem, entry.name))),
      );
      Object.assign(osv, {
        checked: index.databases.length > 0,
        databases: index.databases,
        errors: index.errors,
      });
      osv.packagesChecked = pinned.length;
      for (const entry of pinned)
        for (const hit of index.match(entry.ecosystem, entry.name, entry.version))
          vulnerabilities.push({
            package: entry.name,
            version: entry.version,
            ecosystem: entry.ecosystem,
            file: entry.file,
            line: entry.line,
            ...hit,
          });
    }
    const facts: DependenciesFacts = {
      manifests: manifestFacts,
      dependencies,
      pinning: PINNING_KINDS.map((pinning) => ({
        pinning,
        count: dependencies.filter((dependency) => dependency.pinning === pinning).length,
      })).filter((row) => row.count > 0),
      lockfiles: lockfiles.map(({ file, ecosystem, format, packages, notRead }) => ({
        file,
        ecosystem,
        format,
        packages: notRead ? null : packages.length,
        ...(notRead ? { notRead } : {}),
      })),
      deprecated,
      vulnerabilities,
      osv,
      catalogue: { date: catalogue.date, entries: catalogue.packages.length },
    };
    const coverage: LockCoverage = (manifest) => lockCoverage(manifest, lockfiles);
    const findings: RawFindingInput[] = [
      ...(await dependencyFindings(snapshot, production, coverage, deprecated)),
      ...(await vulnerabilityFindings(snapshot, vulnerabilities)),
    ];
    return { facts, findings, strengths: dependencyStrengths(facts) };
  },
});

function dependencyStrengths(facts: DependenciesFacts): FactStrength[] {
  const strengths: FactStrength[] = [];
  const total = facts.dependencies.length;
  if (total > 0 && facts.deprecated.length === 0)
    strengths.push({
      area: "dependencies",
      text: `None of the ${total} declared dependencies is in the deprecated or unmaintained catalogue (dated ${facts.catalogue.date}).`,
    });
  if (facts.osv.checked && facts.vulnerabilities.length === 0 && facts.osv.packagesChecked > 0)
    strengths.push({
      area: "dependencies",
      text: `No known vulnerabilities in ${facts.osv.packagesChecked} pinned package versions (OSV: ${facts.osv.databases.map((database) => database.file).join(", ")}).`,
    });
  const loose = facts.dependencies.filter((dependency) =>
    ["wildcard", "unpinned", "lower-bound", "git-branch", "git-unpinned"].includes(dependency.pinning),
  );
  if (total > 0 && loose.length === 0)
    strengths.push({
      area: "dependencies",
      text: `Every one of the ${total} declared dependencies has a bounded version requirement.`,
    });
  return strengths;
}
