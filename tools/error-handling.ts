import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import type { RepoSnapshot } from "../src/ingest/snapshot.js";
import { baseName } from "./lib/files.js";
import { codeMatches, lineText, syntaxOf } from "./lib/syntax.js";
import { usedNames } from "./lib/syntax-dependency-use.js";
import { type ErrorSignals, errorSignals, resolveErrorClasses } from "./lib/syntax-error-signals.js";
import {
  manifestsAt,
  type ReadManifest,
  readManifests,
  type SourcePackage,
  SYNTAX_ECOSYSTEMS,
  sourcePackages,
} from "./lib/syntax-packages.js";
import {
  findUnusedDependencies,
  isNodeCommandLineTool,
  type UnusedDependency,
} from "./lib/syntax-unused-dependencies.js";
import { defineScanner } from "./scanner.js";

const Ecosystem = z.enum(SYNTAX_ECOSYSTEMS);

const Signals = z.object({
  /** Rust: files using anyhow / eyre / `Box<dyn Error>`. */
  anyhowFiles: z.number().int(),
  eyreFiles: z.number().int(),
  boxDynErrorFiles: z.number().int(),
  /** Rust: `#[derive(thiserror::Error)]` types; hand-written `impl Error for`. */
  thiserrorDerives: z.number().int(),
  manualErrorImpls: z.number().int(),
  /** Go: `ErrX = errors.New(…)`; `fmt.Errorf` with and without `%w`. */
  sentinelErrors: z.number().int(),
  errorfWrapped: z.number().int(),
  errorfUnwrapped: z.number().int(),
});

export const ErrorHandlingFacts = z.object({
  packages: z.array(
    z.object({
      ecosystem: Ecosystem,
      root: z.string(),
      name: z.string(),
      kind: z.enum(["library", "binary", "package"]),
      /** Production source files (test files do not decide the strategy). */
      sourceFiles: z.number().int(),
      strategy: z.string(),
      /** typed: the package declares its own error types; dynamic: only anyhow/eyre/Box<dyn Error>/fmt.Errorf; none: neither. */
      status: z.enum(["typed", "dynamic", "none"]),
      signals: Signals,
      errorTypes: z.array(
        z.object({
          name: z.string(),
          file: z.string(),
          line: z.number().int(),
          kind: z.enum(["thiserror", "manual", "class", "go-type"]),
        }),
      ),
    }),
  ),
  unusedDependencies: z.array(
    z.object({
      ecosystem: Ecosystem,
      name: z.string(),
      manifest: z.string(),
      line: z.number().int(),
      scope: z.string(),
      workspace: z.boolean(),
    }),
  ),
  dependenciesChecked: z.number().int(),
});
export type ErrorHandlingFacts = z.infer<typeof ErrorHandlingFacts>;
type PackageRow = ErrorHandlingFacts["packages"][number];

/** Error strategy per crate/package and dependencies declared in a manifest that no code uses. */
export const errorHandlingScanner = defineScanner({
  id: "error-handling",
  version: "1.2.1",
  title: "Error handling strategy and unused dependencies",
  description:
    "Per crate/package: anyhow vs thiserror vs hand-written error types (Rust), custom exceptions (Python), Error subclasses (TS/JS), sentinel errors and %w wrapping (Go); and manifest dependencies that no source file imports.",
  areas: ["reliability", "code-quality", "dependencies"],
  facts: ErrorHandlingFacts,
  async run(snapshot) {
    const manifests = await readManifests(snapshot);
    const used = new Map<string, Set<string>>();
    const packages: PackageRow[] = [];
    const firstAnyhow = new Map<PackageRow, { file: string; line: number; evidence: string }>();
    for (const source of sourcePackages(snapshot)) {
      const names = new Set<string>();
      used.set(`${source.ecosystem}:${source.root}`, names);
      const row = emptyRow(snapshot, source, manifests);
      const candidates: Array<PackageRow["errorTypes"][number] & { base?: string }> = [];
      for (const file of source.files) {
        const analysis = await syntaxOf(snapshot, file);
        for (const name of usedNames(source.ecosystem, analysis)) names.add(name);
        // A Cargo build script runs at build time: its errors are not the crate's error strategy.
        if (file.isTest || (source.ecosystem === "rust" && /(^|\/)build\.rs$/.test(file.path))) continue;
        row.sourceFiles++;
        const signals = errorSignals(analysis);
        addSignals(row.signals, signals);
        for (const type of signals.types) candidates.push({ ...type, file: file.path });
        if (signals.anyhow && !firstAnyhow.has(row)) {
          const line = codeMatches(analysis, /\b(anyhow)\b/g)[0]?.line ?? 1;
          firstAnyhow.set(row, { file: file.path, line, evidence: lineText(analysis, line) });
        }
      }
      if (row.sourceFiles === 0) continue;
      row.errorTypes = resolveErrorClasses(candidates).map(({ name, file, line, kind }) => ({
        name,
        file,
        line,
        kind,
      }));
      Object.assign(row, describeStrategy(row));
      packages.push(row);
    }
    const { checked, unused } = await findUnusedDependencies(snapshot, manifests, used);
    const facts: ErrorHandlingFacts = {
      packages,
      unusedDependencies: unused.map(({ evidence: _evidence, ...entry }) => entry),
      dependenciesChecked: checked,
    };
    const findings = [...unusedFindings(unused), ...libraryFindings(packages, firstAnyhow)];
    const strengths =
      packages.length > 0 && packages.every((row) => row.status === "typed")
        ? [{ area: "reliability" as const, text: "Every package declares its own error types." }]
        : [];
    return { facts, findings, strengths };
  },
});

