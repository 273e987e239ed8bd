import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { configHardcodingSection } from "../../src/render/markdown/sections/config-hardcoding.js";
import { configHardcodingScanner } from "../../tools/config-hardcoding.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const RUST_MAIN = `const DEFAULT_MODEL: &str = "anthropic/claude-sonnet-4-20250514";
const DEFAULT_PORT: u16 = 4200;
// const OLD: &str = "gpt-4o"; see http://old.partner-service.com
fn config() {
    let host = "127.0.0.1";
    let api = "http://api.partner-service.com/v1";
    let local = "http://localhost:8080/health";
    let secure = "https://api.openai.com/v1";
    let schema = "http://www.w3.org/2001/XMLSchema";
    let cache = "/home/alice/.cache/oxios";
    let config = "~/.oxios/config.toml";
    let key = std::env::var("ANTHROPIC_API_KEY").unwrap();
    let password = std::env::var("DB_PASSWORD").unwrap_or("changeme".into());
    let version = "1.2.3.4";
    let sandbox = "http://sandbox:8001";
    let dns = "8.8.8.8:53";
}
`;

const PYTHON_LLM = `import os
MODELS = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-latest", "gemini-1.5-pro"]
DEFAULT_PASSWORD = "s3cr3t-default"
ADMIN_PASSWORD = os.getenv("ADMIN_PASSWORD", "admin")
TMP = "/tmp/llm-cache.json"
PORT = int(os.environ.get("PORT", "8000"))
# url = "http://insecure.partner-service.com"
FIELD = {"type": "password", "placeholder": "Password"}
from gpt_tokenizer import encode
"""Docstring with http://docs.partner-service.com and /home/bob/x."""
`;

async function scan(files: Record<string, string>) {
  return configHardcodingScanner.run(await ingest(await makeRepo(files)), {});
}

describe("config-hardcoding scanner", () => {
  it("tables hard-coded models, ports, hosts, URLs, paths and default credentials, never from comments", async () => {
    const result = await scan({
      "src/main.rs": RUST_MAIN,
      "src/llm.py": PYTHON_LLM,
      "tests/test_config.py": 'URL = "http://api.partner-service.com"\nPASSWORD = "admin"\n',
    });
    expect(
      result.facts.entries.map((entry) => [
        entry.file,
        entry.line,
        entry.kind,
        entry.value,
        entry.detail,
        entry.risk,
      ]),
    ).toEqual([
      ["src/llm.py", 3, "credential-default", "s3… (14 characters)", "default credential", "high"],
      ["src/llm.py", 4, "credential-default", "admin", "default credential", "high"],
      ["src/main.rs", 13, "credential-default", "changeme", "default credential", "high"],
      ["src/main.rs", 6, "url", "http://api.partner-service.com/v1", "plaintext", "medium"],
      ["src/llm.py", 2, "model", "gpt-4o", "model name", "low"],
      ["src/llm.py", 2, "model", "gpt-4o-mini", "model name", "low"],
      ["src/llm.py", 2, "model", "claude-3-5-sonnet-latest", "model name", "low"],
      ["src/llm.py", 2, "model", "gemini-1.5-pro", "model name", "low"],
      ["src/llm.py", 5, "path", "/tmp/llm-cache.json", "fixed temp path", "low"],
      ["src/main.rs", 1, "model", "anthropic/claude-sonnet-4-20250514", "model name", "low"],
      ["src/main.rs", 10, "path", "/home/alice/.cache/oxios", "user home folder", "low"],
      ["src/main.rs", 15, "url", "http://sandbox:8001", "plaintext, internal host", "low"],
      ["src/main.rs", 16, "host", "8.8.8.8:53", "public IP", "low"],
      ["src/llm.py", 6, "port", "8000", "port", "note"],
      ["src/main.rs", 2, "port", "4200", "port", "note"],
      ["src/main.rs", 5, "host", "127.0.0.1", "loopback", "note"],
      ["src/main.rs", 7, "url", "http://localhost:8080/health", "loopback", "note"],
      ["src/main.rs", 8, "url", "https://api.openai.com/v1", "tls", "note"],
      ["src/main.rs", 11, "path", "~/.oxios/config.toml", "home-relative", "note"],
    ]);
    expect(result.facts.production).toEqual({
      model: 5,
      port: 2,
      host: 2,
      url: 4,
      path: 3,
      "credential-default": 3,
    });
    expect(result.facts.test).toEqual({
      model: 0,
      port: 0,
      host: 0,
      url: 1,
      path: 0,
      "credential-default": 1,
    });
    expect(result.facts.envVars).toEqual([
      { name: "ADMIN_PASSWORD", file: "src/llm.py", line: 4 },
      { name: "ANTHROPIC_API_KEY", file: "src/main.rs", line: 12 },
      { name: "DB_PASSWORD", file: "src/main.rs", line: 13 },
      { name: "PORT", file: "src/llm.py", line: 6 },
    ]);
    expect(
      result.findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        finding.location?.file,
        finding.location?.startLine,
      ]),
    ).toEqual([
      ["config/default-credential", "high", "src/llm.py", 3],
      ["config/default-credential", "high", "src/llm.py", 4],
      ["config/default-credential", "high", "src/main.rs", 13],
      ["config/plaintext-url", "medium", "src/main.rs", 6],
      ["config/hardcoded-path", "low", "src/llm.py", 5],
      ["config/hardcoded-model", "low", "src/main.rs", 1],
      ["config/hardcoded-path", "low", "src/main.rs", 10],
      ["config/plaintext-url", "low", "src/main.rs", 15],
      ["config/hardcoded-host", "low", "src/main.rs", 16],
    ]);
    expect(result.findings[5]?.evidence).toBe(
      'const DEFAULT_MODEL: &str = "anthropic/claude-sonnet-4-20250514";',
    );
    expect(result.strengths).toEqual([]);
    expect(configHardcodingSection.checklist?.(result.facts)).toEqual([
      {
        category: "Configuration (no hard-coded values)",
        status: "❌ Missing",
        notes: "3 default credential(s) in code",
      },
    ]);
    const markdown = configHardcodingSection.render(result.facts, {} as never);
    expect(markdown).toContain(
      "| `src/main.rs:13` | `<redacted>` | ❌ credential-default (default credential) |",
    );
    expect(markdown).toContain("| `src/main.rs:1` | `anthropic/claude-sonnet-4-20250514` | ⚠️ model |");
  });

  it("reads a returned host or port with the name of the function that returns it", async () => {
    const result = await scan({
      "src/config.rs": [
        "fn default_gateway_host() -> String {",
        '    "127.0.0.1".into()',
        "}",
        "fn default_gateway_port() -> u16 {",
        "    4200",
        "}",
        "fn default_max_agents() -> usize {",
        "    16",
        "}",
        "fn default_timeout_secs() -> u64 {",
        "    3000",
        "}",
        "fn default_release() -> String {",
        '    "10.0.0.1".into()',
        "}",
        "fn init() {",
        "    tracing_subscriber::fmt()",
        '        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))',
        "        .init();",
        "}",
        "",
      ].join("\n"),
      "app/settings.py": "def listen_port():\n    return 8080\n\ndef retries():\n    return 10\n",
    });
    expect(
      result.facts.entries.map((entry) => [entry.file, entry.line, entry.kind, entry.value, entry.detail]),
    ).toEqual([
      ["app/settings.py", 2, "port", "8080", "port"],
      ["src/config.rs", 2, "host", "127.0.0.1", "loopback"],
      ["src/config.rs", 5, "port", "4200", "port"],
    ]);
    expect(result.facts.envVars).toEqual([{ name: "RUST_LOG", file: "src/config.rs", line: 18 }]);
  });

  it("takes token types, names about credentials, compared values and literal types for what they are", async () => {
    const result = await scan({
      "oauth/endpoints.py": [
        "ResourceEndpoint.__init__(self, default_token='Bearer', token_types={'Bearer': bearer})",
        'DEFAULT_TOKEN_TYPE = "access_token"',
        'password_field = "passwd"',
        'DEFAULT_SECRET = "s3cr3t-fallback"',
        'if host in ("0.0.0.0", "::"):',
        '    scheme = "http://partner-service.com" if host == "0.0.0.0" else None',
        "",
      ].join("\n"),
      "src/models.ts": [
        'export type EmbeddingModel = "text-embedding-3-small" | "text-embedding-3-large";',
        "export interface Params {",
        '  model: (string & {}) | "gpt-4o-mini"',
        '    | "gpt-4o";',
        "}",
        'export const IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";',
        'export const fallback = process.env.MODEL || "gpt-4o";',
        'export const CLAIMS_SPEC = "http://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter";',
        'export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";',
        'export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";',
        "",
      ].join("\n"),
      "src/hosts.ts": [
        'export const allInterfaces = (host: string) => host === "0.0.0.0" || host === "::";',
        'export const secureOnly = (url: string) => url !== "http://partner-service.com";',
        'export const bind = "0.0.0.0";',
        "",
      ].join("\n"),
    });
    expect(
      result.facts.entries.map((entry) => [entry.file, entry.line, entry.kind, entry.value, entry.detail]),
    ).toEqual([
      ["oauth/endpoints.py", 4, "credential-default", "s3… (15 characters)", "default credential"],
      ["oauth/endpoints.py", 6, "url", "http://partner-service.com", "plaintext"],
      ["src/models.ts", 7, "model", "gpt-4o", "default when an environment variable is unset"],
      ["src/hosts.ts", 3, "host", "0.0.0.0", "all interfaces"],
      [
        "src/models.ts",
        6,
        "url",
        "http://169.254.169.254/metadata/identity/oauth2/token",
        "cloud metadata service",
      ],
    ]);
  });
  it("takes model tables and lists, lookup keys and object identifiers for what they are", async () => {
    const result = await scan({
      // Each file names fewer than four models, so the catalogue rule cannot hide them.
      "src/deprecated.ts": [
        "const DEPRECATED: Record<string, string> = {",
        "  'claude-sonnet-4-5': 'November 30th, 2026',",
        "};",
        "",
      ].join("\n"),
      "src/warn.ts": [
        "export const WARN_WITH_THINKING = [",
        "  'claude-opus-4-6',",
        "  'claude-mythos-preview',",
        "] as const;",
        "",
      ].join("\n"),
      "src/pair.ts": "const PAIR = ['gpt-4o', 'gpt-4o-mini'];\n",
      "src/pick.ts": [
        "export const model = process.env.MODEL ?? 'claude-haiku-4-5';",
        "export const only = ['gpt-4.1'];",
        "",
      ].join("\n"),
      "src/fast.ts": "export const pick = (fast: boolean) => (fast ? 'gpt-4o-mini' : 'gpt-4o');\n",
      "pkg/index.py": [
        "class Index:",
        "    def read(self, cfg):",
        "        self.password = cfg.get('password')",
        "        self.token = cfg['token']",
        "        self.secret = cfg.get('secret') or 'changeme'",
        "",
      ].join("\n"),
      "pkg/oid.py": [
        'STREET_ADDRESS = ObjectIdentifier("2.5.4.9")',
        'SERVER_ADDRESS = "93.184.216.34"',
        "",
      ].join("\n"),
    });
    // Table keys and list items are counted as models, but only a chosen model is reported.
    expect(result.facts.entries.map((entry) => [entry.file, entry.line, entry.kind, entry.value])).toEqual([
      ["pkg/index.py", 5, "credential-default", "changeme"],
      ["pkg/oid.py", 2, "host", "93.184.216.34"],
      ["src/deprecated.ts", 2, "model", "claude-sonnet-4-5"],
      ["src/fast.ts", 1, "model", "gpt-4o-mini"],
      ["src/fast.ts", 1, "model", "gpt-4o"],
      ["src/pair.ts", 1, "model", "gpt-4o"],
      ["src/pair.ts", 1, "model", "gpt-4o-mini"],
      ["src/pick.ts", 1, "model", "claude-haiku-4-5"],
      ["src/pick.ts", 2, "model", "gpt-4.1"],
      ["src/warn.ts", 2, "model", "claude-opus-4-6"],
    ]);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.location?.file, finding.location?.startLine]),
    ).toEqual([
      ["config/default-credential", "pkg/index.py", 5],
      ["config/hardcoded-host", "pkg/oid.py", 2],
      ["config/hardcoded-model", "src/fast.ts", 1],
      ["config/hardcoded-model", "src/fast.ts", 1],
      ["config/hardcoded-model", "src/pick.ts", 1],
      ["config/hardcoded-model", "src/pick.ts", 2],
    ]);
  });
});

describe("config-hardcoding on shapes from real services", () => {
  it("reads connection URLs with a guessable password, dev secret keys, Go and Rust listen ports, Bedrock ids and env helpers", async () => {
    const result = await scan({
      "worker/main.go": [
        "package main",
        "",
        "func main() {",
        '\tdbURL := "postgres://user:password@postgres:5432/mediadb?sslmode=disable"',
        // A templated password is no default.
        `\treal := "postgres://app:$${"{"}DB_PASSWORD}@db:5432/app"`,
        '\tport := getEnv("SERVICE_PORT", "8081")',
        '\tr.Run(":3000")',
        '\thttp.ListenAndServe("localhost:8080", nil)',
        "}",
        "",
      ].join("\n"),
      "site/settings.py": [
        "SECRET_KEY = 'dev-key'",
        "DEBUG = True",
        'API_SECRET = env("SECRET_KEY")',
        "",
      ].join("\n"),
      "edge/src/main.rs": [
        "fn main() {",
        "    let addr = SocketAddr::from(([127, 0, 0, 1], 3000));",
        "}",
        "",
      ].join("\n"),
      "llm/constants.ts": [
        "export const DEFAULT_MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';",
        "export function pick(model: string) {",
        "  if (!model.startsWith('gpt-4')) return 'gpt-4o';",
        "  return model;",
        "}",
        "",
      ].join("\n"),
    });
    expect(
      result.facts.entries.map((entry) => [entry.file, entry.line, entry.kind, entry.value]).sort(),
    ).toEqual(
      [
        [
          "worker/main.go",
          4,
          "credential-default",
          "postgres://user:****@postgres:5432/mediadb?sslmode=disable",
        ],
        ["worker/main.go", 6, "port", "8081"],
        ["worker/main.go", 7, "port", "3000"],
        ["worker/main.go", 8, "port", "8080"],
        ["worker/main.go", 8, "host", "localhost:8080"],
        ["site/settings.py", 1, "credential-default", "dev-key"],
        ["edge/src/main.rs", 2, "port", "3000"],
        ["llm/constants.ts", 1, "model", "anthropic.claude-3-haiku-20240307-v1:0"],
        ["llm/constants.ts", 3, "model", "gpt-4o"],
      ].sort(),
    );
    expect(result.facts.envVars.map((entry) => entry.name)).toEqual(["SECRET_KEY", "SERVICE_PORT"]);
    // The facts name the URL without its password; the finding points at the line that holds it.
    expect(
      result.findings.map(
        (finding) => `${finding.ruleId} ${finding.location?.file}:${finding.location?.startLine}`,
      ),
    ).toContain("config/default-credential worker/main.go:4");
  });
});
