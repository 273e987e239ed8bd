import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import { z } from "zod";
import type { RawFindingInput, Severity } from "../schemas/index.js";
import type { RepoFile, RepoSnapshot } from "../src/ingest/snapshot.js";
import { redact } from "../src/redact/redact.js";
import { spanLocator } from "../src/redact/span.js";
import { findSecretAssignments, type Suppression } from "./lib/entropy.js";
import { linesOf } from "./lib/evidence.js";
import { baseName } from "./lib/files.js";
import { secretlintMayReport } from "./lib/secretlint-triggers.js";
import { type SourceText, sourceOf } from "./lib/source-text.js";
import { defineScanner } from "./scanner.js";

const Span = z.object({
  /** Character offset of the first character (UTF-16 code units of the file text). */
  start: z.number().int(),
  /** Character offset just after the last character. */
  end: z.number().int(),
  line: z.number().int(),
  /** 1-based column of the first character. */
  column: z.number().int(),
  endLine: z.number().int(),
  /** 1-based column just after the last character. */
  endColumn: z.number().int(),
});

const SecretSite = z.object({
  file: z.string(),
  /** Kebab-case secret type; also names the redaction placeholder. */
  kind: z.string(),
  detector: z.enum(["secretlint", "entropy"]),
  /** The secretlint rule id, or `generic-high-entropy`. */
  rule: z.string(),
  /** The variable or key the value is assigned to (generic rule only). */
  name: z.string().optional(),
  /** Test file, fixture, example or documentation: reported at low severity. */
  isTest: z.boolean(),
  /** The first characters of the value and `****`; never the value. */
  preview: z.string(),
  length: z.number().int(),
  entropy: z.number().optional(),
  severity: z.enum(["critical", "high", "medium", "low", "info"]),
  span: Span,
});
export type SecretSite = z.infer<typeof SecretSite>;

export const SecretsFacts = z.object({
  filesScanned: z.number().int(),
  total: z.object({ production: z.number().int(), test: z.number().int() }),
  byKind: z.array(z.object({ kind: z.string(), production: z.number().int(), test: z.number().int() })),
  sites: z.array(SecretSite),
  /** Candidates the false-positive filters dropped, by reason. */
  suppressed: z.object({
    reference: z.number().int(),
    placeholder: z.number().int(),
    "test-value": z.number().int(),
    "uuid-or-hash": z.number().int(),
  }),
});
export type SecretsFacts = z.infer<typeof SecretsFacts>;

const KINDS: Record<string, { kind: string; label: string }> = {
  AWSAccessKeyID: { kind: "aws-access-key", label: "AWS access key ID" },
  AWSSecretAccessKey: { kind: "aws-secret-key", label: "AWS secret access key" },
  PrivateKeyJSON: { kind: "gcp-service-account-key", label: "GCP service account key" },
  PrivateKeyP12: { kind: "gcp-service-account-key", label: "GCP service account key" },
  PackageJSON_xOauthToken: { kind: "github-token", label: "GitHub token" },
  GITHUB_TOKEN: { kind: "github-token", label: "GitHub token" },
  Npmrc_authToken: { kind: "npm-token", label: "npm token" },
  NPM_ACCESS_TOKEN: { kind: "npm-token", label: "npm token" },
  SLACK_TOKEN: { kind: "slack-token", label: "Slack token" },
  IncomingWebhook: { kind: "slack-webhook", label: "Slack incoming webhook URL" },
  BasicAuth: { kind: "basic-auth-url", label: "URL with embedded credentials" },
  OPENAI_TOKEN: { kind: "openai-api-key", label: "OpenAI API key" },
  ANTHROPIC_API_KEY: { kind: "anthropic-api-key", label: "Anthropic API key" },
  LINEAR_API_TOKEN: { kind: "linear-api-key", label: "Linear API key" },
  PrivateKey: { kind: "private-key", label: "private key" },
  SENDGRID_KEY: { kind: "sendgrid-api-key", label: "SendGrid API key" },
  SHOPIFY_KEY: { kind: "shopify-token", label: "Shopify token" },
  OPS_TOKEN: { kind: "1password-token", label: "1Password service account token" },
  MongoDBConnection: { kind: "database-url", label: "database connection string with password" },
  MySQLConnection: { kind: "database-url", label: "database connection string with password" },
  PostgreSQLConnection: { kind: "database-url", label: "database connection string with password" },
};
const GENERIC = { kind: "generic-secret", label: "credential" };
/** Keys that open a cloud account or decrypt traffic: critical when they sit in production files. */
const CRITICAL_KINDS = new Set([
  "aws-access-key",
  "aws-secret-key",
  "gcp-service-account-key",
  "private-key",
]);
/** Account ids identify, they do not authenticate. */
const IGNORED_MESSAGES = new Set(["AWSAccountID"]);

