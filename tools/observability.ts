import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import type { RepoFile, RepoSnapshot } from "../src/ingest/snapshot.js";
import { linesOf, splitLines } from "./lib/evidence.js";
import { baseName, ownFiles } from "./lib/files.js";
import {
  observabilityFindings,
  observabilityStrengths,
  type PrintSite,
  printFindings,
} from "./lib/observability-findings.js";
import { declaresHealthRoute } from "./lib/observability-health.js";
import {
  ERROR_REPORTING,
  HEALTH_ROUTE,
  LOG_CALLS,
  LOGGING_INIT,
  LOGGING_LIBRARIES,
  METRICS,
  PRINT_CALLS,
  type SignalRule,
  TRACING,
} from "./lib/observability-rules.js";
import { type Ecosystem, ecosystemOf } from "./lib/packages.js";
import { matchCode, mayMatch, readParsedSource, type SourceText, withGlobal } from "./lib/source-text.js";
import { detectWebFrameworks } from "./lib/web-frameworks.js";
import { defineScanner } from "./scanner.js";

const Site = z.object({ file: z.string(), line: z.number().int() });
const Signal = z.object({ library: z.string(), ecosystem: z.string(), files: z.number().int(), first: Site });
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
const Count = z.number().int();
const Levels = z.object({ trace: Count, debug: Count, info: Count, warn: Count, error: Count, fatal: Count });

export const ObservabilityFacts = z.object({
  httpServers: z.array(z.string()),
  logging: z.object({
    libraries: z.array(Signal),
    initSites: z.array(Site.extend({ library: z.string() })),
    calls: z.number().int(),
    byLevel: Levels,
    byFile: z.array(z.object({ file: z.string(), calls: z.number().int(), levels: Levels })),
  }),
  prints: z.object({
    production: z.number().int(),
    test: z.number().int(),
    byFile: z.array(
      z.object({
        file: z.string(),
        count: z.number().int(),
        debugMacros: z.number().int(),
        entryPoint: z.boolean(),
        first: z.number().int(),
      }),
    ),
  }),
  metrics: z.array(Signal),
  tracing: z.array(Signal),
  errorReporting: z.array(Signal),
  healthEndpoints: z.array(Site.extend({ route: z.string() })),
});
export type ObservabilityFacts = z.infer<typeof ObservabilityFacts>;
type Level = (typeof LEVELS)[number];

const LEVEL_ALIASES: Record<string, Level> = {
  warning: "warn",
  exception: "error",
  critical: "fatal",
  panic: "fatal",
  print: "info",
};

