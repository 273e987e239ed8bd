import type { ObservabilityFacts } from "../../../../tools/observability.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

type Signal = ObservabilityFacts["metrics"];

const site = (entry: { file: string; line: number }) => `${entry.file}:${entry.line}`;
const names = (list: Signal) => list.map((entry) => entry.library).join(", ");

function levels(counts: ObservabilityFacts["logging"]["byLevel"]): string {
  return (
    Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([level, count]) => `${level} ${count}`)
      .join(", ") || "—"
  );
}

function signalItem(category: string, list: Signal, service: boolean, missing: string): ChecklistItem {
  if (list.length > 0)
    return {
      category,
      status: "✅ Good",
      notes: `${names(list)} (${site(list[0]?.first ?? { file: "?", line: 1 })})`,
    };
  return {
    category,
    status: service ? "❌ Missing" : "N/A",
    notes: service ? missing : "No HTTP service detected",
  };
}

export const observabilitySection: FactsSection<ObservabilityFacts> = {
  render(facts) {
    const logging = facts.logging;
    const signal = (list: Signal) => (list.length > 0 ? `✅ ${names(list)}` : "❌ none found");
    const parts = [
      "### Logging and observability",
      table(
        ["Signal", "Found", "Where"],
        [
          [
            "Logging library",
            signal(logging.libraries),
            logging.initSites.length > 0
              ? `initialised at ${logging.initSites
                  .slice(0, 3)
                  .map((entry) => code(site(entry)))
                  .join(", ")}`
              : logging.libraries.length > 0
                ? "no initialisation found"
                : "—",
          ],
          [
            "Metrics",
            signal(facts.metrics),
            facts.metrics.map((entry) => code(site(entry.first))).join(", ") || "—",
          ],
          [
            "Distributed tracing",
            signal(facts.tracing),
            facts.tracing.map((entry) => code(site(entry.first))).join(", ") || "—",
          ],
          [
            "Error reporting",
            signal(facts.errorReporting),
            facts.errorReporting.map((entry) => code(site(entry.first))).join(", ") || "—",
          ],
          [
            "Health endpoints",
            facts.healthEndpoints.length > 0 ? `✅ ${facts.healthEndpoints.length}` : "❌ none found",
            facts.healthEndpoints
              .slice(0, 4)
              .map((entry) => `${code(entry.route)} (${site(entry)})`)
              .join(", ") || "—",
          ],
        ],
      ),
      "",
      `Log calls: **${logging.calls}** (${levels(logging.byLevel)}). Print-style output: **${facts.prints.production}** in production code across ${facts.prints.byFile.length} file${facts.prints.byFile.length === 1 ? "" : "s"}, ${facts.prints.test} in tests.`,
    ];
    if (logging.byFile.length > 0)
      parts.push(
        "",
        table(
          ["Module", "Log calls", "Levels"],
          logging.byFile.slice(0, 15).map((entry) => [code(entry.file), entry.calls, levels(entry.levels)]),
        ),
      );
    if (logging.byFile.length > 15)
      parts.push("", `… and ${logging.byFile.length - 15} more files (see the JSON report).`);
    return parts.join("\n");
  },
  checklist(facts) {
    const service = facts.httpServers.length > 0;
    const logging = facts.logging;
    const stray = facts.prints.byFile
      .filter((entry) => !entry.entryPoint)
      .reduce((total, entry) => total + entry.count, 0);
    const loggingItem: ChecklistItem =
      logging.libraries.length === 0
        ? {
            category: "Logging",
            status: stray > 0 || service ? "❌ Missing" : "N/A",
            notes: `No logging library; ${stray} print calls outside entry points`,
          }
        : {
            category: "Logging",
            status: logging.initSites.length > 0 && stray <= logging.calls / 10 ? "✅ Good" : "⚠️ Partial",
            notes: `${names(logging.libraries)}, ${logging.calls} calls${logging.initSites[0] ? `, initialised at ${site(logging.initSites[0])}` : ", no initialisation found"}${stray > 0 ? `; ${stray} print calls outside entry points` : ""}`,
          };
    const health = facts.healthEndpoints;
    return [
      loggingItem,
      signalItem("Metrics", facts.metrics, service, "No metrics library found"),
      {
        category: "Health checks",
        status: health.length > 0 ? "✅ Good" : service ? "❌ Missing" : "N/A",
        notes:
          health.length > 0
            ? [...new Set(health.map((entry) => entry.route))].join(", ")
            : service
              ? "No /health, /healthz, /readyz or /livez route found"
              : "No HTTP service detected",
      },
      signalItem(
        "Error reporting",
        facts.errorReporting,
        service,
        "No Sentry, Bugsnag, Rollbar or Honeybadger",
      ),
    ];
  },
};
