import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { baseName, ownFiles } from "./lib/files.js";
import { ECOSYSTEMS, type Ecosystem, ecosystemOf } from "./lib/packages.js";
import { matchCode, mayMatch, readParsedSource, withGlobal } from "./lib/source-text.js";
import { bindAllLines, configBindAllLines } from "./lib/web-bind-all.js";
import {
  AUTHENTICATION,
  type ProtectionRules,
  RATE_LIMITING,
  SECURITY_HEADERS,
} from "./lib/web-evidence-rules.js";
import { webExposureFindings, webExposureStrengths } from "./lib/web-exposure-findings.js";
import { DEBUG_MODES, TLS_SERVER_EVIDENCE, TLS_VERIFY_OFF } from "./lib/web-exposure-rules.js";
import {
  candidatePatterns,
  isDeployConfig,
  scanCors,
  scanRules,
  underMainGuard,
} from "./lib/web-exposure-scan.js";
import { detectWebFrameworks, isDeclarationFile } from "./lib/web-frameworks.js";
import { proxyEvidence } from "./lib/web-proxy-config.js";
import { serverSideFiles } from "./lib/web-server-files.js";
import { serverTimeoutGaps, TIMEOUT_GAPS } from "./lib/web-server-timeouts.js";
import { defineScanner } from "./scanner.js";

/** A type-only import or export: it names a library's types without using the library. */
const TYPE_ONLY = /^\s*(?:import|export)\s+type\b/;
// Compose files publish ports; the containers scanner reads their bindings.
const COMPOSE_FILE = /^(?:docker-)?compose[\w.-]*\.ya?ml$/i;
const IMPORT_LINE =
  /^\s*(?:import\b|from\s+\S+\s+import\b|use\s|export\s*\{[^}]*\}\s*from\b|(?:const|let|var)\s+[\w${}\s,:]+=\s*require\s*\(\s*["'][^"']+["']\s*\)\s*;?\s*$)/;
const Site = z.object({ file: z.string(), line: z.number().int(), text: z.string() });
const Protection = z.object({
  ecosystem: z.enum(ECOSYSTEMS),
  frameworks: z.array(z.string()),
  found: z.boolean(),
  /** The first places that show the protection (at most five). */
  evidence: z.array(Site),
});

export const WebExposureFacts = z.object({
  frameworks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      ecosystem: z.enum(ECOSYSTEMS),
      files: z.number().int(),
      first: z.object({ file: z.string(), line: z.number().int() }),
    }),
  ),
  cors: z.array(
    Site.extend({
      ecosystem: z.enum(ECOSYSTEMS),
      policy: z.enum(["any-origin", "any-origin-credentials", "reflect-origin", "configured"]),
    }),
  ),
  authentication: z.array(Protection),
  rateLimiting: z.array(Protection),
  securityHeaders: z.array(Protection),
  tlsTermination: z.array(Site),
  /** Security headers set by a proxy or host in front of the code (nginx, Caddy, Traefik, Netlify, Vercel). */
  proxySecurityHeaders: z.array(Site),
  /** Servers started or built with no read timeout, and every timeout each leaves unset. */
  serversWithoutTimeouts: z.array(Site.extend({ kind: z.enum(TIMEOUT_GAPS), missing: z.array(z.string()) })),
  bindAll: z.array(Site),
  tlsVerificationDisabled: z.array(Site.extend({ what: z.string() })),
  debugModes: z.array(Site.extend({ what: z.string(), guarded: z.boolean() })),
  containerised: z.boolean(),
});
export type WebExposureFacts = z.infer<typeof WebExposureFacts>;

