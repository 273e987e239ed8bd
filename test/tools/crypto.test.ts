import { describe, expect, it } from "vitest";
import type { Report } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { cryptoSection } from "../../src/render/markdown/sections/crypto.js";
import { cryptoScanner } from "../../tools/crypto.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const PYTHON = [
  "import hashlib, os, random",
  "from Crypto.Cipher import AES",
  "",
  'SECRET_KEY = b"0123456789abcdef"',
  'IV = b"fedcba9876543210"',
  "",
  "def hash_password(password):",
  "    return hashlib.md5(password.encode()).hexdigest()",
  "",
  "def cache_key(path):",
  "    return hashlib.sha1(path.encode()).hexdigest()",
  "",
  "def etag_for(body):",
  "    return hashlib.md5(body, usedforsecurity=False).hexdigest()",
  "",
  "def make_token():",
  '    token = "".join(random.choice("abc") for _ in range(32))',
  "    return token",
  "",
  "def backoff(attempt):",
  "    return random.uniform(0, 1) * 2 ** attempt",
  "",
  "def encrypt(data):",
  "    cipher = AES.new(SECRET_KEY, AES.MODE_CBC, iv=IV)",
  "    return cipher.encrypt(data)",
  "",
  "def env_cipher(data):",
  '    cipher = AES.new(os.environ["KEY"].encode(), AES.MODE_GCM)',
  '    note = "hashlib.md5( in a string"',
  "    # hashlib.sha1(x) in a comment",
  "    return cipher",
  "",
].join("\n");

const TYPESCRIPT = [
  'import { createCipheriv, createHash } from "node:crypto";',
  'export const etag = (body: string) => createHash("md5").update(body).digest("hex");',
  "export function sessionId(): string { return Math.random().toString(36).slice(2); }",
  "export function wobble(): number { return Math.random() * 10; }",
  "const animationJitter = Math.random();",
  "export function encrypt(text: string) {",
  '  const cipher = createCipheriv("aes-256-cbc", "0123456789abcdef0123456789abcdef", Buffer.from("abcdefghijklmnop"));',
  "  return cipher.update(text) + animationJitter;",
  "}",
  'export const digest = (value: string) => createHash("sha256").update(value).digest("hex");',
  "",
].join("\n");

const GO = [
  "package main",
  "",
  "import (",
  '\t"crypto/md5"',
  '\t"crypto/rand"',
  '\tmrand "math/rand"',
  ")",
  "",
  "func fingerprint(data []byte) [16]byte { return md5.Sum(data) }",
  "func newToken() int { return mrand.Intn(1000000) }",
  "func jitter() int { return mrand.Intn(100) }",
  "func fill(b []byte) { rand.Read(b) }",
  "",
].join("\n");

const JAVA = [
  "class Hasher {",
  "  byte[] hashValue(byte[] input) throws Exception {",
  '    return MessageDigest.getInstance("MD5").digest(input);',
  "  }",
  '  SecretKeySpec spec = new SecretKeySpec("hardcodedkey1234".getBytes(), "AES");',
  "}",
  "",
].join("\n");

const RUST = [
  "pub fn sum(data: &[u8]) -> md5::Digest { md5::compute(data) }",
  'pub fn cipher() { let key = Key::<Aes256Gcm>::from_slice(b"an example very very secret key."); }',
  "",
].join("\n");

