import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { linesOf } from "./lib/evidence.js";
import { ownFiles } from "./lib/files.js";
import {
  classifyLiteral,
  credentialDefault,
  HARDCODED_KINDS,
  type HardcodedValue,
  MAY_NAME_PORT,
  portsOnLine,
  validPort,
} from "./lib/hardcoded-values.js";
import { ecosystemOf } from "./lib/packages.js";
import { mayMatch, readParsedSource, type SourceText, stringLiterals } from "./lib/source-text.js";
import { defineScanner, type FactStrength } from "./scanner.js";

const Kind = z.enum(HARDCODED_KINDS);
const Count = z.number().int();
const KindCounts = z.object({
  model: Count,
  port: Count,
  host: Count,
  url: Count,
  path: Count,
  "credential-default": Count,
});

export const ConfigHardcodingFacts = z.object({
  /** Production sites, most risky first; at most MAX_ENTRIES (counts stay exact). */
  entries: z.array(
    z.object({
      file: z.string(),
      line: Count,
      value: z.string(),
      kind: Kind,
      detail: z.string(),
      risk: z.enum(["note", "low", "medium", "high"]),
    }),
  ),
  production: KindCounts,
  test: KindCounts,
  truncated: Count,
  /** Environment variables production code reads, first place each is read. */
  envVars: z.array(z.object({ name: z.string(), file: z.string(), line: Count })),
  filesScanned: Count,
});
export type ConfigHardcodingFacts = z.infer<typeof ConfigHardcodingFacts>;

