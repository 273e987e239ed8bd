import type { RawFindingInput } from "../../schemas/index.js";
import type { FactStrength } from "../scanner.js";
import type { WebExposureFacts } from "../web-exposure.js";
import { linesOf } from "./evidence.js";
import { DEBUG_MODES } from "./web-exposure-rules.js";

// What a static search cannot see (a gateway, a proxy, a custom check) keeps absence findings below certainty.
const ABSENCE_CONFIDENCE = 0.7;

/** Findings from the web-exposure facts. */
export function webExposureFindings(facts: WebExposureFacts, texts: Map<string, string>): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  const at = (file: string, line: number) => ({
    location: { file, startLine: line, endLine: line },
    evidence: linesOf(texts.get(file) ?? "", line),
  });
  for (const site of facts.cors) {
    if (site.policy === "configured") continue;
    const auth = facts.authentication.find((entry) => entry.ecosystem === site.ecosystem);
    // Without a detected server there is no authentication to look for, so its absence proves nothing.
    const unauthenticated = auth !== undefined && !auth.found;
    const withCredentials = site.policy === "any-origin-credentials";
    findings.push({
      ruleId: "web/permissive-cors",
      area: "security",
      severity: withCredentials || unauthenticated ? "critical" : "medium",
      title: withCredentials
        ? "CORS accepts any origin with credentials"
        : site.policy === "reflect-origin"
          ? "CORS reflects any origin"
          : "Permissive CORS allows any origin",
      description: `\`${site.text}\` lets scripts on every web site ${withCredentials ? "make credentialed requests (cookies, auth headers) to this API and read the answers" : "call this API and read the answers"}${unauthenticated && !withCredentials ? ", and no authentication was found in front of it, so any page a user opens can drive the API from their browser, including on localhost or an internal network" : ""}.`,
      recommendation:
        "Allow only the origins that serve your own front end (an explicit list from configuration), and never combine a wildcard or reflected origin with credentials.",
      ...at(site.file, site.line),
    });
  }
  for (const entry of facts.authentication.filter((item) => !item.found))
    findings.push({
      ruleId: "web/no-authentication-found",
      area: "security",
      severity: "medium",
      title: `No authentication found for the ${entry.frameworks.join(", ")} HTTP server`,
      description: `A static search of the ${entry.ecosystem} production code found no authentication middleware, extractor, guard or token check for ${entry.frameworks.join(", ")}; unless a gateway in front of it authenticates callers, anyone who can reach the port can use every route.`,
      recommendation:
        "Put authentication (API key, JWT, session or mTLS) in front of every non-public route, as middleware so new routes are covered by default.",
      confidence: ABSENCE_CONFIDENCE,
    });
  for (const entry of facts.rateLimiting.filter((item) => !item.found))
    findings.push({
      ruleId: "web/no-rate-limiting-found",
      area: "security",
      severity: "low",
      title: `No rate limiting found for the ${entry.frameworks.join(", ")} HTTP server`,
      description: `A static search of the ${entry.ecosystem} production code found no rate-limiting middleware or limiter; a client can send requests as fast as the server accepts them unless a proxy limits them.`,
      recommendation:
        "Add per-client rate limits (tower_governor, express-rate-limit, slowapi, x/time/rate…) or enforce them at the proxy.",
      confidence: ABSENCE_CONFIDENCE,
    });
  // A header set by the proxy or host in front of the app protects every framework behind it.
  if (facts.proxySecurityHeaders.length === 0)
    for (const entry of facts.securityHeaders.filter((item) => !item.found))
      findings.push({
        ruleId: "web/no-security-headers-found",
        area: "security",
        severity: "low",
        title: `No security headers found for the ${entry.frameworks.join(", ")} HTTP server`,
        description: `A static search of the ${entry.ecosystem} production code and of proxy configuration found no security-header middleware or header (Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Content-Security-Policy) for ${entry.frameworks.join(", ")}; unless a proxy or CDN adds them, browsers get no HSTS, MIME-sniffing, framing or script-source protection from this server.`,
        recommendation:
          "Set the headers in one middleware (helmet, secure / gin-contrib/secure, Talisman or Django's SecurityMiddleware, tower-http SetResponseHeaderLayer…) or at the proxy: at least X-Content-Type-Options: nosniff and, over HTTPS, Strict-Transport-Security; for HTML also a Content-Security-Policy with frame-ancestors.",
        confidence: ABSENCE_CONFIDENCE,
      });
  for (const site of facts.serversWithoutTimeouts)
    findings.push({
      ruleId: "web/server-without-timeouts",
      area: "reliability",
      severity: "medium",
      title:
        site.kind === "timeout-disabled" ? "HTTP server timeout disabled" : "HTTP server without timeouts",
      description: `${timeoutGap(site)} A client that sends its request slowly (Slowloris) holds a connection and its goroutine or socket for as long as it likes, so a few hundred slow clients can exhaust the server.`,
      recommendation:
        site.kind === "timeout-disabled"
          ? "Keep Node's finite defaults (headersTimeout 60 s, requestTimeout 300 s) or set values that suit the slowest legitimate client."
          : "Serve through an `http.Server` with ReadHeaderTimeout (and ReadTimeout, WriteTimeout, IdleTimeout) set, e.g. `&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}`; pass a Gin engine as its Handler, and set `e.Server.ReadHeaderTimeout` on Echo before `Start`.",
      ...at(site.file, site.line),
    });
  for (const site of facts.bindAll)
    findings.push({
      ruleId: "web/bind-all-interfaces",
      area: "infrastructure",
      severity: facts.containerised ? "info" : "low",
      title: "Server listens on all network interfaces",
      description: facts.containerised
        ? `\`${site.text}\` binds every interface; inside a container that is normal (the port mapping decides exposure), but run directly on a host it exposes the service to the whole network.`
        : `\`${site.text}\` binds every interface, so the service is reachable from the network, not only from this machine.`,
      recommendation:
        "Bind to 127.0.0.1 by default and make the listen address configurable for deployments.",
      ...at(site.file, site.line),
    });
  for (const site of facts.tlsVerificationDisabled)
    findings.push({
      ruleId: "web/tls-verification-disabled",
      area: "security",
      severity: "high",
      title: "TLS certificate verification disabled",
      description: `${site.what} turns off certificate checks, so anyone on the network path can impersonate the server and read or alter the traffic.`,
      recommendation:
        "Keep verification on; trust a private CA by adding its certificate instead of disabling the check.",
      ...at(site.file, site.line),
    });
  for (const site of facts.debugModes) {
    const rule = DEBUG_MODES.find((entry) => entry.what === site.what);
    findings.push({
      ruleId: "web/debug-mode",
      area: "security",
      severity: site.guarded ? "medium" : (rule?.severity ?? "medium"),
      title: "Debug mode enabled",
      description: `${site.what} is switched on${site.guarded ? ' under `if __name__ == "__main__":`, so it applies whenever the module is run directly' : ""}; debug modes expose stack traces, settings and sometimes an interactive console.`,
      recommendation:
        "Read the debug flag from the environment, default it to off, and never enable it in deployed configuration.",
      ...at(site.file, site.line),
    });
  }
  return findings;
}