/** CORS policy, auth / rate-limit / security-header evidence per framework, TLS, bind-all servers, disabled TLS checks and debug modes. */
export const webExposureScanner = defineScanner({
  id: "web-exposure",
  version: "1.4.0",
  title: "Web exposure",
  description:
    "HTTP frameworks in use and what guards them: CORS policy, authentication, rate limiting, security headers and TLS evidence; servers without read timeouts; servers bound to 0.0.0.0; disabled TLS certificate checks; debug modes left on.",
  areas: ["security", "infrastructure", "reliability"],
  facts: WebExposureFacts,
  async run(snapshot) {
    const frameworks = await detectWebFrameworks(snapshot);
    const facts: WebExposureFacts = {
      frameworks: frameworks.map(({ id, name, ecosystem, files, first }) => ({
        id,
        name,
        ecosystem,
        files: files.length,
        first,
      })),
      cors: [],
      authentication: [],
      rateLimiting: [],
      securityHeaders: [],
      tlsTermination: [],
      proxySecurityHeaders: [],
      serversWithoutTimeouts: [],
      bindAll: [],
      tlsVerificationDisabled: [],
      debugModes: [],
      containerised: snapshot.files.some((file) => file.language === "dockerfile"),
    };
    const served = ECOSYSTEMS.filter((ecosystem) =>
      frameworks.some((entry) => entry.ecosystem === ecosystem),
    );
    const evidence = {
      authentication: new Map<Ecosystem, z.infer<typeof Site>[]>(),
      rateLimiting: new Map<Ecosystem, z.infer<typeof Site>[]>(),
      securityHeaders: new Map<Ecosystem, z.infer<typeof Site>[]>(),
    };
    const serverFiles = await serverSideFiles(snapshot, frameworks);
    for (const file of ownFiles(snapshot)) {
      if (file.isTest || isDeclarationFile(file.path)) continue;
      const ecosystem = ecosystemOf(file.language);
      const deployConfig = !ecosystem && isDeployConfig(file.path, file.language);
      if (!ecosystem && !deployConfig) continue;
      const text = await snapshot.read(file.path);
      if (!mayMatch(text, candidatePatterns(deployConfig ? "config" : (ecosystem ?? "config"), served)))
        continue;
      const source = await readParsedSource(snapshot, file);
      const production = (line: number) => !source.isTestLine(line);
      const site = (line: number) => ({ file: file.path, line, text: (source.lines[line - 1] ?? "").trim() });
      if (deployConfig) {
        scanRules(source, TLS_VERIFY_OFF, "config", (line, what) =>
          facts.tlsVerificationDisabled.push({ ...site(line), what }),
        );
        scanRules(source, DEBUG_MODES, "config", (line, what) =>
          facts.debugModes.push({ ...site(line), what, guarded: false }),
        );
        if (file.language === "yaml" && !COMPOSE_FILE.test(baseName(file.path)))
          for (const line of configBindAllLines(source)) facts.bindAll.push(site(line));
        continue;
      }
      if (!ecosystem) continue;
      const servedBy = (id: string) => frameworks.some((entry) => entry.id === id);
      for (const gap of serverTimeoutGaps(source, {
        gin: servedBy("gin"),
        echo: servedBy("echo"),
        serverFile: serverFiles.has(file.path),
      }))
        if (production(gap.line)) facts.serversWithoutTimeouts.push({ ...site(gap.line), ...gap });
      scanCors(source, ecosystem, (line, policy) => {
        if (production(line)) facts.cors.push({ ...site(line), ecosystem, policy });
      });
      if (served.includes(ecosystem)) {
        const protections: Array<[ProtectionRules, Map<Ecosystem, z.infer<typeof Site>[]>]> = [
          [AUTHENTICATION, evidence.authentication],
          [RATE_LIMITING, evidence.rateLimiting],
          [SECURITY_HEADERS, evidence.securityHeaders],
        ];
        for (const [rules, into] of protections) {
          const list = into.get(ecosystem) ?? [];
          into.set(ecosystem, list);
          const hits = matchCode(source, withGlobal(rules.library[ecosystem]), { startInCode: true });
          // Importing a hand-written guard is not wiring it in; its use or definition is.
          if (serverFiles.has(file.path))
            for (const hit of matchCode(source, withGlobal(rules.serverSide[ecosystem]), {
              startInCode: true,
            }))
              if (!IMPORT_LINE.test(source.code[hit.line - 1] ?? "")) hits.push(hit);
          const first = hits
            .filter((hit) => production(hit.line) && !TYPE_ONLY.test(source.code[hit.line - 1] ?? ""))
            .sort((a, b) => a.line - b.line)[0];
          if (first && list.length < 5) list.push(site(first.line));
        }
        for (const hit of matchCode(source, withGlobal(TLS_SERVER_EVIDENCE[ecosystem])))
          if (production(hit.line)) facts.tlsTermination.push(site(hit.line));
        for (const line of bindAllLines(source)) if (production(line)) facts.bindAll.push(site(line));
      }
      scanRules(source, TLS_VERIFY_OFF, ecosystem, (line, what) => {
        if (production(line)) facts.tlsVerificationDisabled.push({ ...site(line), what });
      });
      scanRules(source, DEBUG_MODES, ecosystem, (line, what, path) => {
        if (!production(line)) return;
        if (path && (!path.test(file.path) || /(dev|local|test)/i.test(baseName(file.path)))) return;
        facts.debugModes.push({ ...site(line), what, guarded: underMainGuard(source, line) });
      });
    }
    const proxy = await proxyEvidence(snapshot);
    facts.tlsTermination.push(...proxy.tls);
    facts.proxySecurityHeaders.push(...proxy.securityHeaders);
    for (const ecosystem of served) {
      const names = frameworks.filter((entry) => entry.ecosystem === ecosystem).map((entry) => entry.name);
      for (const key of ["authentication", "rateLimiting", "securityHeaders"] as const) {
        const list = evidence[key].get(ecosystem) ?? [];
        facts[key].push({ ecosystem, frameworks: names, found: list.length > 0, evidence: list });
      }
    }
    const texts = new Map<string, string>();
    for (const path of new Set([
      ...facts.cors.map((entry) => entry.file),
      ...facts.serversWithoutTimeouts.map((entry) => entry.file),
      ...facts.bindAll.map((entry) => entry.file),
      ...facts.tlsVerificationDisabled.map((entry) => entry.file),
      ...facts.debugModes.map((entry) => entry.file),
    ]))
      texts.set(path, await snapshot.read(path));
    const findings: RawFindingInput[] = webExposureFindings(facts, texts);
    return { facts, findings, strengths: webExposureStrengths(facts) };
  },
});