function emptyRow(snapshot: RepoSnapshot, source: SourcePackage, manifests: ReadManifest[]): PackageRow {
  const own = manifestsAt(manifests, source.ecosystem, source.root);
  const named = own.find((manifest) => manifest.packageName)?.packageName;
  const prefix = source.root === "" ? "" : `${source.root}/`;
  const kind =
    source.ecosystem !== "rust"
      ? "package"
      : snapshot.file(`${prefix}src/lib.rs`)
        ? "library"
        : snapshot.file(`${prefix}src/main.rs`)
          ? "binary"
          : "package";
  return {
    ecosystem: source.ecosystem,
    root: source.root,
    name: named ?? (source.root === "" ? snapshot.name : baseName(source.root)),
    kind,
    sourceFiles: 0,
    strategy: "",
    status: "none",
    signals: {
      anyhowFiles: 0,
      eyreFiles: 0,
      boxDynErrorFiles: 0,
      thiserrorDerives: 0,
      manualErrorImpls: 0,
      sentinelErrors: 0,
      errorfWrapped: 0,
      errorfUnwrapped: 0,
    },
    errorTypes: [],
  };
}

function addSignals(total: PackageRow["signals"], file: ErrorSignals): void {
  if (file.anyhow) total.anyhowFiles++;
  if (file.eyre) total.eyreFiles++;
  if (file.boxDynError) total.boxDynErrorFiles++;
  total.thiserrorDerives += file.thiserrorDerives;
  total.manualErrorImpls += file.manualErrorImpls;
  total.sentinelErrors += file.sentinelErrors;
  total.errorfWrapped += file.errorfWrapped;
  total.errorfUnwrapped += file.errorfUnwrapped;
}

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 ? "" : word.endsWith("s") ? "es" : "s"}`;

function typeList(row: PackageRow, kind: PackageRow["errorTypes"][number]["kind"]): string {
  const names = [
    ...new Set(row.errorTypes.filter((type) => type.kind === kind).map((type) => `\`${type.name}\``)),
  ];
  return names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
}

/** The strategy in words, and whether the package has typed errors, only dynamic ones, or neither. */
function describeStrategy(row: PackageRow): Pick<PackageRow, "strategy" | "status"> {
  const { signals } = row;
  const typed = row.errorTypes.length > 0;
  const parts: string[] = [];
  if (row.ecosystem === "rust") {
    if (signals.thiserrorDerives > 0) parts.push(`\`thiserror\` types (${typeList(row, "thiserror")})`);
    if (row.errorTypes.some((type) => type.kind === "manual"))
      parts.push(`hand-written error types (${typeList(row, "manual")})`);
    const dynamic = [
      signals.anyhowFiles > 0 ? `\`anyhow\` (${plural(signals.anyhowFiles, "file")})` : "",
      signals.eyreFiles > 0 ? `\`eyre\` (${plural(signals.eyreFiles, "file")})` : "",
      signals.boxDynErrorFiles > 0 ? `\`Box<dyn Error>\` (${plural(signals.boxDynErrorFiles, "file")})` : "",
    ].filter(Boolean);
    if (!typed && signals.anyhowFiles > 0 && dynamic.length === 1)
      parts.push(`\`anyhow\` only (${signals.anyhowFiles} of ${plural(row.sourceFiles, "file")})`);
    else parts.push(...dynamic);
  } else if (row.ecosystem === "python" || row.ecosystem === "node") {
    const noun = row.ecosystem === "python" ? "custom exception class" : "Error subclass";
    if (typed) parts.push(`${plural(row.errorTypes.length, noun)} (${typeList(row, "class")})`);
  } else {
    if (signals.sentinelErrors > 0) parts.push(plural(signals.sentinelErrors, "sentinel error"));
    if (typed) parts.push(`error types (${typeList(row, "go-type")})`);
    const errorf = signals.errorfWrapped + signals.errorfUnwrapped;
    if (errorf > 0) parts.push(`\`fmt.Errorf\` wraps with \`%w\` in ${signals.errorfWrapped} of ${errorf}`);
  }
  const dynamicOnly =
    signals.anyhowFiles +
      signals.eyreFiles +
      signals.boxDynErrorFiles +
      signals.errorfWrapped +
      signals.errorfUnwrapped >
    0;
  const status = typed || signals.sentinelErrors > 0 ? "typed" : dynamicOnly ? "dynamic" : "none";
  const fallback =
    row.ecosystem === "python"
      ? "built-in exceptions only"
      : row.ecosystem === "node"
        ? "built-in `Error` only"
        : row.ecosystem === "go"
          ? "no error values of its own"
          : "no error types (std errors only)";
  return { strategy: parts.join(" + ") || fallback, status };
}

