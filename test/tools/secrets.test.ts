import { describe, expect, it } from "vitest";
import { scanRepository } from "../../src/audit/scan.js";
import { ingest } from "../../src/ingest/ingest.js";
import { render } from "../../src/render/render.js";
import { findSecretAssignments, secretNameKind, shannonEntropy } from "../../tools/lib/entropy.js";
import { preview, secretsScanner } from "../../tools/secrets.js";
import { makeRepo } from "../helpers/fixture-repo.js";

// Built from parts so the repository itself never holds a credential-shaped literal.
const AWS_KEY_ID = ["AKIA", "Z7QWERTYUIOPASDF"].join("");
const AWS_SECRET = ["Zq8r4Lm2Xp9Tb6Wc1Nv5", "Hy3Ks7Dg0Fj2Ab4Cd6Ef"].join("");
const GITHUB_TOKEN = ["ghp_", "R7mK2pX9qL4vN8wT3zB6cH1jF5dS0aYgUeQi"].join("");
const GITHUB_TEST_TOKEN = ["ghp_", "A1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2x"].join("");
const API_KEY = ["q8Zr4Lm2Xp9T", "b6Wc1Nv5Hy3Ks7Dg0Fj"].join("");
const DB_PASSWORD = ["s3cret", "Pa55w0rd!"].join("");
const DEPLOY_PASSWORD = ["Zk8vQ2", "mW7pL4x"].join("");
const KEY_BODY = fakeBase64(64 * 5);
const PRIVATE_KEY = [
  ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" "),
  ...(KEY_BODY.match(/.{1,64}/g) ?? []),
  ["-----END", "RSA PRIVATE KEY-----"].join(" "),
].join("\n");

/** A deterministic base64 body that passes secretlint's private-key shape check (starts with "MI"). */
function fakeBase64(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let seed = 42;
  let out = "MIIE";
  while (out.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += alphabet[seed % 64];
  }
  return out;
}

const FILES: Record<string, string> = {
  "src/config.ts": [
    'export const region = "us-east-1";',
    `export const awsKeyId = "${AWS_KEY_ID}";`,
    `const apiKey = "${API_KEY}";`,
    'const token = process.env.TOKEN ?? "";',
    'const password = "changeme";',
    'const sessionToken = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";',
    'const apiSecret = "sha512-Zq8r4Lm2Xp9Tb6Wc1Nv5Hy3Ks7Dg0Fj2Ab4Cd6EfGh8Ij0Kl==";',
    'const authToken = "dummy-token-value-1234567890abcdef";',
    'const cacheKey = "0123456789abcdef0123456789abcdef";',
    "const secretName = getSecretName();",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
    'const clientSecret = "${CLIENT_SECRET}";',
    "",
  ].join("\n"),
  "deploy/.env.production": [
    `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
    "API_TOKEN=${API_TOKEN}",
    `DB_PASSWORD=${DB_PASSWORD}`,
    "DB_PASSWORD_FILE=/run/secrets/db",
    "",
  ].join("\n"),
  "config/settings.yaml": [
    "server:",
    "  port: 8080",
    `github_token: ${GITHUB_TOKEN}`,
    "api_key: <your-api-key>",
    "",
  ].join("\n"),
  "keys/server.pem": `${PRIVATE_KEY}\n`,
  "tests/fixtures/creds.ts": [
    `export const token = "${GITHUB_TEST_TOKEN}";`,
    `export const apiKey = "${API_KEY}x";`,
    "",
  ].join("\n"),
  "docs/setup.md": ["Set `OPENAI_API_KEY=<your-key>` before running.", ""].join("\n"),
  "package-lock.json": '{\n  "integrity": "sha512-Zq8r4Lm2Xp9Tb6Wc1Nv5Hy3Ks7Dg0Fj2Ab4Cd6Ef=="\n}\n',
  Dockerfile: [
    "FROM alpine:3.19",
    `RUN curl -fsSL https://deploy:${DEPLOY_PASSWORD}@downloads.example.org/install.sh | sh`,
    "USER 10001",
    "",
  ].join("\n"),
};