/** Logging libraries and where they are set up, log calls per file, print-style output, metrics, tracing, error reporting and health endpoints. */
export const observabilityScanner = defineScanner({
  id: "observability",
  version: "1.3.0",
  title: "Logging, metrics and health",
  description:
    "Logging libraries and their initialisation sites, log calls per file and level, print-style logging in production code, metrics, distributed tracing, error reporting and health-check routes.",
  areas: ["observability"],
  facts: ObservabilityFacts,
  async run(snapshot) {
    const zero = () => Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<Level, number>;
    const facts: ObservabilityFacts = {
      httpServers: (await detectWebFrameworks(snapshot)).map((framework) => framework.name),
      logging: { libraries: [], initSites: [], calls: 0, byLevel: zero(), byFile: [] },
      prints: { production: 0, test: 0, byFile: [] },
      metrics: [],
      tracing: [],
      errorReporting: [],
      healthEndpoints: [],
    };
    const findings: RawFindingInput[] = [];
    const printSites: PrintSite[] = [];
    for (const file of ownFiles(snapshot)) {
      const ecosystem = ecosystemOf(file.language);
      if (!ecosystem || baseName(file.path) === "build.rs") continue;
      const text = await snapshot.read(file.path);
      if (!mayMatch(text, patternsFor(ecosystem))) continue;
      // Parsed, so imports and calls written inside a code generator's strings do not count.
      const source = await readParsedSource(snapshot, file);
      const production = (line: number) => !source.isTestLine(line);
      const signals: Array<[SignalRule[], ObservabilityFacts["metrics"]]> = [
        [LOGGING_LIBRARIES, facts.logging.libraries],
        [METRICS, facts.metrics],
        [TRACING, facts.tracing],
        [ERROR_REPORTING, facts.errorReporting],
      ];
      for (const [rules, into] of signals)
        for (const rule of rules.filter((entry) => entry.ecosystem === ecosystem))
          recordSignal(
            into,
            rule,
            matchCode(source, withGlobal(rule.pattern), { startInCode: true }).find((hit) =>
              production(hit.line),
            ),
            file,
          );
      for (const rule of LOGGING_INIT.filter((entry) => entry.ecosystem === ecosystem))
        for (const hit of matchCode(source, withGlobal(rule.pattern), { startInCode: true }).filter((entry) =>
          production(entry.line),
        ))
          facts.logging.initSites.push({ file: file.path, line: hit.line, library: rule.id });
      for (const hit of matchCode(source, HEALTH_ROUTE, { startInCode: true }).filter(
        (entry) =>
          production(entry.line) &&
          declaresHealthRoute(source, entry.line, entry.column, entry.match[0].length),
      ))
        facts.healthEndpoints.push({ file: file.path, line: hit.line, route: routeOf(hit.match[0]) });

      const levels = zero();
      let calls = 0;
      for (const hit of matchCode(source, LOG_CALLS[ecosystem], { outsideStrings: true }).filter((entry) =>
        production(entry.line),
      )) {
        const raw = (hit.match[1] ?? "info").toLowerCase();
        const level = LEVEL_ALIASES[raw] ?? (LEVELS.includes(raw as Level) ? (raw as Level) : "info");
        levels[level]++;
        facts.logging.byLevel[level]++;
        calls++;
      }
      if (calls > 0) facts.logging.byFile.push({ file: file.path, calls, levels });
      facts.logging.calls += calls;
      const printSite = recordPrints(facts, findings, file, source, ecosystem === "rust");
      if (printSite) printSites.push(printSite);
    }
    facts.healthEndpoints.push(
      ...(await actuatorEndpoints(snapshot)),
      ...(await fileRouteEndpoints(snapshot)),
    );
    facts.logging.byFile.sort((a, b) => b.calls - a.calls || a.file.localeCompare(b.file));
    findings.push(...printFindings(printSites), ...observabilityFindings(facts));
    return { facts, findings, strengths: observabilityStrengths(facts) };
  },
});

/** The route a matched path literal names: quotes off, Django's `^…$` and missing leading slash restored. */
function routeOf(literal: string): string {
  const path = literal.slice(1, -1).replace(/^\^/, "").replace(/\$$/, "");
  return path.startsWith("/") ? path : `/${path}`;
}

// Next.js serves `app/api/health/route.ts` at /api/health and `pages/api/health.ts` likewise.
const HEALTH_NAMES =
  "(?:health|healthz|healthcheck|health-check|livez|readyz|ready|live|liveness|readiness|ping)";
const FILE_ROUTE = new RegExp(
  `(?:^|/)app/((?:api/)?(?:v\\d+/)?${HEALTH_NAMES})/route\\.[cm]?[jt]sx?$|(?:^|/)pages/(api/(?:v\\d+/)?${HEALTH_NAMES})(?:/index)?\\.[cm]?[jt]sx?$`,
);
const HANDLER_EXPORT =
  /^\s*export\s+(?:async\s+)?(?:function\s+(?:GET|HEAD)\b|const\s+(?:GET|HEAD)\b|default\b)/;

/** Health routes that a file-system router serves from a file's path. */
async function fileRouteEndpoints(snapshot: RepoSnapshot): Promise<ObservabilityFacts["healthEndpoints"]> {
  const found: ObservabilityFacts["healthEndpoints"] = [];
  for (const file of ownFiles(snapshot)) {
    const match = file.isTest ? null : FILE_ROUTE.exec(file.path);
    const route = match?.[1] ?? match?.[2];
    if (!route) continue;
    const index = splitLines(await snapshot.read(file.path)).findIndex((line) => HANDLER_EXPORT.test(line));
    if (index !== -1) found.push({ file: file.path, line: index + 1, route: `/${route}` });
  }
  return found;
}

