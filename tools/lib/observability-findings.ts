import type { RawFindingInput } from "../../schemas/index.js";
import type { ObservabilityFacts } from "../observability.js";
import type { FactStrength } from "../scanner.js";

/** A file that prints instead of logging: how often, and its first print line. */
export interface PrintSite {
  file: string;
  prints: number;
  line: number;
  evidence: string;
  entryPoint: boolean;
}

/** Files reported one by one; the rest are summed up in one finding so a chatty codebase stays readable. */
export const PRINT_FILES_LISTED = 10;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Print-style logging: the worst production files one by one, the rest and the entry points summed up. */
export function printFindings(sites: PrintSite[]): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  const at = (site: PrintSite) => ({
    location: { file: site.file, startLine: site.line, endLine: site.line },
    evidence: site.evidence,
  });
  const byCount = (a: PrintSite, b: PrintSite) => b.prints - a.prints || a.file.localeCompare(b.file);
  const production = sites.filter((site) => !site.entryPoint).sort(byCount);
  for (const site of production.slice(0, PRINT_FILES_LISTED))
    findings.push({
      ruleId: "observability/print-logging",
      area: "observability",
      severity: "low",
      title: `${plural(site.prints, "print statement")} in production code: ${site.file}`,
      description: `${site.file} writes ${plural(site.prints, "time")} straight to stdout/stderr instead of through a logger, so these messages carry no level, timestamp or context and cannot be filtered or shipped.`,
      recommendation: "Replace the print calls with the project's logger at a suitable level.",
      ...at(site),
    });
  const rest = production.slice(PRINT_FILES_LISTED);
  if (rest.length > 0)
    findings.push({
      ruleId: "observability/print-logging",
      area: "observability",
      severity: "low",
      title: `Print statements in ${plural(rest.length, "more production file")}`,
      description: `${plural(
        rest.reduce((total, site) => total + site.prints, 0),
        "print statement",
      )} in ${rest
        .slice(0, 20)
        .map((site) => `${site.file} (${site.prints})`)
        .join(", ")}${rest.length > 20 ? ", …" : ""}; every file is listed in the observability facts.`,
      recommendation: "Replace the print calls with the project's logger at a suitable level.",
    });
  const entryPoints = sites.filter((site) => site.entryPoint).sort(byCount);
  const top = entryPoints[0];
  if (top)
    findings.push({
      ruleId: "observability/print-entry-point",
      area: "observability",
      severity: "info",
      title: `${plural(
        entryPoints.reduce((total, site) => total + site.prints, 0),
        "print statement",
      )} in ${plural(entryPoints.length, "entry point")}`,
      description: `Command-line entry points and scripts write to stdout/stderr directly (${entryPoints
        .slice(0, 10)
        .map((site) => `${site.file}: ${site.prints}`)
        .join(
          ", ",
        )}${entryPoints.length > 10 ? ", …" : ""}); this is often intended user output rather than logging.`,
      recommendation: "Keep user-facing output on stdout, but send diagnostics through the logger.",
      ...at(top),
    });
  return findings;
}

// Absence is only a finding for a service: a library or CLI has no endpoint to probe or scrape.
const ABSENCE_CONFIDENCE = 0.8;

/** Findings for what a service lacks: a logging library, metrics, a health route, error reporting. */
export function observabilityFindings(facts: ObservabilityFacts): RawFindingInput[] {
  if (facts.httpServers.length === 0) return [];
  const servers = facts.httpServers.join(", ");
  const findings: RawFindingInput[] = [];
  const absent = (
    rule: string,
    severity: RawFindingInput["severity"],
    title: string,
    searched: string,
    recommendation: string,
  ) =>
    findings.push({
      ruleId: `observability/${rule}`,
      area: "observability",
      severity,
      title,
      description: `The code serves HTTP (${servers}), and a static search of the production code found no ${searched}. Something outside the repository (a sidecar, the platform) may cover it; nothing inside does.`,
      recommendation,
      confidence: ABSENCE_CONFIDENCE,
    });
  if (facts.logging.libraries.length === 0)
    absent(
      "no-logging-library",
      "medium",
      "No logging library in the HTTP service",
      "logging library (tracing/log, logging/structlog/loguru, winston/pino, zap/zerolog/slog, SLF4J…)",
      "Adopt the ecosystem's structured logger, initialise it once at start-up, and log requests and failures with context.",
    );
  if (facts.metrics.length === 0)
    absent(
      "no-metrics",
      "medium",
      "No application metrics",
      "metrics library (Prometheus client, metrics crate, prom-client, OpenTelemetry metrics, Micrometer, StatsD)",
      "Expose request rate, error rate and latency (for example a Prometheus `/metrics` endpoint or OpenTelemetry metrics).",
    );
  if (facts.healthEndpoints.length === 0)
    absent(
      "no-health-endpoint",
      "medium",
      "No health-check endpoint",
      "health, liveness or readiness route (/health, /healthz, /livez, /readyz, /ping)",
      "Add a cheap liveness route and a readiness route that checks the service's dependencies, and point the orchestrator's probes at them.",
    );
  if (facts.errorReporting.length === 0)
    absent(
      "no-error-reporting",
      "low",
      "No error reporting service",
      "error reporting integration (Sentry, Bugsnag, Rollbar, Honeybadger)",
      "Send unhandled errors to an error tracker (or make sure logged errors raise alerts).",
    );
  return findings;
}

/** Strengths the observability facts prove. */
export function observabilityStrengths(facts: ObservabilityFacts): FactStrength[] {
  const out: FactStrength[] = [];
  const init = facts.logging.initSites[0];
  if (facts.logging.libraries.length > 0 && init)
    out.push({
      area: "observability",
      text: `Logging uses ${facts.logging.libraries.map((entry) => entry.library).join(", ")}, initialised at ${init.file}:${init.line}, with ${facts.logging.calls} log calls.`,
    });
  if (facts.metrics.length > 0)
    out.push({
      area: "observability",
      text: `Metrics are collected (${facts.metrics.map((entry) => entry.library).join(", ")}).`,
    });
  if (facts.healthEndpoints.length > 0)
    out.push({
      area: "observability",
      text: `Health endpoints exist (${[...new Set(facts.healthEndpoints.map((entry) => entry.route))].join(", ")}).`,
    });
  if (facts.tracing.length > 0)
    out.push({
      area: "observability",
      text: `Distributed tracing is wired in (${facts.tracing.map((entry) => entry.library).join(", ")}).`,
    });
  if (facts.errorReporting.length > 0)
    out.push({
      area: "observability",
      text: `Errors are reported to ${facts.errorReporting.map((entry) => entry.library).join(", ")}.`,
    });
  return out;
}