const PLANTED = [
  AWS_KEY_ID,
  AWS_SECRET,
  GITHUB_TOKEN,
  GITHUB_TEST_TOKEN,
  API_KEY,
  DB_PASSWORD,
  DEPLOY_PASSWORD,
  KEY_BODY,
];

/** An independent computation of a value's span, to check the scanner's. */
function spanOf(text: string, value: string) {
  const start = text.indexOf(value);
  const end = start + value.length;
  const position = (offset: number) => {
    const before = text.slice(0, offset).split("\n");
    return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
  };
  const from = position(start);
  const to = position(end);
  return { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

describe("secrets scanner", () => {
  it("finds each planted credential with its exact span, and none of the decoys", async () => {
    const root = await makeRepo(FILES);
    const result = await secretsScanner.run(await ingest(root), {});
    const sites = result.facts.sites.map(
      ({ file, kind, detector, rule, name, isTest, preview: shown, length, severity, span }) => ({
        file,
        kind,
        detector,
        rule,
        ...(name ? { name } : {}),
        isTest,
        preview: shown,
        length,
        severity,
        span,
      }),
    );
    const deployUrl = `https://deploy:${DEPLOY_PASSWORD}@downloads.example.org`;
    expect(sites).toEqual([
      {
        file: "config/settings.yaml",
        kind: "github-token",
        detector: "secretlint",
        rule: "github",
        isTest: false,
        preview: "ghp_****",
        length: 40,
        severity: "high",
        span: spanOf(FILES["config/settings.yaml"] as string, GITHUB_TOKEN),
      },
      {
        file: "deploy/.env.production",
        kind: "aws-secret-key",
        detector: "secretlint",
        rule: "aws",
        isTest: false,
        preview: "Zq8r****",
        length: 40,
        severity: "critical",
        span: spanOf(FILES["deploy/.env.production"] as string, AWS_SECRET),
      },
      {
        file: "deploy/.env.production",
        kind: "generic-secret",
        detector: "entropy",
        rule: "generic-high-entropy",
        name: "DB_PASSWORD",
        isTest: false,
        preview: "s3c****",
        length: DB_PASSWORD.length,
        severity: "high",
        span: spanOf(FILES["deploy/.env.production"] as string, DB_PASSWORD),
      },
      {
        file: "Dockerfile",
        kind: "basic-auth-url",
        detector: "secretlint",
        rule: "basicauth",
        isTest: false,
        preview: "http****",
        length: deployUrl.length,
        severity: "high",
        span: spanOf(FILES.Dockerfile as string, deployUrl),
      },
      {
        file: "keys/server.pem",
        kind: "private-key",
        detector: "secretlint",
        rule: "privatekey",
        isTest: false,
        preview: "----****",
        length: PRIVATE_KEY.length,
        severity: "critical",
        span: spanOf(FILES["keys/server.pem"] as string, PRIVATE_KEY),
      },
      {
        file: "src/config.ts",
        kind: "aws-access-key",
        detector: "secretlint",
        rule: "aws",
        isTest: false,
        preview: "AKIA****",
        length: 20,
        severity: "critical",
        span: spanOf(FILES["src/config.ts"] as string, AWS_KEY_ID),
      },
      {
        file: "src/config.ts",
        kind: "generic-secret",
        detector: "entropy",
        rule: "generic-high-entropy",
        name: "apiKey",
        isTest: false,
        preview: "q8Zr****",
        length: API_KEY.length,
        severity: "high",
        span: spanOf(FILES["src/config.ts"] as string, API_KEY),
      },
      {
        file: "tests/fixtures/creds.ts",
        kind: "github-token",
        detector: "secretlint",
        rule: "github",
        isTest: true,
        preview: "ghp_****",
        length: 40,
        severity: "low",
        span: spanOf(FILES["tests/fixtures/creds.ts"] as string, GITHUB_TEST_TOKEN),
      },
    ]);
    expect(result.facts.total).toEqual({ production: 7, test: 1 });
    expect(result.facts.byKind).toEqual([
      { kind: "aws-access-key", production: 1, test: 0 },
      { kind: "aws-secret-key", production: 1, test: 0 },
      { kind: "basic-auth-url", production: 1, test: 0 },
      { kind: "generic-secret", production: 2, test: 0 },
      { kind: "github-token", production: 1, test: 1 },
      { kind: "private-key", production: 1, test: 0 },
    ]);
    // "${CLIENT_SECRET}", ${API_TOKEN} | "changeme", <your-api-key> | "dummy-…" | a UUID, "sha512-…". Unquoted code
    // (process.env.TOKEN), prose (docs/setup.md) and descriptive names (DB_PASSWORD_FILE) are never candidates.
    expect(result.facts.suppressed).toEqual({
      reference: 2,
      placeholder: 2,
      "test-value": 1,
      "uuid-or-hash": 2,
    });
    expect(result.facts.filesScanned).toBe(7);
  });

  it("takes a connection string whose password is a placeholder for a template, not a secret", async () => {
    const root = await makeRepo({
      ".env.example": "DATABASE_URL=postgres://platform:change-me@localhost:5432/platform\n",
      "config/db.yaml": "url: postgres://app:<password>@db:5432/app\n",
    });
    const result = await secretsScanner.run(await ingest(root), {});
    expect(result.facts.sites).toEqual([]);
    expect(result.facts.suppressed.placeholder).toBe(2);
    expect(result.findings).toEqual([]);
  });

  it("reports findings with redacted evidence, leaves the key file to repo-hygiene and groups test files", async () => {
    const root = await makeRepo(FILES);
    const result = await secretsScanner.run(await ingest(root), {});
    const findings = result.findings.map(({ ruleId, severity, location, evidence }) => ({
      ruleId,
      severity,
      location,
      evidence,
    }));
    expect(findings).toEqual([
      {
        ruleId: "secrets/github-token",
        severity: "high",
        location: { file: "config/settings.yaml", startLine: 3, endLine: 3 },
        evidence: "github_token: [REDACTED:github-token]",
      },
      {
        ruleId: "secrets/aws-secret-key",
        severity: "critical",
        location: { file: "deploy/.env.production", startLine: 1, endLine: 1 },
        evidence: "AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]",
      },
      {
        ruleId: "secrets/generic-secret",
        severity: "high",
        location: { file: "deploy/.env.production", startLine: 3, endLine: 3 },
        evidence: "DB_PASSWORD=[REDACTED:generic-secret]",
      },
      {
        ruleId: "secrets/basic-auth-url",
        severity: "high",
        location: { file: "Dockerfile", startLine: 2, endLine: 2 },
        evidence: "RUN curl -fsSL [REDACTED:basic-auth-url]/install.sh | sh",
      },
      {
        ruleId: "secrets/aws-access-key",
        severity: "critical",
        location: { file: "src/config.ts", startLine: 2, endLine: 2 },
        evidence: 'export const awsKeyId = "[REDACTED:aws-access-key]";',
      },
      {
        ruleId: "secrets/generic-secret",
        severity: "high",
        location: { file: "src/config.ts", startLine: 3, endLine: 3 },
        evidence: 'const apiKey = "[REDACTED:generic-secret]";',
      },
      {
        ruleId: "secrets/test-fixture",
        severity: "low",
        location: { file: "tests/fixtures/creds.ts", startLine: 1, endLine: 1 },
        evidence: 'export const token = "[REDACTED:github-token]";',
      },
    ]);
    expect(result.findings[5]?.title).toBe("Hard-coded credential in `apiKey`");
    expect(result.strengths).toEqual([]);
    const serialised = JSON.stringify(result);
    for (const value of PLANTED) expect(serialised).not.toContain(value);
  });

  it("keeps every planted value out of all three rendered report formats", async () => {
    const root = await makeRepo(FILES);
    const { report } = await scanRepository(root);
    const outputs = (["md", "json", "sarif"] as const).map((format) => render(report, format));
    for (const output of outputs) for (const value of PLANTED) expect(output).not.toContain(value);
    for (const line of KEY_BODY.match(/.{1,64}/g) ?? []) expect(outputs.join("\n")).not.toContain(line);
    // The containers scanner quotes the RUN line verbatim; the report redacts it from the secrets facts.
    const pipe = report.findings.find((finding) => finding.ruleId === "containers/curl-pipe-shell");
    expect(pipe?.evidence).toBe("RUN curl -fsSL [REDACTED:basic-auth-url]/install.sh | sh");
    const key = report.findings.find((finding) => finding.ruleId === "hygiene/committed-private-key");
    expect(key?.evidence).toBe("[REDACTED:private-key]");
  });

  it("ends a quoted connection string's span at its closing quote, not at the end of the line", async () => {
    const url = ["postgres://app:", DB_PASSWORD, "@db.internal:5432/orders"].join("");
    const root = await makeRepo({
      "src/db.rs": `const DATABASE_URL: &str = "${url}"; // primary\n`,
      "app/config.py": `DATABASE_URL = os.getenv('DATABASE_URL', '${url}')\n`,
      "deploy/.env.production": `DATABASE_URL=${url}\n`,
    });
    const result = await secretsScanner.run(await ingest(root), {});
    expect(result.facts.sites.map((site) => [site.file, site.span.column, site.length])).toEqual([
      ["app/config.py", 43, url.length],
      ["deploy/.env.production", 14, url.length],
      ["src/db.rs", 29, url.length],
    ]);
    expect(result.findings.map((finding) => finding.evidence)).toEqual([
      "DATABASE_URL = os.getenv('DATABASE_URL', '[REDACTED:database-url]')",
      "DATABASE_URL=[REDACTED:database-url]",
      'const DATABASE_URL: &str = "[REDACTED:database-url]"; // primary',
    ]);
  });

  it("leaves documentation examples in docstrings and comments to the precise rules", async () => {
    const root = await makeRepo({
      "app/oauth.py": [
        "def sign(request):",
        '    """Sign the request, for example::',
        "",
        `        Authorization: OAuth oauth_token="${API_KEY}",`,
        '    """',
        `    # token = "${API_KEY}"`,
        `    token = "${API_KEY}"`,
        "",
      ].join("\n"),
    });
    const result = await secretsScanner.run(await ingest(root), {});
    expect(result.facts.sites.map((site) => [site.file, site.span.line, site.rule])).toEqual([
      ["app/oauth.py", 7, "generic-high-entropy"],
    ]);
  });

  it("reports nothing, and says so, for a clean repository", async () => {
    const root = await makeRepo({
      "src/app.ts": 'const token = process.env.API_TOKEN;\nexport const url = "https://example.com";\n',
      ".env.example": "API_TOKEN=\nDB_PASSWORD=changeme\n",
    });
    const result = await secretsScanner.run(await ingest(root), {});
    expect(result.facts.sites).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.strengths).toEqual([
      { area: "security", text: "No hard-coded credentials were found in production files." },
    ]);
  });
});

describe("generic secret rule", () => {
  it("computes Shannon entropy in bits per character", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy("")).toBe(0);
  });

  it("tells credential names from names that describe them", () => {
    expect(
      ["api_key", "apiKey", "DB_PASSWORD", "clientSecret", "GITHUB_TOKEN", "stripe_key", "passphrase"].map(
        secretNameKind,
      ),
    ).toEqual(["secret", "secret", "password", "secret", "secret", "secret", "password"]);
    expect(
      [
        "token_url",
        "secret_name",
        "password_file",
        "public_key",
        "cache_key",
        "max_tokens",
        "keyboard",
        "key",
      ].map(secretNameKind),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("needs quotes in code and accepts bare values in config", () => {
    const line = `apiKey = ${API_KEY}\n`;
    expect(findSecretAssignments(line, { bareValues: false, hexIsChecksum: false })).toEqual([]);
    expect(findSecretAssignments(line, { bareValues: true, hexIsChecksum: false })).toEqual([
      { name: "apiKey", value: API_KEY, start: 9, entropy: expect.any(Number), verdict: "secret" },
    ]);
  });

  it("finds the same assignments line by line as over the whole text, wherever a line begins or ends", () => {
    const lines = [
      `apiKey = "${API_KEY}"; other = "x"; db_password: '${DB_PASSWORD}'`,
      `note = "key"\r`,
      `  "CLIENT_SECRET": "${API_KEY}",\r`,
      `a.b.token := \`${API_KEY}\``,
      "nothing here = 1",
      `deployPassword => "${DEPLOY_PASSWORD}"`,
      `PASSPHRASE=${DEPLOY_PASSWORD}`,
    ];
    const text = lines.join("\n");
    const found = findSecretAssignments(text, { bareValues: true, hexIsChecksum: false });
    expect(
      found.map((entry) => [entry.name, text.slice(entry.start, entry.start + entry.value.length)]),
    ).toEqual([
      ["apiKey", API_KEY],
      ["db_password", DB_PASSWORD],
      ["CLIENT_SECRET", API_KEY],
      ["a.b.token", API_KEY],
      ["deployPassword", DEPLOY_PASSWORD],
      ["PASSPHRASE", DEPLOY_PASSWORD],
    ]);
    // The last line has no newline after it, and a text that is one line reads the same.
    expect(findSecretAssignments(lines[6] as string, { bareValues: true, hexIsChecksum: false })).toEqual([
      {
        name: "PASSPHRASE",
        value: DEPLOY_PASSWORD,
        start: 11,
        entropy: expect.any(Number),
        verdict: "secret",
      },
    ]);
  });

  it("treats low-entropy and short values as words, not credentials", () => {
    const text = [
      'password = "postgres"',
      'api_key = "not-a-secret-value"',
      'token = "abc123"',
      // Header names and patterns bound to token-ish names (flask-cors, hono).
      'ACL_CREDENTIALS = "Access-Control-Allow-Credentials"',
      'const X_HONO_DISABLE_SSG_HEADER_KEY = "x-hono-disable-ssg";',
      'const TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*";',
      // A context key spelled as a path (gin).
      'const BodyBytesKey = "_gin-gonic/gin/bodybyteskey"',
      `api_key = "${API_KEY}"`,
      'session_key = "_xK9-mQ2/vR7pL4wZ8nB"',
      "",
    ].join("\n");
    expect(
      findSecretAssignments(text, { bareValues: false, hexIsChecksum: false }).map((entry) => entry.verdict),
    ).toEqual(["weak", "weak", "weak", "weak", "weak", "weak", "weak", "secret", "secret"]);
  });

  it("takes names spelled as values, config key names and concatenated code for what they are", () => {
    const text = [
      // An attribute name, an error code and a quoted type annotation that spell their own name.
      'AttributeOID.CHALLENGE_PASSWORD: "challengePassword",',
      'const ErrCodeSSOProviderInvalidToken = "SSOProviderInvalidToken"',
      'def sign(backend: "Backend", private_key: "_EllipticCurvePrivateKey", data: bytes):',
      // Config key names with short alphanumeric words (aws-sdk-go shared config keys).
      "s3UsEast1RegionalSharedKey = `s3_us_east_1_regional_endpoint`",
      'ec2MetadataServiceEndpointModeKey = "ec2_metadata_service_endpoint_mode"',
      // A header template: the "value" between two literals is code.
      'prefix + " Credential=" + ctx.credValues.AccessKeyID + "/" + scope,',
      // Real ones still count: a random password, a letters-only value that is not the name, a
      // snake-case token whose last part is random.
      'CHALLENGE_PASSWORD = "kQ7vZ2mX9pL4"',
      'api_key = "PqRstUvWxYzAbCdEfGh"',
      `stripe_token = "sk_live_${"4eC39HqLyjWDarjtT1zdp7dc"}"`,
      "",
    ].join("\n");
    expect(
      findSecretAssignments(text, { bareValues: false, hexIsChecksum: false }).map((entry) => [
        entry.name,
        entry.verdict,
      ]),
    ).toEqual([
      ["AttributeOID.CHALLENGE_PASSWORD", "weak"],
      ["ErrCodeSSOProviderInvalidToken", "weak"],
      ["private_key", "weak"],
      ["s3UsEast1RegionalSharedKey", "weak"],
      ["ec2MetadataServiceEndpointModeKey", "weak"],
      ["Credential", "reference"],
      ["CHALLENGE_PASSWORD", "secret"],
      ["api_key", "secret"],
      ["stripe_token", "secret"],
    ]);
  });

  it("masks all but a short prefix", () => {
    expect(preview(AWS_KEY_ID)).toBe("AKIA****");
    expect(preview("hunter22")).toBe("hu****");
    expect(preview("abc")).toBe("****");
  });
});