/** Spring Boot Actuator serves /actuator/health once the starter is a dependency. */
async function actuatorEndpoints(snapshot: RepoSnapshot): Promise<ObservabilityFacts["healthEndpoints"]> {
  const found: ObservabilityFacts["healthEndpoints"] = [];
  for (const file of ownFiles(snapshot)) {
    if (!/^(pom\.xml|build\.gradle(\.kts)?)$/.test(baseName(file.path))) continue;
    const lines = splitLines(await snapshot.read(file.path));
    const index = lines.findIndex((line) => line.includes("spring-boot-starter-actuator"));
    if (index !== -1) found.push({ file: file.path, line: index + 1, route: "/actuator/health" });
  }
  return found;
}

function patternsFor(ecosystem: Ecosystem): RegExp[] {
  const own = (rules: SignalRule[]) =>
    rules.filter((rule) => rule.ecosystem === ecosystem).map((rule) => rule.pattern);
  return [
    ...own(LOGGING_LIBRARIES),
    ...own(LOGGING_INIT),
    ...own(METRICS),
    ...own(TRACING),
    ...own(ERROR_REPORTING),
    HEALTH_ROUTE,
    LOG_CALLS[ecosystem],
    PRINT_CALLS[ecosystem],
  ];
}

function recordSignal(
  into: ObservabilityFacts["metrics"],
  rule: SignalRule,
  hit: { line: number } | undefined,
  file: RepoFile,
): void {
  if (!hit) return;
  const existing = into.find((entry) => entry.library === rule.id && entry.ecosystem === rule.ecosystem);
  if (existing) existing.files++;
  else
    into.push({
      library: rule.id,
      ecosystem: rule.ecosystem,
      files: 1,
      first: { file: file.path, line: hit.line },
    });
}

const ENTRY_POINT_PATH = /(^|\/)(bin|cli|cmd|scripts?|tools|examples?|benches|xtask)\//;
const ENTRY_POINT_NAME = /^(main\.(rs|go)|__main__\.py|cli\.[cm]?[jt]s|cli\.py|manage\.py|setup\.py)$/;
const CLI_LIBRARY =
  /\buse\s+clap\b|\bclap::|^\s*(?:import|from)\s+(?:argparse|click|typer|fire)\b|["'](?:commander|yargs|cac|meow)["']|"github\.com\/spf13\/cobra"|^\s*"flag"$/m;

/** Counts a file's print-style calls into the facts, reports each `dbg!`, and returns the file's print site. */
function recordPrints(
  facts: ObservabilityFacts,
  findings: RawFindingInput[],
  file: RepoFile,
  source: SourceText,
  rust: boolean,
): PrintSite | undefined {
  const ecosystem = ecosystemOf(file.language);
  if (!ecosystem) return undefined;
  const hits = matchCode(source, PRINT_CALLS[ecosystem], { outsideStrings: true });
  const production = hits.filter((hit) => !source.isTestLine(hit.line));
  facts.prints.test += hits.length - production.length;
  if (production.length === 0) return undefined;
  facts.prints.production += production.length;
  const debugMacros = rust ? production.filter((hit) => hit.match[1] === "dbg") : [];
  const entryPoint =
    ENTRY_POINT_PATH.test(file.path) ||
    ENTRY_POINT_NAME.test(baseName(file.path)) ||
    (source.lines[0] ?? "").startsWith("#!") ||
    CLI_LIBRARY.test(source.code.join("\n"));
  const first = production[0]?.line ?? 1;
  facts.prints.byFile.push({
    file: file.path,
    count: production.length,
    debugMacros: debugMacros.length,
    entryPoint,
    first,
  });
  const text = source.lines.join("\n");
  for (const hit of debugMacros)
    findings.push({
      ruleId: "observability/dbg-macro",
      area: "observability",
      severity: "low",
      title: "`dbg!` left in production code",
      description: `${file.path}:${hit.line} calls \`dbg!\`, which writes file, line and the value's Debug output to stderr in every build, including release builds.`,
      recommendation: "Remove the `dbg!` call or replace it with a `tracing::debug!` event.",
      location: { file: file.path, startLine: hit.line, endLine: hit.line },
      evidence: linesOf(text, hit.line),
    });
  const prints = production.length - debugMacros.length;
  const firstPrint = production.find((hit) => hit.match[1] !== "dbg" || !rust);
  if (prints === 0 || !firstPrint) return undefined;
  return {
    file: file.path,
    prints,
    line: firstPrint.line,
    evidence: linesOf(text, firstPrint.line),
    entryPoint,
  };
}