// @secretlint/profiler 11 (the exact version @secretlint/core 11 pins) marks the start and end of every
// rule on every file, keeps every mark, and scans all kept marks on each end mark: linting n files
// costs O(n²) time, and the marks are never freed (secretlint/secretlint#1653; profiling became opt-in
// upstream in #1673, secretlint 13). Nothing here reads the profile, so its marks go nowhere.
silenceProfiler(secretLintProfiler);

function silenceProfiler(profiler: unknown): void {
  const target = profiler as { perf?: unknown };
  if (target.perf) target.perf = { mark() {}, measure() {} };
}

export const SECRETLINT_CONFIG = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommendedPreset,
      // Access key ids are off by default in secretlint; a committed key id is half a credential.
      rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
    },
  ],
};

const SKIPPED_NAMES =
  /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|uv\.lock|go\.sum|Gemfile\.lock|composer\.lock|Pipfile\.lock|bun\.lock)$|\.(min\.js|min\.css|map|svg)$/;
const FIXTURE_PATH = /(^|\/)(examples?|samples?|fixtures|testdata|docs?)\//;
const CHECKSUM_FILE = /(^|\/)([A-Z0-9]*SUMS?|checksums?(\.[a-z]+)?|.*\.(sha\d+|sum|lock))$/i;
const BARE_VALUE_LANGUAGES = new Set([
  "yaml",
  "toml",
  "ini",
  "dotenv",
  "dockerfile",
  "shell",
  "makefile",
  "conf",
]);

interface Located {
  site: SecretSite;
  label: string;
}

