import { codeMatches, enclosingFunction, literalAt, type SyntaxAnalysis } from "./syntax.js";
import { hardcodedKeySites, type KeySite } from "./syntax-crypto-keys.js";

export type { KeySite };

/** A use of MD5 or SHA-1, with what the surrounding names say it is for. */
export interface WeakHashSite {
  algorithm: "md5" | "sha1";
  api: string;
  line: number;
  /**
   * security: passwords, tokens, signatures; non-security: cache keys, ETags, checksums; protocol: a
   * standard fixes the algorithm (UUID v3/v5, the WebSocket handshake, HTTP Digest); unknown otherwise.
   */
  purpose: "security" | "non-security" | "protocol" | "unknown";
  /** The standard that fixes the algorithm, when purpose is protocol. */
  protocol?: string;
  /** The call itself says it is not for security (`usedforsecurity=False`). */
  declared?: boolean;
}

/** Non-cryptographic randomness whose result is named like a secret (token, password, session, nonce, key…). */
export interface WeakRandomSite {
  api: string;
  line: number;
  /** The secret-like word that made it a finding. */
  name: string;
}

export interface CryptoSites {
  weakHashes: WeakHashSite[];
  weakRandom: WeakRandomSite[];
  hardcodedKeys: KeySite[];
}

const SECURITY_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "token",
  "secret",
  "signature",
  "sign",
  "hmac",
  "auth",
  "credential",
  "credentials",
  "apikey",
]);
const NON_SECURITY_WORDS = new Set([
  "cache",
  "etag",
  "checksum",
  "fingerprint",
  "dedup",
  "dedupe",
  "filename",
  "bucket",
  "shard",
  "partition",
]);
const SECRET_WORDS = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "session",
  "nonce",
  "key",
  "apikey",
  "salt",
  "otp",
  "csrf",
  "credential",
  "credentials",
  "iv",
]);
// Randomness for these is fine: spreading load, retries, sampling, visuals.
const HARMLESS_RANDOM_WORDS = new Set([
  "jitter",
  "backoff",
  "delay",
  "sleep",
  "retry",
  "shuffle",
  "sample",
  "sampling",
  "color",
  "colour",
  "animation",
  "position",
  "offset",
  "spread",
  // A MIME boundary and a temporary file name must be unique, not secret.
  "boundary",
  "tmp",
  "temp",
  "tmpname",
  "tempname",
]);

// The RFC 6455 GUID every WebSocket accept key is hashed with.
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * The standard that fixes MD5 or SHA-1 at this site, read from the surrounding names: code that
 * implements the protocol cannot pick another algorithm and still interoperate.
 */