/** Strengths the web-exposure facts prove. */
export function webExposureStrengths(facts: WebExposureFacts): FactStrength[] {
  const out: FactStrength[] = [];
  const describe = (list: WebExposureFacts["authentication"]) =>
    list
      .flatMap((entry) => entry.evidence.slice(0, 1))
      .map((site) => `${site.file}:${site.line}`)
      .join(", ");
  if (facts.authentication.length > 0 && facts.authentication.every((entry) => entry.found))
    out.push({
      area: "security",
      text: `Authentication is wired into the HTTP server (${describe(facts.authentication)}).`,
    });
  if (facts.rateLimiting.length > 0 && facts.rateLimiting.every((entry) => entry.found))
    out.push({ area: "security", text: `Requests are rate limited (${describe(facts.rateLimiting)}).` });
  if (facts.cors.length > 0 && facts.cors.every((site) => site.policy === "configured"))
    out.push({ area: "security", text: "CORS is restricted to configured origins." });
  if (facts.securityHeaders.length > 0 && facts.securityHeaders.every((entry) => entry.found))
    out.push({ area: "security", text: `Security headers are set (${describe(facts.securityHeaders)}).` });
  else if (facts.securityHeaders.length > 0 && facts.proxySecurityHeaders.length > 0)
    out.push({
      area: "security",
      text: `Security headers are set at the proxy (${facts.proxySecurityHeaders
        .slice(0, 2)
        .map((site) => `${site.file}:${site.line}`)
        .join(", ")}).`,
    });
  return out;
}

/** The first sentence of a missing-timeout finding: what starts the server and what it leaves unset. */
function timeoutGap(site: WebExposureFacts["serversWithoutTimeouts"][number]): string {
  const others = site.missing.filter((field) => field !== "ReadHeaderTimeout" && field !== "ReadTimeout");
  switch (site.kind) {
    case "listen-helper":
      return `\`${site.text}\` uses a package-level net/http helper, which serves with a zero \`http.Server\`: no read, write or idle timeouts.`;
    case "server-literal":
      return `\`${site.text}\` builds an \`http.Server\` that sets neither ReadHeaderTimeout nor ReadTimeout${others.length > 0 ? ` (${others.join(" and ")} ${others.length > 1 ? "are" : "is"} unset too)` : ""}, so reading a request's headers has no deadline.`;
    case "gin-run":
      return `Gin's \`Run\` (\`${site.text}\`) serves with \`http.ListenAndServe\`, which has no read, write or idle timeouts.`;
    case "echo-start":
      return `Echo's \`Start\` (\`${site.text}\`) serves with the instance's default \`http.Server\`, and no timeout is set on it.`;
    case "timeout-disabled":
      return `\`${site.text}\` turns off Node's ${site.missing.join(", ")} limit.`;
  }
}