/** Committed credentials: secretlint's recommended rules plus a generic high-entropy rule, each with its exact span and a masked preview. */
export const secretsScanner = defineScanner({
  id: "secrets",
  version: "1.1.0",
  title: "Hard-coded secrets",
  description:
    "Credentials in the repository (cloud keys, private keys, API tokens, passwords with random values), found by secretlint's recommended rules and an entropy rule, with exact spans and masked previews only.",
  areas: ["security"],
  facts: SecretsFacts,
  async run(snapshot) {
    const located: Located[] = [];
    const suppressed = { reference: 0, placeholder: 0, "test-value": 0, "uuid-or-hash": 0 };
    let filesScanned = 0;
    for (const file of snapshot.files) {
      if (file.isVendored || SKIPPED_NAMES.test(baseName(file.path))) continue;
      const text = await snapshot.read(file.path);
      filesScanned++;
      located.push(...(await scanFile(snapshot, file, text, suppressed)));
    }
    located.sort((a, b) => a.site.file.localeCompare(b.site.file) || a.site.span.start - b.site.span.start);
    const sites = located.map((entry) => entry.site);
    const byKind = new Map<string, { kind: string; production: number; test: number }>();
    for (const site of sites) {
      const row = byKind.get(site.kind) ?? { kind: site.kind, production: 0, test: 0 };
      row[site.isTest ? "test" : "production"]++;
      byKind.set(site.kind, row);
    }
    const facts: SecretsFacts = {
      filesScanned,
      total: {
        production: sites.filter((site) => !site.isTest).length,
        test: sites.filter((site) => site.isTest).length,
      },
      byKind: [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
      sites,
      suppressed,
    };
    const findings = await secretFindings(snapshot, located);
    const strengths =
      facts.total.production === 0 && filesScanned > 0
        ? [{ area: "security" as const, text: "No hard-coded credentials were found in production files." }]
        : [];
    return { facts, findings, strengths };
  },
});

async function scanFile(
  snapshot: RepoSnapshot,
  file: RepoFile,
  text: string,
  suppressed: Record<Suppression, number>,
): Promise<Located[]> {
  const isTest = file.isTest || FIXTURE_PATH.test(file.path);
  const located: Located[] = [];
  const locate = spanLocator(text);
  const add = (start: number, end: number, label: string, site: Omit<SecretSite, "span" | "file">) => {
    if (located.some((entry) => start < entry.site.span.end && end > entry.site.span.start)) return;
    located.push({ label, site: { ...site, file: file.path, span: locate(start, end) } });
  };
  for (const hit of await secretlintHits(file, text)) {
    const { kind, label } = KINDS[hit.messageId] ?? GENERIC;
    const value = text.slice(hit.start, hit.end);
    // In a URL only the credentials say whether it is a fake; `example.org` hosts real-looking ones too.
    const credential = /^[a-z+]+:\/\/([^@/]*)@/i.exec(value)?.[1] ?? value;
    if (/dummy|fake|example|xxxx/i.test(credential)) {
      suppressed["test-value"]++;
      continue;
    }
    // `postgres://app:change-me@…` in a template is an instruction, not a credential.
    if (/change[_-]?me|replace[_-]?me|your[_-]|<[^>]*>|\$\{|\{\{|placeholder/i.test(credential)) {
      suppressed.placeholder++;
      continue;
    }
    add(hit.start, hit.end, label, {
      kind,
      detector: "secretlint",
      rule: hit.ruleId.replace(/^@secretlint\/secretlint-rule-/, ""),
      isTest,
      preview: preview(value),
      length: value.length,
      severity: severityOf(kind, isTest),
    });
  }
  // Comments and docstrings hold documentation examples (RFC sample tokens); the precise secretlint
  // rules above still read them, the generic entropy rule does not.
  let source: SourceText | undefined;
  const inComment = (offset: number) => {
    source ??= sourceOf(snapshot, file, text);
    const { line, column } = locate(offset, offset);
    const code = source.code[line - 1] ?? "";
    return code[column - 1] === " " && (source.lines[line - 1] ?? "")[column - 1] !== " ";
  };
  const assignments = findSecretAssignments(text, {
    bareValues: BARE_VALUE_LANGUAGES.has(file.language ?? "") || /(^|\/)\.env/.test(file.path),
    hexIsChecksum: CHECKSUM_FILE.test(file.path),
  });
  for (const assignment of assignments) {
    if (assignment.verdict === "weak" || inComment(assignment.start)) continue;
    if (assignment.verdict !== "secret") {
      suppressed[assignment.verdict]++;
      continue;
    }
    // Test files hold fixtures by design; only the precise secretlint rules speak for them.
    if (isTest) continue;
    add(assignment.start, assignment.start + assignment.value.length, GENERIC.label, {
      kind: GENERIC.kind,
      detector: "entropy",
      rule: "generic-high-entropy",
      name: assignment.name,
      isTest,
      preview: preview(assignment.value),
      length: assignment.value.length,
      entropy: assignment.entropy,
      severity: severityOf(GENERIC.kind, isTest),
    });
  }
  return located;
}

interface SecretlintHit {
  ruleId: string;
  messageId: string;
  start: number;
  end: number;
}

async function secretlintHits(file: RepoFile, text: string): Promise<SecretlintHit[]> {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const content = text.slice(bom);
  if (!secretlintMayReport(file.path, content)) return [];
  const extension = /\.[A-Za-z0-9]+$/.exec(file.path)?.[0] ?? "";
  let result: Awaited<ReturnType<typeof lintSource>>;
  try {
    result = await lintSource({
      source: {
        content,
        filePath: file.path,
        ext: extension === ".p12" ? "" : extension,
        contentType: "text",
      },
      options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
    });
  } catch {
    // A rule that throws on one odd file must not stop the scan; the generic rule still reads it.
    return [];
  }
  const hits: SecretlintHit[] = [];
  for (const message of result.messages) {
    if (message.type !== "message" || IGNORED_MESSAGES.has(message.messageId)) continue;
    const [start, end] = insideQuotes(
      content,
      valueRange(content, message.messageId, message.range, message.data),
    );
    hits.push({ ruleId: message.ruleId, messageId: message.messageId, start: start + bom, end: end + bom });
  }
  return hits;
}

/**
 * The exact range of the secret value. Some rules report the start of the whole match with the
 * value's length (AWS secret keys) or the whole file (GCP key files); the value in the message data
 * and the file text say where it really is.
 */
function valueRange(
  content: string,
  messageId: string,
  range: readonly [number, number],
  data: object | undefined,
): [number, number] {
  if (messageId === "PrivateKeyJSON") {
    const match = /"private_key"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(content);
    if (match?.[1]) {
      const start = (match.index ?? 0) + match[0].length - match[1].length - 1;
      return [start, start + match[1].length];
    }
  }
  const values = Object.values(data ?? {}).filter(
    (value): value is string => typeof value === "string" && value.length >= 8,
  );
  for (const value of values) {
    if (content.startsWith(value, range[0])) return [range[0], range[0] + value.length];
    const at = content.indexOf(value, range[0]);
    if (at !== -1 && at <= range[1] + 200) return [at, at + value.length];
  }
  return [range[0], range[1]];
}

/**
 * The range cut at the closing quote when the value sits inside a quoted string: URL-shaped rules
 * (database connection strings) match up to the next blank, so `"postgres://…";` would take the
 * closing quote and the rest of the line with it.
 */
function insideQuotes(content: string, [start, end]: [number, number]): [number, number] {
  const lineStart = content.lastIndexOf("\n", start - 1) + 1;
  const before = content.slice(lineStart, start);
  let cut = end;
  for (const quote of ['"', "'", "`"]) {
    const close = content.indexOf(quote, start);
    if (close <= start || close >= cut) continue;
    if (before.split(quote).length % 2 === 0) cut = close;
  }
  return [start, cut];
}

function article(label: string): string {
  return /^([aeiouAEIO]|npm)/.test(label) ? "an" : "a";
}

function severityOf(kind: string, isTest: boolean): Severity {
  if (isTest) return "low";
  return CRITICAL_KINDS.has(kind) ? "critical" : "high";
}

/** The first characters and `****`: four for long values, fewer for short ones so half a password never shows. */
export function preview(value: string): string {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}****`;
}

async function secretFindings(
  snapshot: RepoSnapshot,
  located: readonly Located[],
): Promise<RawFindingInput[]> {
  const findings: RawFindingInput[] = [];
  const testSites = new Map<string, Located[]>();
  for (const entry of located) {
    const { site } = entry;
    if (site.isTest) {
      testSites.set(site.file, [...(testSites.get(site.file) ?? []), entry]);
      continue;
    }
    const text = await snapshot.read(site.file);
    // repo-hygiene already reports a private key in a small non-test file as a committed key, and the
    // containers scanner reports credentials in Dockerfile ARG/ENV; the site still feeds redaction.
    if (site.kind === "private-key" && text.length < 64 * 1024) continue;
    if (
      snapshot.file(site.file)?.language === "dockerfile" &&
      /^\s*(ARG|ENV)\s/i.test(linesOf(text, site.span.line))
    )
      continue;
    const redacted = redact(text, [{ start: site.span.start, end: site.span.end, kind: site.kind }]);
    findings.push({
      ruleId: `secrets/${site.kind}`,
      area: "security",
      severity: site.severity,
      title: `Hard-coded ${entry.label}${site.name ? ` in \`${site.name}\`` : ""}`,
      description: `${site.file}:${site.span.line} holds ${article(entry.label)} ${entry.label} (${site.preview}, ${site.length} characters${site.entropy !== undefined ? `, entropy ${site.entropy} bits/char` : ""}), found by ${site.detector === "secretlint" ? `secretlint's ${site.rule} rule` : "the generic high-entropy rule"}. Anyone who can read the repository or its history can use it.`,
      recommendation:
        "Revoke and rotate the credential now, remove it from the code (and the git history), and load it at run time from the environment or a secret manager.",
      location: { file: site.file, startLine: site.span.line, endLine: site.span.line },
      evidence: linesOf(redacted, site.span.line),
    });
  }
  for (const [file, entries] of testSites) {
    const first = entries[0] as Located;
    const text = await snapshot.read(file);
    const redacted = redact(
      text,
      entries.map(({ site }) => ({ start: site.span.start, end: site.span.end, kind: site.kind })),
    );
    findings.push({
      ruleId: "secrets/test-fixture",
      area: "security",
      severity: "low",
      title: `Credential-shaped value${entries.length === 1 ? "" : "s"} in a test or example file`,
      description: `${file} holds ${entries.length} value${entries.length === 1 ? " that matches" : "s that match"} real credential formats (${[...new Set(entries.map((entry) => entry.site.kind))].join(", ")}) on line${entries.length === 1 ? "" : "s"} ${entries.map((entry) => entry.site.span.line).join(", ")}. If any is live, it is exposed like any other committed secret.`,
      recommendation:
        "Confirm the values are fakes; if any is real, rotate it. Prefer obviously fake values (with EXAMPLE or dummy in them) so scanners and readers can tell.",
      location: { file, startLine: first.site.span.line, endLine: first.site.span.line },
      evidence: linesOf(redacted, first.site.span.line),
    });
  }
  return findings;
}