function protocolOf(
  algorithm: WeakHashSite["algorithm"],
  words: string[],
  analysis: SyntaxAnalysis,
  nearby: string,
): string | undefined {
  const has = (word: string) => words.includes(word);
  if (has("uuid3") || has("uuid5") || (has("uuid") && has("namespace"))) return "UUID v3/v5 (RFC 9562)";
  if (
    algorithm === "sha1" &&
    (has("websocket") || has("handshake") || has("upgrade") || analysis.text.includes(WEBSOCKET_GUID))
  )
    return "WebSocket handshake (RFC 6455)";
  if (has("cnonce") || has("qop") || (has("digest") && (has("auth") || has("header"))))
    return "HTTP Digest authentication (RFC 7616)";
  // The hash is chosen because the peer named it (`if algorithm == 'MD5':`): a negotiated algorithm.
  if (/\b(?:algorithm|algo)\w*\s*==\s*["'](?:MD5|SHA|SHA-?1)(?:-sess)?["']/i.test(nearby))
    return "an algorithm the peer negotiates";
  if (has("oauth") && has("body")) return "OAuth 1.0 body hash";
  if (has("identifier") && has("key") && has("public")) return "X.509 key identifier (RFC 5280)";
  for (let index = 0; algorithm === "md5" && index + 1 < words.length; index++)
    if (words[index] === "content" && words[index + 1] === "md5") return "Content-MD5 header (RFC 1864)";
  return undefined;
}

/** Lower-case words of the identifiers in a piece of code (`apiKey`, `session_id` → api, key, session, id). */
export function identifierWords(code: string): string[] {
  const words: string[] = [];
  for (const identifier of code.match(/[A-Za-z_$][\w$]*/g) ?? [])
    for (const part of identifier.split(/_|\$|(?<=[a-z0-9])(?=[A-Z])/))
      if (part) words.push(part.toLowerCase());
  return words;
}

function contextWords(analysis: SyntaxAnalysis, offset: number, line: number): string[] {
  const start = analysis.lineStarts[line - 1] ?? 0;
  const end = analysis.lineStarts[line] ?? analysis.codeText.length;
  const scope = enclosingFunction(analysis, offset);
  return [...identifierWords(analysis.codeText.slice(start, end)), ...identifierWords(scope?.name ?? "")];
}

/** The names of every function around the offset, outermost too (a helper nested in `build_digest_header`). */
function scopeWords(analysis: SyntaxAnalysis, offset: number): string[] {
  return analysis.functions
    .filter((candidate) => candidate.start <= offset && offset < candidate.end)
    .flatMap((candidate) => identifierWords(candidate.name));
}

function hashPurpose(words: string[]): WeakHashSite["purpose"] {
  if (words.some((word) => SECURITY_WORDS.has(word))) return "security";
  if (words.some((word) => NON_SECURITY_WORDS.has(word))) return "non-security";
  return "unknown";
}

const HASH_NAMES: Record<string, WeakHashSite["algorithm"]> = { md5: "md5", sha1: "sha1", "sha-1": "sha1" };

/** Weak hashes, weak randomness for secrets and hard-coded key material in one analysed file. */
export function cryptoSites(analysis: SyntaxAnalysis): CryptoSites {
  return {
    weakHashes: weakHashSites(analysis),
    weakRandom: weakRandomSites(analysis),
    hardcodedKeys: hardcodedKeySites(analysis),
  };
}

function weakHashSites(analysis: SyntaxAnalysis): WeakHashSite[] {
  const sites: WeakHashSite[] = [];
  const push = (algorithm: WeakHashSite["algorithm"], api: string, offset: number, line: number) => {
    const words = contextWords(analysis, offset, line);
    const lineText = analysis.text.slice(
      analysis.lineStarts[line - 1] ?? 0,
      analysis.lineStarts[line] ?? undefined,
    );
    const declared = /usedforsecurity\s*=\s*False/.test(lineText);
    // The real text: the code text blanks the string that names the negotiated algorithm.
    const nearby = analysis.text.slice(analysis.lineStarts[Math.max(0, line - 4)] ?? 0, offset);
    const protocol = declared
      ? undefined
      : protocolOf(algorithm, [...words, ...scopeWords(analysis, offset)], analysis, nearby);
    const purpose = declared ? "non-security" : protocol ? "protocol" : hashPurpose(words);
    sites.push({
      algorithm,
      api,
      line,
      purpose,
      ...(protocol ? { protocol } : {}),
      ...(declared ? { declared } : {}),
    });
  };
  const byLiteral = (pattern: RegExp, api: string) => {
    for (const { match, line, offset } of codeMatches(analysis, pattern)) {
      const literal = literalAt(analysis, match.indices?.[1]?.[0] ?? -1) ?? "";
      const algorithm = HASH_NAMES[literal.toLowerCase()];
      if (algorithm) push(algorithm, `${api}("${literal}")`, offset, line);
    }
  };
  switch (analysis.language) {
    case "python":
      for (const { match, line, offset } of codeMatches(
        analysis,
        /(?<![\w.])hashlib\s*\.\s*(md5|sha1)\s*\(/g,
      ))
        push(match[1] as WeakHashSite["algorithm"], `hashlib.${match[1]}`, offset, line);
      byLiteral(/(?<![\w.])hashlib\s*\.\s*new\s*\(\s*(["'])/g, "hashlib.new");
      if (/\bfrom\s+hashlib\s+import\b[^\n]*\b(?:md5|sha1)\b/.test(analysis.codeText))
        for (const { match, line, offset } of codeMatches(analysis, /(?<![\w.])(md5|sha1)\s*\(/g))
          push(match[1] as WeakHashSite["algorithm"], match[1] as string, offset, line);
      break;
    case "javascript":
    case "typescript":
    case "tsx":
      byLiteral(/\bcreateHash\s*\(\s*(["'`])/g, "createHash");
      byLiteral(/\bsubtle\s*\.\s*digest\s*\(\s*(["'`])/g, "crypto.subtle.digest");
      for (const { match, line, offset } of codeMatches(analysis, /\bCryptoJS\s*\.\s*(MD5|SHA1)\s*\(/g))
        push(
          (match[1] as string).toLowerCase() as WeakHashSite["algorithm"],
          `CryptoJS.${match[1]}`,
          offset,
          line,
        );
      break;
    case "java":
      byLiteral(/\bMessageDigest\s*\.\s*getInstance\s*\(\s*(["'])/g, "MessageDigest.getInstance");
      for (const { match, line, offset } of codeMatches(
        analysis,
        /\bDigestUtils\s*\.\s*(md5|sha1)(?:Hex)?\s*\(/g,
      ))
        push(match[1] as WeakHashSite["algorithm"], `DigestUtils.${match[1]}`, offset, line);
      break;
    case "go":
      for (const entry of analysis.imports) {
        const algorithm =
          entry.module === "crypto/md5" ? "md5" : entry.module === "crypto/sha1" ? "sha1" : undefined;
        if (!algorithm) continue;
        const name = entry.alias ?? algorithm;
        for (const { line, offset } of codeMatches(
          analysis,
          new RegExp(`(?<![\\w.])${name}\\s*\\.\\s*(?:New|Sum)\\s*\\(`, "g"),
        ))
          push(algorithm, `${entry.module}`, offset, line);
      }
      break;
    case "rust":
      for (const { match, line, offset } of codeMatches(
        analysis,
        /(?<![\w:])(md5\s*::\s*(?:compute|Md5|Context)|Md5\s*::\s*(?:new|digest)|Sha1\s*::\s*(?:new|digest|from)|sha1(?:_smol)?\s*::\s*Sha1)\b/g,
      ))
        push(
          /md5/i.test(match[1] ?? "") ? "md5" : "sha1",
          (match[1] ?? "").replace(/\s+/g, ""),
          offset,
          line,
        );
      break;
  }
  return sites.sort((a, b) => a.line - b.line);
}

function weakRandomSites(analysis: SyntaxAnalysis): WeakRandomSite[] {
  const patterns: Record<string, RegExp | undefined> = {
    python:
      /(?<![\w.])(random\s*\.\s*(?:random|randint|randrange|choice|choices|sample|getrandbits|uniform|randbytes))\s*\(/g,
    javascript: /\b(Math\s*\.\s*random)\s*\(/g,
    typescript: /\b(Math\s*\.\s*random)\s*\(/g,
    tsx: /\b(Math\s*\.\s*random)\s*\(/g,
    java: /(\bnew\s+Random\s*\(|\bMath\s*\.\s*random\s*\()/g,
    rust: /(?<![\w:])(fastrand\s*::\s*\w+|SmallRng\s*::\s*\w+)/g,
    go: goRandomPattern(analysis),
  };
  const pattern = analysis.language ? patterns[analysis.language] : undefined;
  if (!pattern) return [];
  const sites: WeakRandomSite[] = [];
  for (const { match, line, offset } of codeMatches(analysis, pattern)) {
    const words = contextWords(analysis, offset, line);
    if (words.some((word) => HARMLESS_RANDOM_WORDS.has(word))) continue;
    const name = words.find((word) => SECRET_WORDS.has(word));
    if (name) sites.push({ api: (match[1] ?? "").replace(/\s+/g, "").replace(/\($/, ""), line, name });
  }
  return sites;
}

function goRandomPattern(analysis: SyntaxAnalysis): RegExp | undefined {
  const entry = analysis.imports.find(
    (item) => item.module === "math/rand" || item.module === "math/rand/v2",
  );
  if (!entry) return undefined;
  const name = entry.alias ?? "rand";
  return new RegExp(`(?<![\\w.])(${name}\\s*\\.\\s*(?:Int\\w*|Uint\\w*|Float\\w*|Read|Perm|N))\\s*\\(`, "g");
}