export const MAX_ENTRIES = 200;
// A file naming this many different models is a catalogue (pricing table, allow-list), not a default.
const MODEL_CATALOGUE = 4;
const EXTRA_LANGUAGES = new Set(["ruby", "php", "csharp", "swift", "dart", "elixir"]);
const IMPORT_LINE =
  /^\s*(?:import\b|from\s+\S+\s+import\b|use\s|require\s*\(|export\s+\*\s+from|#include\b|package\s)/;
// Anything a value or environment read could start with; files without any are not lexed.
const MAY_HOLD_VALUE =
  /:\/\/|claude-|gpt-|chatgpt-|gemini-|llama|mistral-|mixtral-|codestral-|command-r|deepseek-|qwen|["'`]o[134]|text-embedding|text-davinci|dall-e|whisper-1|tts-1|(?<![a-z])port|listen|socketaddr|\.(?:run|start)(?:tls)?\s*\(\s*"|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[a-z0-9]:\d{2,5}["'`]|\/home\/|\/Users\/|\/tmp\/|[A-Za-z]:\\|~\/|pass|pwd|secret|token|api_?key|credential|env/i;
// Known readers, then any helper whose name says env (`getEnv("PORT", "8080")`, `env_or(...)`).
const ENV_READ =
  /\b(?:env::var(?:_os)?|os\.getenv|os\.environ\.get|getenv|os\.Getenv|os\.LookupEnv|System\.getenv|Deno\.env\.get|ENV\.fetch|[a-z_]*(?:[Ee]nv|ENV)(?:[A-Z_][A-Za-z]*)?)\s*\(\s*["'`]([A-Z][A-Z0-9_]*)["'`]|\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\]|\b(?:process\.env|import\.meta\.env)\.([A-Z][A-Z0-9_]*)\b|\bprocess\.env\[\s*["'`]([A-Z][A-Z0-9_]*)["'`]\]|\bENV\[\s*["']([A-Z][A-Z0-9_]*)["']\]/g;
// Readers whose variable name is implicit: tracing-subscriber's and env_logger's default filter is RUST_LOG.
const IMPLICIT_RUST_LOG =
  /\bEnvFilter::(?:try_)?from_default_env\s*\(|\benv_logger::(?:try_)?init\s*\(|\benv_logger::Builder::from_default_env\s*\(/;
// Every ENV_READ alternative spells "env" in some case; most lines do not, so they skip the full pattern.
const MAY_READ_ENV = /env/i;

/** Hard-coded model names, ports, hosts, URLs, file paths and default credentials in production code. */
export const configHardcodingScanner = defineScanner({
  id: "config-hardcoding",
  version: "1.2.0",
  title: "Hard-coded configuration",
  description:
    "String literals in production code that fix a model name, port, host or IP, URL (plaintext or not), user-specific or temp path, or a default credential; environment variables read. Comments are never counted; test files are counted apart.",
  areas: ["code-quality", "security", "infrastructure"],
  facts: ConfigHardcodingFacts,
  async run(snapshot) {
    const zero = () =>
      Object.fromEntries(HARDCODED_KINDS.map((kind) => [kind, 0])) as ConfigHardcodingFacts["test"];
    const production: Array<ConfigHardcodingFacts["entries"][number]> = [];
    const counts = { production: zero(), test: zero() };
    const envVars = new Map<string, { name: string; file: string; line: number }>();
    const catalogued = new Set<string>();
    let filesScanned = 0;
    for (const file of ownFiles(snapshot)) {
      if (!ecosystemOf(file.language) && !EXTRA_LANGUAGES.has(file.language ?? "")) continue;
      filesScanned++;
      const text = await snapshot.read(file.path);
      if (!mayMatch(text, [MAY_HOLD_VALUE])) continue;
      const source = await readParsedSource(snapshot, file);
      for (const { listed, ...found } of scanSource(source)) {
        const bucket = source.isTestLine(found.line) ? "test" : "production";
        counts[bucket][found.kind]++;
        if (bucket !== "production") continue;
        production.push({ file: file.path, ...found });
        if (listed) catalogued.add(`${file.path}:${found.line}:${found.value}`);
      }
      source.code.forEach((text, index) => {
        if (source.isTestLine(index + 1) || !MAY_READ_ENV.test(text)) return;
        for (const match of text.matchAll(ENV_READ)) {
          const name = match.slice(1).find(Boolean) ?? "";
          if (!envVars.has(name)) envVars.set(name, { name, file: file.path, line: index + 1 });
        }
        if (IMPLICIT_RUST_LOG.test(text) && !envVars.has("RUST_LOG"))
          envVars.set("RUST_LOG", { name: "RUST_LOG", file: file.path, line: index + 1 });
      });
    }
    const rank = { high: 0, medium: 1, low: 2, note: 3 } as const;
    const sorted = [...production].sort(
      (a, b) => rank[a.risk] - rank[b.risk] || a.file.localeCompare(b.file) || a.line - b.line,
    );
    const facts: ConfigHardcodingFacts = {
      entries: sorted.slice(0, MAX_ENTRIES),
      production: counts.production,
      test: counts.test,
      truncated: Math.max(0, sorted.length - MAX_ENTRIES),
      envVars: [...envVars.values()].sort((a, b) => a.name.localeCompare(b.name)),
      filesScanned,
    };
    const findings = await hardcodingFindings(sorted, catalogued, (path) => snapshot.read(path));
    const strengths: FactStrength[] =
      counts.production["credential-default"] === 0 && filesScanned > 0
        ? [
            {
              area: "security",
              text: "No default or placeholder credentials are hard-coded in production code.",
            },
          ]
        : [];
    return { facts, findings, strengths };
  },
});

/** A value found on a line; `listed` marks a model name in a table or list (counted, not reported). */
export type ScannedValue = HardcodedValue & { line: number; listed?: true };

/** Every hard-coded value on the code lines of a file (comments are blank in `source.code`). */
export function scanSource(source: SourceText): Array<ScannedValue> {
  const found: Array<ScannedValue> = [];
  // Cheap gates with the same results: a line without a quote holds no literal, and ports need a
  // line (or function header) that names a port somewhere in the file.
  const mayNamePort = MAY_NAME_PORT.test(source.text);
  source.code.forEach((text, index) => {
    const line = index + 1;
    const quoted = text.includes('"') || text.includes("'") || text.includes("`");
    if ((!quoted && !mayNamePort) || text.trim() === "" || IMPORT_LINE.test(text)) return;
    let known: { header: string | undefined } | undefined;
    const headerOf = () => {
      known ??= { header: functionHeader(source, index) };
      return known.header;
    };
    for (const literal of quoted ? stringLiterals(text, source.language) : []) {
      const before = text.slice(0, literal.column - 1);
      const after = text.slice(literal.column + literal.value.length + 1);
      // A value a function returns is named by the function (`fn default_gateway_host() -> String {`).
      const header = /^\s*(?:return\s+)?$/.test(before) ? headerOf() : undefined;
      const context = header ? `${header} ${text}` : text;
      const value =
        credentialDefault(literal.value, before) ??
        (compared(before, after) || literalType(before, after)
          ? undefined
          : classifyLiteral(literal.value, context));
      if (value?.kind === "model" && listedModel(before, after, previousCode(source, index)))
        found.push({ ...value, line, listed: true });
      // A model the environment overrides (`os.getenv("OPENAI_MODEL", "gpt-4o")`) is configurable
      // already; what remains is the default a deployment gets when it forgets the variable.
      else if (value?.kind === "model" && ENV_DEFAULT_BEFORE.test(before))
        found.push({ ...value, detail: ENV_DEFAULT_DETAIL, line });
      else if (value) found.push({ ...value, line });
    }
    if (!mayNamePort) return;
    const ports = portsOnLine(text);
    const returned = RETURNED_NUMBER.exec(text)?.[1];
    const header = returned ? headerOf() : undefined;
    if (returned && header && PORT_FUNCTION.test(header) && validPort(Number(returned))) ports.push(returned);
    for (const port of ports) found.push({ kind: "port", value: port, detail: "port", risk: "note", line });
  });
  return found;
}

const ENV_DEFAULT_DETAIL = "default when an environment variable is unset";
const ENV_DEFAULT_BEFORE =
  /(?:\b(?:os\.)?getenv\s*\(|\benviron\.get\s*\(|\benv\.get\s*\(|\b[a-z_]*(?:[Ee]nv|ENV)(?:[A-Z_][A-Za-z]*)?\s*\(|\b(?:process\.env|import\.meta\.env)(?:\.\w+|\[[^\]]+\])\s*(?:\|\||\?\?)|\benv::var\s*\([^)]*\)[^;]*\.unwrap_or(?:_else)?\s*\(|\bos\.Getenv\s*\([^)]*\)\s*(?:;\s*)?\w*\s*(?:==|!=)\s*""\s*\{?)[^;]*$/;

// A model name that keys a table (`"claude-x": "retired 2026-01-01"`) or is one item of a list
// (`WARN_MODELS = ["claude-x", "claude-y"]`, one item per line) is a catalogue entry: it names models the
// code knows about, it does not pick one. A single-item list or a value (`model: "claude-x"`) still counts.
const KEY_AFTER = /^\s*:(?!:)/;
const LIST_ITEM_BEFORE = /\[\s*(?:(["'`])[^"'`]*\1\s*,\s*)+$/;
const LIST_ITEM_AFTER = /^\s*,\s*["'`]/;
const LONE_ITEM = /^\s*["'`][^"'`]*["'`]\s*,?\s*$/;

function listedModel(before: string, after: string, previous: string): boolean {
  if (KEY_AFTER.test(after) && !/\?\s*$/.test(before)) return true;
  if (LIST_ITEM_BEFORE.test(before) || (/\[\s*$/.test(before) && LIST_ITEM_AFTER.test(after))) return true;
  const alone = /^\s*$/.test(before) && /^\s*,?\s*[\])}]?\s*[,;]?\s*$/.test(after);
  return alone && (/[[{]\s*$/.test(previous) || LONE_ITEM.test(previous));
}

function previousCode(source: SourceText, index: number): string {
  for (let previous = index - 1; previous >= 0 && previous >= index - 3; previous--) {
    const text = source.code[previous] ?? "";
    if (text.trim() !== "") return text;
  }
  return "";
}

// A function body that is only a number (`4200`, `return 8080;`) and a function whose name says port.
const RETURNED_NUMBER = /^\s*(?:return\s+)?(\d{2,5})\s*;?\s*$/;
const PORT_FUNCTION = /\b(?:fn|def|func|function)\s+\w*port\w*\s*\(/i;
const FUNCTION_HEADER = /\b(?:fn|def|func|function)\s+\w+\s*[(<]/;

/** The previous code line when it opens a function, so a bare returned value can be read with its name. */
function functionHeader(source: SourceText, index: number): string | undefined {
  for (let previous = index - 1; previous >= 0 && previous >= index - 3; previous--) {
    const text = source.code[previous] ?? "";
    if (text.trim() === "") continue;
    return FUNCTION_HEADER.test(text) ? text : undefined;
  }
  return undefined;
}

// A literal that is compared with (`host === "0.0.0.0"`, `scheme in ("http", "ws")`) is a value
// the code recognises, not configuration it fixes. Credentials are still read there (`== "admin"`).
const COMPARED_BEFORE =
  /(?:[=!]==?|(?<![=-])[<>]=?)\s*$|\bin\s*[([{]\s*(?:(["'`])[^"'`]*\1\s*,\s*)*$|\bcase\s+$|\.(?:startswith|startsWith|endswith|endsWith|includes|indexOf|contains|starts_with|ends_with|HasPrefix|HasSuffix)\s*\(\s*[([]?\s*$|\bstrings\.(?:HasPrefix|HasSuffix|Contains)\s*\([^()]*,\s*$/;
const COMPARED_AFTER = /^\s*(?:[=!]==?(?!>)|\bin\b)|^\s*,[^()[\]{}]*[)\]}]\s*(?:\.includes\s*\(|\.has\s*\()/;

function compared(before: string, after: string): boolean {
  return COMPARED_BEFORE.test(before) || COMPARED_AFTER.test(after);
}

// A member of a union of literal types (`model: (string & {}) | "gpt-4o"`, `Literal["gpt-4o", …]`)
// lists what the API accepts; it fixes nothing at run time.
const UNION_BEFORE = /(?:^|[^|])\|\s*$|\bLiteral\[\s*(?:(["'])[^"']*\1\s*,\s*)*$/;
const UNION_AFTER = /^\s*\|(?!\|)/;

function literalType(before: string, after: string): boolean {
  return UNION_BEFORE.test(before) || UNION_AFTER.test(after);
}

async function hardcodingFindings(
  entries: Array<ConfigHardcodingFacts["entries"][number]>,
  catalogued: ReadonlySet<string>,
  read: (path: string) => Promise<string>,
): Promise<RawFindingInput[]> {
  const findings: RawFindingInput[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.risk === "note") continue;
    if (entry.kind === "model") {
      if (catalogued.has(`${entry.file}:${entry.line}:${entry.value}`)) continue;
      const models = new Set(
        entries.filter((item) => item.file === entry.file && item.kind === "model").map((item) => item.value),
      );
      if (models.size >= MODEL_CATALOGUE) continue;
    }
    const key = `${entry.file}\n${entry.kind}\n${entry.value}`;
    if (entry.kind !== "credential-default" && seen.has(key)) continue;
    seen.add(key);
    const text = await read(entry.file);
    findings.push({
      ...describe(entry),
      location: { file: entry.file, startLine: entry.line, endLine: entry.line },
      evidence: linesOf(text, entry.line),
    });
  }
  return findings;
}

function describe(
  entry: ConfigHardcodingFacts["entries"][number],
): Pick<RawFindingInput, "ruleId" | "area" | "severity" | "title" | "description" | "recommendation"> {
  const severity = entry.risk === "note" ? "info" : entry.risk;
  switch (entry.kind) {
    case "credential-default":
      return {
        ruleId: "config/default-credential",
        area: "security",
        severity,
        title: "Default credential hard-coded in production code",
        description: `${entry.file} sets a default password, secret or token in code; deployments that forget to override it run with a credential anyone can guess or read in the source.`,
        recommendation:
          "Require the credential from the environment or a secret store and fail at start-up when it is missing.",
      };
    case "model":
      return {
        ruleId: "config/hardcoded-model",
        area: "code-quality",
        severity,
        title: `Hard-coded model name \`${entry.value}\``,
        ...(entry.detail === ENV_DEFAULT_DETAIL
          ? {
              description: `${entry.file} falls back to \`${entry.value}\` when the environment does not name a model; a deployment that forgets the variable runs this model silently, and retiring it needs a code change.`,
              recommendation:
                "Document the variable and its default, or fail at start-up when it is missing in production.",
            }
          : {
              description: `${entry.file} fixes the model to \`${entry.value}\`; changing or retiring the model needs a code change and a release.`,
              recommendation:
                "Read the model from configuration (with this value as the documented default).",
            }),
      };
    case "url":
      return {
        ruleId: "config/plaintext-url",
        area: "security",
        severity,
        title: `Plaintext URL hard-coded: ${entry.value}`,
        description: `${entry.file} talks to \`${entry.value}\` over unencrypted ${entry.value.split(":")[0]}${entry.detail.includes("internal") ? " on an internal host name" : ""}; traffic and any credentials sent can be read or altered on the way.`,
        recommendation:
          "Use https (or TLS on the internal network) and read the endpoint from configuration.",
      };
    case "path":
      return {
        ruleId: "config/hardcoded-path",
        area: "code-quality",
        severity,
        title: `Hard-coded ${entry.detail}: ${entry.value}`,
        description:
          entry.detail === "fixed temp path"
            ? `${entry.file} uses the fixed path \`${entry.value}\`; another local user can pre-create or link it, and concurrent runs collide.`
            : `${entry.file} refers to \`${entry.value}\`, which exists only on one developer's machine.`,
        recommendation:
          entry.detail === "fixed temp path"
            ? "Create temporary files with the platform's secure temp-file API (mkstemp, tempfile, os.MkdirTemp)."
            : "Derive the path from configuration, the user's home folder or the application's data directory.",
      };
    default:
      return {
        ruleId: "config/hardcoded-host",
        area: "infrastructure",
        severity,
        title: `Hard-coded ${entry.detail}: ${entry.value}`,
        description: `${entry.file} connects to the fixed address \`${entry.value}\`; moving the service or running another environment needs a code change.`,
        recommendation: "Read hosts and addresses from configuration.",
      };
  }
}
