import type { WebExposureFacts } from "../../../../tools/web-exposure.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

type Protection = WebExposureFacts["authentication"];

const where = (site: { file: string; line: number }) => code(`${site.file}:${site.line}`);

function protectionRow(name: string, list: Protection): [string, string, string] {
  const found = list.filter((entry) => entry.found);
  const status = found.length === list.length ? "✅ found" : found.length > 0 ? "⚠️ partly" : "❌ not found";
  const evidence = list
    .map((entry) =>
      entry.found
        ? `${entry.frameworks.join(", ")}: ${entry.evidence.slice(0, 2).map(where).join(", ")}`
        : `${entry.frameworks.join(", ")}: none found by static search`,
    )
    .join("; ");
  return [name, status, evidence];
}

function protectionItem(category: string, list: Protection, missing: string): ChecklistItem {
  const found = list.filter((entry) => entry.found);
  if (found.length === list.length)
    return {
      category,
      status: "✅ Good",
      notes: found
        .flatMap((entry) => entry.evidence.slice(0, 1).map((site) => `${site.file}:${site.line}`))
        .join(", "),
    };
  const absent = list.filter((entry) => !entry.found).flatMap((entry) => entry.frameworks);
  return {
    category,
    status: found.length > 0 ? "⚠️ Partial" : "❌ Missing",
    notes: `${missing} for ${absent.join(", ")} (static search)`,
  };
}

/** Security headers in code per framework, or set for all of them at the proxy. */
function headersRow(facts: WebExposureFacts): [string, string, string] {
  const row = protectionRow("Security headers", facts.securityHeaders);
  if (facts.proxySecurityHeaders.length === 0 || row[1] === "✅ found") return row;
  return [row[0], "✅ found", `proxy: ${facts.proxySecurityHeaders.slice(0, 2).map(where).join(", ")}`];
}

export const webExposureSection: FactsSection<WebExposureFacts> = {
  render(facts) {
    const parts = ["### Web exposure"];
    if (facts.frameworks.length === 0 && facts.cors.length === 0) {
      parts.push("", "No HTTP server framework detected in production code.");
    } else {
      parts.push(
        table(
          ["Framework", "Ecosystem", "Files", "First seen"],
          facts.frameworks.map((framework) => [
            framework.name,
            framework.ecosystem,
            framework.files,
            where(framework.first),
          ]),
        ),
        "",
        table(
          ["Control", "Status", "Evidence"],
          [
            protectionRow("Authentication", facts.authentication),
            protectionRow("Rate limiting", facts.rateLimiting),
            headersRow(facts),
            [
              "TLS termination",
              facts.tlsTermination.length > 0 ? "✅ found" : "❌ not found",
              facts.tlsTermination.slice(0, 3).map(where).join(", ") || "none in code or proxy config",
            ],
          ],
        ),
      );
      if (facts.cors.length > 0)
        parts.push(
          "",
          "CORS configuration:",
          "",
          ...facts.cors.map((site) => `- ${where(site)} ${code(site.text)}: ${site.policy}`),
        );
    }
    const other = [
      ...facts.serversWithoutTimeouts.map(
        (site) => `- ${where(site)} server without timeouts: ${code(site.text)}`,
      ),
      ...facts.bindAll.map((site) => `- ${where(site)} listens on all interfaces: ${code(site.text)}`),
      ...facts.tlsVerificationDisabled.map(
        (site) => `- ${where(site)} TLS verification disabled: ${site.what}`,
      ),
      ...facts.debugModes.map((site) => `- ${where(site)} debug mode: ${site.what}`),
    ];
    if (other.length > 0) parts.push("", ...other);
    return parts.join("\n");
  },
  checklist(facts) {
    if (facts.frameworks.length === 0) return [];
    const open = facts.cors.filter((site) => site.policy !== "configured");
    return [
      protectionItem(
        "Authentication",
        facts.authentication,
        "No authentication middleware, extractor or guard found",
      ),
      {
        category: "CORS",
        status: open.length > 0 ? "❌ Missing" : "✅ Good",
        notes:
          open.length > 0
            ? `Insecure: ${open
                .slice(0, 2)
                .map((site) => `${code(site.text)} (${site.file}:${site.line})`)
                .join(", ")}`
            : facts.cors.length > 0
              ? "Restricted to configured origins"
              : "No CORS policy (browsers keep same-origin)",
      },
      protectionItem("Rate limiting", facts.rateLimiting, "No rate limiting found"),
      {
        category: "HTTPS/TLS",
        status: facts.tlsTermination.length > 0 ? "✅ Good" : "❌ Missing",
        notes:
          facts.tlsTermination.length > 0
            ? facts.tlsTermination
                .slice(0, 2)
                .map((site) => `${site.file}:${site.line}`)
                .join(", ")
            : "No TLS in code or proxy config; plain HTTP unless terminated upstream",
      },
      facts.proxySecurityHeaders.length > 0 && facts.securityHeaders.some((entry) => !entry.found)
        ? {
            category: "Security headers",
            status: "✅ Good",
            notes: `Set at the proxy: ${facts.proxySecurityHeaders
              .slice(0, 2)
              .map((site) => `${site.file}:${site.line}`)
              .join(", ")}`,
          }
        : protectionItem("Security headers", facts.securityHeaders, "No security-header middleware found"),
    ];
  },
};