describe("crypto scanner", () => {
  it("names the protocol that fixes a weak hash, and leaves boundaries and temp names alone", async () => {
    const root = await makeRepo({
      "lib/ids.py": [
        "from hashlib import md5, sha1",
        "import hashlib, random, sys",
        "",
        "def uuid3(namespace, name):",
        "    return md5(namespace.bytes + bytes(name, 'utf-8')).digest()",
        "",
        "def build_digest_header(method, url):",
        "    def md5_utf8(x):",
        "        return hashlib.md5(x).hexdigest()",
        "    return md5_utf8",
        "",
        "def get_algorithm_impls(algorithm):",
        "    if algorithm == 'MD5':",
        "        return lambda x: hashlib.md5(x).hexdigest()",
        "",
        "def make_boundary():",
        "    token = random.randrange(sys.maxsize)",
        "    return '=' * 15 + str(token)",
        "",
        "def store_password(password):",
        "    return hashlib.md5(password).hexdigest()",
        "",
        "def reset_token():",
        "    token = random.randrange(sys.maxsize)",
        "    return token",
        "",
      ].join("\n"),
      "src/ws.ts": [
        "export async function acceptKey(key: string) {",
        "  return crypto.subtle.digest('SHA-1', new TextEncoder().encode(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'));",
        "}",
        "export function writeCredentialsFile(target: string) {",
        '  const tmpPath = target + "." + Math.random().toString(36).slice(2) + ".tmp";',
        "  const sessionId = Math.random().toString(36);",
        "  return [tmpPath, sessionId];",
        "}",
        "",
      ].join("\n"),
    });
    const { facts, findings } = await cryptoScanner.run(await ingest(root), {});
    expect(facts.weakHashes.map((site) => [site.file, site.line, site.purpose, site.protocol])).toEqual([
      ["lib/ids.py", 5, "protocol", "UUID v3/v5 (RFC 9562)"],
      ["lib/ids.py", 9, "protocol", "HTTP Digest authentication (RFC 7616)"],
      ["lib/ids.py", 14, "protocol", "an algorithm the peer negotiates"],
      ["lib/ids.py", 21, "security", undefined],
      ["src/ws.ts", 2, "protocol", "WebSocket handshake (RFC 6455)"],
    ]);
    expect(facts.weakRandom.map((site) => [site.file, site.line, site.name])).toEqual([
      ["lib/ids.py", 24, "token"],
      ["src/ws.ts", 6, "session"],
    ]);
    expect(
      findings.filter((finding) => finding.severity !== "info").map((finding) => finding.location?.startLine),
    ).toEqual([21, 24, 6]);
  });

  it("finds weak hashes by purpose, predictable randomness for secrets and hard-coded keys", async () => {
    const root = await makeRepo({
      "app/auth.py": PYTHON,
      "tests/test_auth.py": 'import hashlib\nDIGEST = hashlib.md5(b"x").hexdigest()\n',
      "web/token.ts": TYPESCRIPT,
      "svc/main.go": GO,
      "src/Hasher.java": JAVA,
      "src/lib.rs": RUST,
    });
    const { facts, findings } = await cryptoScanner.run(await ingest(root), {});
    expect(facts.counts).toEqual({
      weakHash: { production: 7, test: 1 },
      weakRandom: { production: 3, test: 0 },
      hardcodedKey: { production: 6, test: 0 },
    });
    expect(
      facts.weakHashes.map((site) => [site.file, site.line, site.algorithm, site.api, site.purpose]),
    ).toEqual([
      ["app/auth.py", 8, "md5", "hashlib.md5", "security"],
      ["app/auth.py", 11, "sha1", "hashlib.sha1", "non-security"],
      ["app/auth.py", 14, "md5", "hashlib.md5", "non-security"],
      ["src/Hasher.java", 3, "md5", 'MessageDigest.getInstance("MD5")', "unknown"],
      ["src/lib.rs", 1, "md5", "md5::compute", "unknown"],
      ["svc/main.go", 9, "md5", "crypto/md5", "non-security"],
      ["tests/test_auth.py", 2, "md5", "hashlib.md5", "unknown"],
      ["web/token.ts", 2, "md5", 'createHash("md5")', "non-security"],
    ]);
    expect(facts.weakRandom).toEqual([
      { file: "app/auth.py", line: 17, isTest: false, api: "random.choice", name: "token" },
      { file: "svc/main.go", line: 10, isTest: false, api: "mrand.Intn", name: "token" },
      { file: "web/token.ts", line: 3, isTest: false, api: "Math.random", name: "session" },
    ]);
    expect(facts.hardcodedKeys).toEqual([
      {
        file: "app/auth.py",
        line: 4,
        isTest: false,
        api: "AES.new",
        argument: "key",
        via: "SECRET_KEY",
        callLine: 24,
      },
      {
        file: "app/auth.py",
        line: 5,
        isTest: false,
        api: "AES.new",
        argument: "iv",
        via: "IV",
        callLine: 24,
      },
      { file: "src/Hasher.java", line: 5, isTest: false, api: "SecretKeySpec", argument: "key", callLine: 5 },
      {
        file: "src/lib.rs",
        line: 2,
        isTest: false,
        api: "Key::<Aes256Gcm>::from_slice",
        argument: "key",
        callLine: 2,
      },
      { file: "web/token.ts", line: 7, isTest: false, api: "createCipheriv", argument: "key", callLine: 7 },
      { file: "web/token.ts", line: 7, isTest: false, api: "createCipheriv", argument: "iv", callLine: 7 },
    ]);
    const severities = findings.map((finding) => [
      finding.ruleId,
      finding.location?.file,
      finding.location?.startLine,
      finding.severity,
    ]);
    expect(severities).toEqual([
      ["crypto/weak-hash-md5", "app/auth.py", 8, "high"],
      ["crypto/weak-hash-sha1", "app/auth.py", 11, "info"],
      // app/auth.py:14 says `usedforsecurity=False` itself: counted in the facts, not reported.
      ["crypto/weak-random", "app/auth.py", 17, "high"],
      ["crypto/hardcoded-key", "app/auth.py", 4, "high"],
      ["crypto/hardcoded-iv", "app/auth.py", 5, "medium"],
      ["crypto/weak-hash-md5", "src/Hasher.java", 3, "medium"],
      ["crypto/hardcoded-key", "src/Hasher.java", 5, "high"],
      ["crypto/weak-hash-md5", "src/lib.rs", 1, "medium"],
      ["crypto/hardcoded-key", "src/lib.rs", 2, "high"],
      ["crypto/weak-hash-md5", "svc/main.go", 9, "info"],
      ["crypto/weak-random", "svc/main.go", 10, "high"],
      ["crypto/weak-hash-md5", "web/token.ts", 2, "info"],
      ["crypto/weak-random", "web/token.ts", 3, "high"],
      ["crypto/hardcoded-key", "web/token.ts", 7, "high"],
      ["crypto/hardcoded-iv", "web/token.ts", 7, "medium"],
    ]);
    expect(findings.find((finding) => finding.ruleId === "crypto/hardcoded-key")).toEqual({
      ruleId: "crypto/hardcoded-key",
      area: "security",
      severity: "high",
      title: "Hard-coded key for `AES.new` in auth.py",
      description:
        "A literal (via `SECRET_KEY`) is used as the key of `AES.new` at line 24: anyone with the source can decrypt or forge, and it cannot be rotated without a release.",
      recommendation: "Load keys from a secret store or environment at runtime and rotate the exposed one.",
      location: { file: "app/auth.py", startLine: 4, endLine: 4 },
      evidence: 'SECRET_KEY = b"0123456789abcdef"',
    });
    expect(findings[1]?.description).toBe(
      "This looks like a non-security use (cache key, ETag, checksum), where SHA-1 is acceptable; it is listed so the purpose can be confirmed.",
    );
  });

  it("takes the WebSocket handshake's protocol-mandated SHA-1 for a protocol use", async () => {
    const root = await makeRepo({
      "src/ws.ts": [
        "export async function onUpgrade(key: string): Promise<ArrayBuffer> {",
        '  return crypto.subtle.digest("SHA-1", new TextEncoder().encode(key + WEBSOCKET_GUID));',
        "}",
        "",
      ].join("\n"),
    });
    const { facts, findings } = await cryptoScanner.run(await ingest(root), {});
    expect(facts.weakHashes.map((site) => [site.file, site.line, site.purpose])).toEqual([
      ["src/ws.ts", 2, "protocol"],
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(["info"]);
  });

  it("reports clean code and keeps cache-key MD5 out of the checklist", async () => {
    const root = await makeRepo({
      "app/cache.py": [
        "import hashlib, random, secrets",
        "def cache_key(url):",
        "    return hashlib.md5(url.encode()).hexdigest()",
        "def new_token():",
        "    return secrets.token_urlsafe(32)",
        "def pick(items):",
        "    return random.choice(items)",
        "",
      ].join("\n"),
    });
    const { facts, findings, strengths } = await cryptoScanner.run(await ingest(root), {});
    expect(facts.counts).toEqual({
      weakHash: { production: 1, test: 0 },
      weakRandom: { production: 0, test: 0 },
      hardcodedKey: { production: 0, test: 0 },
    });
    expect(findings.map((finding) => [finding.severity, finding.title])).toEqual([
      ["info", "MD5 (`hashlib.md5`) in cache.py"],
    ]);
    expect(strengths).toEqual([]);
    expect(cryptoSection.checklist?.(facts)).toEqual([
      {
        category: "Cryptography",
        status: "✅ Good",
        notes: "no weak hashes for security, predictable secrets or hard-coded keys",
      },
    ]);
    expect(cryptoSection.render(facts, {} as Report)).toBe(
      [
        "### Cryptography",
        "",
        "| Check | Production | Test |",
        "|---|---|---|",
        "| MD5 / SHA-1 | 1 | 0 |",
        "| Predictable randomness for secrets | 0 | 0 |",
        "| Hard-coded keys / IVs | 0 | 0 |",
        "",
        "| Location | API | Issue |",
        "|---|---|---|",
        "| `app/cache.py:3` | `hashlib.md5` | weak hash, looks like a cache key / checksum |",
      ].join("\n"),
    );
  });
});