function unusedFindings(unused: UnusedDependency[]): RawFindingInput[] {
  const byName = new Map<string, UnusedDependency[]>();
  for (const entry of unused) {
    const key = `${entry.ecosystem}:${entry.name}`;
    byName.set(key, [...(byName.get(key) ?? []), entry]);
  }
  const findings: RawFindingInput[] = [];
  for (const entries of byName.values()) {
    const first = entries.find((entry) => entry.workspace) ?? (entries[0] as UnusedDependency);
    const manifestName = baseName(first.manifest);
    const where = [...new Set(entries.map((entry) => entry.manifest))].join(", ");
    const whole = first.ecosystem === "rust" ? "any crate" : "any package";
    if (first.ecosystem === "node" && isNodeCommandLineTool(first.name)) {
      findings.push({
        ruleId: "error-handling/unused-dependency",
        area: "dependencies",
        severity: "low",
        title: `Build tool \`${first.name}\` is a runtime dependency in ${manifestName} but never used by the code`,
        description: `Declared under "dependencies" in ${where}, but no source file imports \`${first.name}\`: it is a command-line tool run by scripts or by hand, so everyone who installs the package installs it for nothing.`,
        recommendation: "Move it to devDependencies.",
        location: { file: first.manifest, startLine: first.line, endLine: first.line },
        evidence: first.evidence,
      });
      continue;
    }
    findings.push({
      ruleId: "error-handling/unused-dependency",
      area: "dependencies",
      severity: "low",
      title: `\`${first.name}\` is in ${manifestName} but never used`,
      // Checked against imports, string references in code (importlib, INSTALLED_APPS, require.resolve),
      // config files, stylesheets, package.json scripts, Dockerfiles and go:generate lines; a package
      // loaded only by a name built at run time would still look unused, hence "no … references".
      description: `Declared in ${where}, but no source file of ${entries.length > 1 || first.workspace ? whole : "its package"} imports or references \`${first.name}\`${first.ecosystem === "python" || first.ecosystem === "node" ? ", and no config file, script or Dockerfile names it" : ""}. An unused dependency still costs build time and widens the supply chain.`,
      recommendation:
        first.name === "thiserror"
          ? "Use it for typed error enums in library code, or remove it from the manifest."
          : "Remove it from the manifest, or move it where it is actually used.",
      location: { file: first.manifest, startLine: first.line, endLine: first.line },
      evidence: first.evidence,
    });
  }
  return findings;
}

function libraryFindings(
  packages: PackageRow[],
  firstAnyhow: Map<PackageRow, { file: string; line: number; evidence: string }>,
): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  for (const row of packages) {
    const site = firstAnyhow.get(row);
    if (row.kind !== "library" || row.status !== "dynamic" || !site) continue;
    findings.push({
      ruleId: "error-handling/untyped-library-errors",
      area: "code-quality",
      severity: "low",
      title: `Library crate \`${row.name}\` has no typed errors`,
      description: `${row.name} uses \`anyhow\` in ${plural(row.signals.anyhowFiles, "file")} and declares no error type, so callers cannot match on what failed.`,
      recommendation:
        "Expose a typed error enum (e.g. with thiserror) from the library; keep anyhow for binaries.",
      location: { file: site.file, startLine: site.line, endLine: site.line },
      evidence: site.evidence,
    });
  }
  return findings;
}
