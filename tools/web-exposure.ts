import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { baseName, ownFiles } from "./lib/files.js";
import { ECOSYSTEMS, type Ecosystem, ecosystemOf } from "./lib/packages.js";
import { matchCode, mayMatch, sourceText, withGlobal } from "./lib/source-text.js";
import { webExposureFindings, webExposureStrengths } from "./lib/web-exposure-findings.js";
import {
  AUTH_EVIDENCE,
  BIND_ALL,
  DEBUG_MODES,
  type EvidenceRules,
  RATE_LIMIT_EVIDENCE,
  SECURITY_HEADER_EVIDENCE,
  TLS_SERVER_EVIDENCE,
  TLS_VERIFY_OFF,
} from "./lib/web-exposure-rules.js";
import {
  candidatePatterns,
  isDeployConfig,
  proxyTls,
  scanCors,
  scanRules,
  underMainGuard,
} from "./lib/web-exposure-scan.js";
import { detectWebFrameworks } from "./lib/web-frameworks.js";
import { defineScanner } from "./scanner.js";

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
  bindAll: z.array(Site),
  tlsVerificationDisabled: z.array(Site.extend({ what: z.string() })),
  debugModes: z.array(Site.extend({ what: z.string(), guarded: z.boolean() })),
  containerised: z.boolean(),
});
export type WebExposureFacts = z.infer<typeof WebExposureFacts>;

/** CORS policy, auth / rate-limit / security-header evidence per framework, TLS, bind-all servers, disabled TLS checks and debug modes. */
export const webExposureScanner = defineScanner({
  id: "web-exposure",
  version: "1.0.0",
  title: "Web exposure",
  description:
    "HTTP frameworks in use and what guards them: CORS policy, authentication, rate limiting, security headers and TLS evidence; servers bound to 0.0.0.0; disabled TLS certificate checks; debug modes left on.",
  areas: ["security", "infrastructure"],
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
    for (const file of ownFiles(snapshot)) {
      if (file.isTest) continue;
      const ecosystem = ecosystemOf(file.language);
      const deployConfig = !ecosystem && isDeployConfig(file.path, file.language);
      if (!ecosystem && !deployConfig) continue;
      const text = await snapshot.read(file.path);
      if (!mayMatch(text, candidatePatterns(deployConfig ? "config" : (ecosystem ?? "config"), served)))
        continue;
      const source = sourceText(file.path, file.language, text, file.isTest);
      const production = (line: number) => !source.isTestLine(line);
      const site = (line: number) => ({ file: file.path, line, text: (source.lines[line - 1] ?? "").trim() });
      if (deployConfig) {
        scanRules(source, TLS_VERIFY_OFF, "config", (line, what) =>
          facts.tlsVerificationDisabled.push({ ...site(line), what }),
        );
        scanRules(source, DEBUG_MODES, "config", (line, what) =>
          facts.debugModes.push({ ...site(line), what, guarded: false }),
        );
        continue;
      }
      if (!ecosystem) continue;
      scanCors(source, ecosystem, (line, policy) => {
        if (production(line)) facts.cors.push({ ...site(line), ecosystem, policy });
      });
      if (served.includes(ecosystem)) {
        const protections: Array<[EvidenceRules, Map<Ecosystem, z.infer<typeof Site>[]>]> = [
          [AUTH_EVIDENCE, evidence.authentication],
          [RATE_LIMIT_EVIDENCE, evidence.rateLimiting],
          [SECURITY_HEADER_EVIDENCE, evidence.securityHeaders],
        ];
        for (const [rules, into] of protections) {
          const list = into.get(ecosystem) ?? [];
          into.set(ecosystem, list);
          for (const hit of matchCode(source, withGlobal(rules[ecosystem])))
            if (production(hit.line) && list.length < 5 && !list.some((entry) => entry.file === file.path))
              list.push(site(hit.line));
        }
        for (const hit of matchCode(source, withGlobal(TLS_SERVER_EVIDENCE[ecosystem])))
          if (production(hit.line)) facts.tlsTermination.push(site(hit.line));
        for (const hit of matchCode(source, BIND_ALL))
          if (production(hit.line)) facts.bindAll.push(site(hit.line));
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
    facts.tlsTermination.push(...(await proxyTls(snapshot)));
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
      ...facts.bindAll.map((entry) => entry.file),
      ...facts.tlsVerificationDisabled.map((entry) => entry.file),
      ...facts.debugModes.map((entry) => entry.file),
    ]))
      texts.set(path, await snapshot.read(path));
    const findings: RawFindingInput[] = webExposureFindings(facts, texts);
    return { facts, findings, strengths: webExposureStrengths(facts) };
  },
});
