/**
 * The generic secret rule: a literal assigned to a name that says "secret" (api_key, token, password…)
 * and random enough to be a credential rather than a word, with the false-positive filters that keep
 * placeholders, references, UUIDs, hashes and test values out.
 */

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** How many of lower case, upper case, digits and symbols the value uses. */
export function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/** Why a candidate was not reported; counted in the facts so the filters can be audited. */
export type Suppression = "reference" | "placeholder" | "test-value" | "uuid-or-hash";

/** An assignment of a literal to a secret-like name. Offsets are relative to the scanned text. */
export interface SecretAssignment {
  name: string;
  value: string;
  /** Offset of the value's first character; the value ends at `start + value.length`. */
  start: number;
  entropy: number;
  verdict: "secret" | Suppression | "weak";
}

const SECRET_WORDS = new Set([
  "secret",
  "secrets",
  "token",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "credential",
  "credentials",
  "apikey",
]);
const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "passphrase"]);
/** A trailing word that makes the name describe the secret rather than hold it (token_url, secret_name). */
const DESCRIPTIVE_SUFFIX = new Set([
  "id",
  "ids",
  "name",
  "names",
  "file",
  "path",
  "dir",
  "url",
  "uri",
  "endpoint",
  "type",
  "length",
  "size",
  "count",
  "field",
  "header",
  "prefix",
  "suffix",
  "env",
  "var",
  "format",
  "pattern",
  "regex",
  "ttl",
  "expiry",
  "expires",
  "expiration",
  "label",
  "hint",
  "placeholder",
  "template",
  "policy",
  "provider",
  "manager",
  "store",
  "ref",
]);
/** `<word>_key` names that are not credentials. */
const NON_SECRET_KEYS = new Set([
  "public",
  "cache",
  "sort",
  "primary",
  "foreign",
  "partition",
  "lookup",
  "map",
  "object",
  "idempotency",
  "row",
  "unique",
  "composite",
  "i18n",
  "translation",
  "storage",
  "react",
  "hash",
  "dedup",
  "group",
  "routing",
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** "password", "password-like" or undefined: does this variable or key name hold a credential? */
export function secretNameKind(name: string): "password" | "secret" | undefined {
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (!last || DESCRIPTIVE_SUFFIX.has(last)) return undefined;
  if (parts.some((part) => PASSWORD_WORDS.has(part))) return "password";
  if (parts.some((part) => SECRET_WORDS.has(part))) return "secret";
  if (last === "key" && parts.length > 1 && !NON_SECRET_KEYS.has(parts[parts.length - 2] as string))
    return "secret";
  return undefined;
}

const REFERENCE =
  /^\$|\$\{|\{\{|\}\}|%\(|^%[A-Za-z_]+%$|process\.env|os\.environ|getenv|ENV\[|^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$|^[A-Za-z_]\w*\(|^\s*[+.~]\s|\s[+.~]\s*$/;
const PLACEHOLDER =
  /<[^>]*>|changeme|change[_-]me|xxxx|\*{3}|\.{3}|example|sample|placeholder|your[_-]|replace[_-]?me|insert[_-]|redacted|^(none|null|nil|true|false|undefined|secret|password|token)$/i;
const TEST_VALUE = /test|dummy|fake|mock/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGRITY = /^sha(1|256|384|512)-[A-Za-z0-9+/=]+$/;
const HEX = /^[0-9a-f]+$/i;
// Header names, identifiers and patterns assigned to token-ish names are words or syntax, not random
// values: `ACL_CREDENTIALS = "Access-Control-Allow-Credentials"`, `TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*"`,
// and context keys spelled as paths, `BodyBytesKey = "_gin-gonic/gin/bodybyteskey"`. A random token of
// letters only, split by separators, is too unlikely to be worth the noise.
// Segments may be short alphanumerics (`s3_us_east_1_regional_endpoint`, `ec2_metadata_service_endpoint`
// are config key names); a long random segment (`sk_live_<24 random characters>`) still counts.
const WORD_SEGMENT = String.raw`(?:[A-Za-z]+|\d{1,3}|[A-Za-z]{1,3}\d{1,2})`;
const WORDS = new RegExp(`^[-_./:]*${WORD_SEGMENT}(?:[-_. /:]+${WORD_SEGMENT})+[-_./:]*$`);
const PATTERN = /\[[^\]]*\w-\w[^\]]*\]|\\[dwsSbB]|\(\?[:=!<]|[+*?]\)|\]\{?\d*,?\d*\}?[+*]/;
const PATH_OR_URL =
  /^(\.{0,2}\/|~\/|[A-Za-z]:\\|https?:\/\/|file:)|\.(json|ya?ml|pem|key|crt|txt|env|toml|ini|conf)$/i;

/** Decides whether a literal assigned to a secret-like name is reported, suppressed (and why), or too weak to be a credential. */
export function judgeValue(
  value: string,
  nameKind: "password" | "secret",
  context: { hexIsChecksum: boolean },
  name = "",
): SecretAssignment["verdict"] {
  if (REFERENCE.test(value)) return "reference";
  if (PLACEHOLDER.test(value) || /^(.)\1+$/.test(value)) return "placeholder";
  if (TEST_VALUE.test(value)) return "test-value";
  if (UUID.test(value) || INTEGRITY.test(value) || (context.hexIsChecksum && HEX.test(value)))
    return "uuid-or-hash";
  if (PATH_OR_URL.test(value)) return "reference";
  if (spellsName(value, name)) return "weak";
  if (nameKind === "secret" && (WORDS.test(value) || PATTERN.test(value))) return "weak";
  const entropy = shannonEntropy(value);
  if (nameKind === "password")
    return value.length >= 8 && entropy >= 2.5 && characterClasses(value) >= 2 ? "secret" : "weak";
  if (HEX.test(value)) return value.length >= 20 && entropy >= 3 ? "secret" : "weak";
  return value.length >= 16 && entropy >= 3.5 && characterClasses(value) >= 2 ? "secret" : "weak";
}

/**
 * A letters-only value that spells its own name is a key, error code or type name, not a credential:
 * `CHALLENGE_PASSWORD: "challengePassword"` (an attribute name), `ErrCodeInvalidToken = "InvalidToken"`,
 * `private_key: "_EllipticCurvePrivateKey"` (a quoted type annotation).
 */
function spellsName(value: string, name: string): boolean {
  if (!/^[A-Za-z_-]+$/.test(value)) return false;
  const normal = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  const own = normal(name.slice(name.lastIndexOf(".") + 1));
  const spelled = normal(value);
  return own.length >= 3 && spelled.length >= 6 && (spelled.includes(own) || own.endsWith(spelled));
}

// Every name `secretNameKind` accepts holds one of these (its words, lower-cased, or a last word "key").
const NAME_HINT = /secret|token|passw|passphrase|pwd|credential|key/gi;

// name (optionally quoted) then = : := => then a quoted or bare literal on the same line.
const ASSIGNMENT =
  /(?<![\w$.-])(["']?)([A-Za-z_][\w.-]{0,80}?)\1[ \t]*(?::=|=>|=|:)[ \t]*(?:"([^"\n\\]*)"|'([^'\n\\]*)'|`([^`\n\\]*)`|([^\s"'`,;)}\]]+))/g;

/**
 * Every literal assigned to a secret-like name in a text, with the verdict of the filters.
 * `bareValues` allows unquoted values (config files, env files, shell); in code an unquoted right-hand
 * side is an expression, never a literal.
 */
export function findSecretAssignments(
  text: string,
  options: { bareValues: boolean; hexIsChecksum: boolean },
): SecretAssignment[] {
  const out: SecretAssignment[] = [];
  // An assignment never spans lines and `secretNameKind` only accepts names holding a hint word, so
  // only lines with a hint are matched: the same matches as over the whole text, found far faster.
  const hints = new RegExp(NAME_HINT.source, NAME_HINT.flags);
  for (let hint = hints.exec(text); hint; hint = hints.exec(text)) {
    const lineStart = text.lastIndexOf("\n", hint.index) + 1;
    const newline = text.indexOf("\n", hint.index);
    const lineEnd = newline === -1 ? text.length : newline;
    hints.lastIndex = lineEnd;
    for (const match of text.slice(lineStart, lineEnd).matchAll(ASSIGNMENT)) {
      const quoted = match[3] ?? match[4] ?? match[5];
      const bare = match[6];
      if (quoted === undefined && (!options.bareValues || bare === undefined)) continue;
      const value = quoted ?? (bare as string);
      if (value.length < 4) continue;
      const name = match[2] as string;
      const nameKind = secretNameKind(name);
      if (!nameKind) continue;
      const valueOffset = match[0].length - value.length - (quoted === undefined ? 0 : 1);
      out.push({
        name,
        value,
        start: lineStart + match.index + valueOffset,
        entropy: Math.round(shannonEntropy(value) * 100) / 100,
        verdict: judgeValue(value, nameKind, { hexIsChecksum: options.hexIsChecksum }, name),
      });
    }
  }
  return out;
}
