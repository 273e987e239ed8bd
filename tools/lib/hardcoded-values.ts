/** What kind of configuration a literal hard-codes. */
export const HARDCODED_KINDS = ["model", "port", "host", "url", "path", "credential-default"] as const;
export type HardcodedKind = (typeof HARDCODED_KINDS)[number];

/** How risky a hard-coded value is; `note` only records it, the others become findings. */
export type HardcodedRisk = "note" | "low" | "medium" | "high";

/** A hard-coded value found on one line. */
export interface HardcodedValue {
  kind: HardcodedKind;
  value: string;
  /** Why it matters ("plaintext http", "public IP", "user home folder", "loopback"…). */
  detail: string;
  risk: HardcodedRisk;
}

// An optional provider path (`openai/`, `models/`) or Bedrock id prefix (`anthropic.`, `us.anthropic.`),
// the model, and a Bedrock version suffix (`:0`).
const MODEL =
  /^(?:[\w.-]+\/|(?:(?:us|eu|apac|global)\.)?(?:anthropic|meta|mistral|cohere|deepseek)\.)?(?:claude-[\w.-]*\d[\w.-]*|gpt-(?:\d|4o|oss)[\w.-]*|o[134](?:-mini|-preview|-pro)?(?:-\d{4}-\d{2}-\d{2})?|chatgpt-[\w.-]+|gemini-[\w.-]*\d[\w.-]*|(?:code)?llama-?\d[\w.:-]*|llama[\d.]+[\w.:-]*|mistral-[\w.-]+|mixtral-[\w.-]+|codestral-[\w.-]+|command-r[\w.+-]*|deepseek-[\w.-]+|qwen[\d.]+[\w.:-]*|qwen-[\w.:-]+|text-embedding-[\w.-]+|text-davinci-\d+|dall-e-\d|whisper-1|tts-1[\w-]*)(?::\d+)?$/i;

// Namespace and documentation URLs are identifiers, not endpoints.
const IGNORED_HOSTS =
  /(^|\.)(?:w3\.org|openid\.net|ietf\.org|rfc-editor\.org|oasis-open\.org|acs\.amazonaws\.com|json-schema\.org|xmlns\.com|purl\.org|schemas\.xmlsoap\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|example\.(?:com|org|net)|[\w-]+\.example|ns\.adobe\.com|www\.apache\.org\/licenses)$/i;
const METADATA_SERVICE =
  /^(?:169\.254\.169\.254|metadata\.google\.internal|metadata|100\.100\.100\.200|\[fd00:ec2::254\])$/i;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/i;

// A database or broker URL with a password: `postgres://user:password@db:5432/app`.
const CONNECTION_URL =
  /^((?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver):\/\/)([^:/@\s]*):([^@/\s]+)@/i;

/** Classifies one string literal; undefined when it is none of the kinds. */
export function classifyLiteral(value: string, line: string): HardcodedValue | undefined {
  if (MODEL.test(value)) return { kind: "model", value, detail: "model name", risk: "low" };
  const connection = CONNECTION_URL.exec(value);
  // A well-known or placeholder password is a default anyone can guess; a real-looking one is a
  // secret, which the secrets scanner reports (with its value redacted).
  if (connection && WEAK_SECRET.test(connection[3] ?? ""))
    return {
      kind: "credential-default",
      value: value.replace(CONNECTION_URL, (_all, scheme: string, user: string) => `${scheme}${user}:****@`),
      detail: "default password in a connection URL",
      risk: "high",
    };
  const url = /^(https?|wss?|ftp):\/\/(\[[^\]]+\]|[^/\s:?#]+)(?::(\d+))?/i.exec(value);
  if (url) return classifyUrl(value, (url[1] ?? "").toLowerCase(), url[2] ?? "");
  const ip = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  if (
    ip &&
    // ASN.1 object identifiers look like addresses: `STREET_ADDRESS = ObjectIdentifier("2.5.4.9")`.
    !/\b(?:ObjectIdentifier|oid|OID|asn1)\b|_OID\b|\bOID_/.test(line) &&
    validIp(ip[1] ?? "") &&
    (ip[2] ||
      /host|addr|\bip\b|server|endpoint|bind|listen|connect|dns|proxy|remote|peer|gateway/i.test(line))
  )
    return classifyHost(value, ip[1] ?? "");
  const hostPort = /^([a-z0-9][a-z0-9.-]*):(\d{2,5})$/i.exec(value);
  if (hostPort && /[a-z]/i.test(hostPort[1] ?? "") && validPort(Number(hostPort[2])))
    return classifyHost(value, hostPort[1] ?? "");
  const path = classifyPath(value);
  if (path) return path;
  return undefined;
}

function classifyUrl(value: string, scheme: string, host: string): HardcodedValue | undefined {
  if (/[{}$<>%]/.test(host) || host === "" || IGNORED_HOSTS.test(host)) return undefined;
  // Dated XML namespaces (`http://s3.amazonaws.com/doc/2006-03-01/`) name a schema; nothing connects.
  if (/^[a-z]+:\/\/[^/]+\/doc\/\d{4}-\d{2}-\d{2}\/?$/i.test(value)) return undefined;
  if (LOOPBACK.test(host)) return { kind: "url", value, detail: "loopback", risk: "note" };
  // Instance metadata services only speak plain HTTP, on a link-local address.
  if (METADATA_SERVICE.test(host))
    return { kind: "url", value, detail: "cloud metadata service", risk: "note" };
  const plaintext = scheme === "http" || scheme === "ws" || scheme === "ftp";
  if (!plaintext) return { kind: "url", value, detail: "tls", risk: "note" };
  return internalHost(host)
    ? { kind: "url", value, detail: "plaintext, internal host", risk: "low" }
    : { kind: "url", value, detail: "plaintext", risk: "medium" };
}

function classifyHost(value: string, host: string): HardcodedValue {
  if (LOOPBACK.test(host))
    return { kind: "host", value, detail: host === "0.0.0.0" ? "all interfaces" : "loopback", risk: "note" };
  if (internalHost(host)) return { kind: "host", value, detail: "private or internal", risk: "note" };
  return {
    kind: "host",
    value,
    detail: /^\d/.test(host) ? "public IP" : "public host name",
    risk: "low",
  };
}

function internalHost(host: string): boolean {
  if (/^\d/.test(host)) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return (
      a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  return (
    !host.includes(".") ||
    /\.(?:local|internal|lan|svc|cluster\.local|home\.arpa|test|localhost)$/i.test(host)
  );
}

function validIp(ip: string): boolean {
  return ip.split(".").every((part) => Number(part) <= 255 && !/^0\d/.test(part));
}

/** True for a TCP port number. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function classifyPath(value: string): HardcodedValue | undefined {
  if (/^\/(?:home|Users)\/[\w.-]+(?:\/|$)/.test(value) && !/^\/home\/(?:user|node|app|runner)\b/.test(value))
    return { kind: "path", value, detail: "user home folder", risk: "low" };
  if (/^[A-Za-z]:\\{1,2}Users\\{1,2}[\w.-]+/.test(value))
    return { kind: "path", value, detail: "user home folder", risk: "low" };
  if (/^\/(?:var\/)?tmp\/[\w.-]/.test(value))
    return { kind: "path", value, detail: "fixed temp path", risk: "low" };
  if (/^[A-Za-z]:\\{1,2}\w/.test(value))
    return { kind: "path", value, detail: "absolute Windows path", risk: "note" };
  if (/^~\/[\w.-]/.test(value)) return { kind: "path", value, detail: "home-relative", risk: "note" };
  return undefined;
}

const WEAK_SECRET =
  /^(?:admin|administrator|password|passw0rd|pass|changeme|change[-_ ]me|changeit|secret|root|toor|123456|12345678|password1?23?|admin123|default|guest|letmein|qwerty|postgres|mysql|test|dev|supersecret|mysecret|replace[-_]?me|your[-_ ][\w-]*(?:secret|password|key|token)[\w-]*|django-insecure-.*|(?:(?:dev|development|test|local|insecure|dummy|default|my|super|some|app)[-_ ]?)+(?:secret[-_ ]?)?(?:key|secret|password|pass|token)|secret[-_ ]?key)$/i;
const CREDENTIAL_NAME = /(?:password|passwd|pwd|secret|token|api_?key|credential)/i;
// The credential name, then what binds the literal to it: `=`, `:`, `==`, `||`, `??`, a default argument.
const BINDING =
  /(?:password|passwd|pwd|secret|token|api_?key|credential)[\w"'\])]*\s*(?::\s*[\w<>[\]., ]+?\s*)?(?:[:=]=?|\|\||\?\?|,|\.unwrap_or(?:_else)?\(\s*(?:\|_\|\s*)?|\bor\b)\s*(?:[\w.]+(?:::\w+)*\(\s*)?$/i;

// Names about a credential rather than holding one (`token_type`, `password_field`), and
// authentication scheme words (`default_token="Bearer"` names the token type).
const DESCRIBING_NAME =
  /(?:type|kind|name|header|url|uri|endpoint|file|path|field|prefix|length|len|method|format|id|env|var|location|label|param|parameter|scheme|pattern|policy)s?["'\])]*\s*(?::\s*[\w<>[\]., ]+?\s*)?[:=]\s*$/i;
const AUTH_SCHEME = /^(?:bearer|basic|digest|jwt|mac|hmac[\w-]*|negotiate|ntlm|oauth\d?)$/i;

// The first argument of a lookup is the key read, not a default: `password = cfg.get('password')`,
// `token = os.getenv("TOKEN")`, `secret = settings["secret"]`.
const LOOKUP_KEY =
  /(?:\.|\b)(?:get\w*|Get\w*|fetch|lookup|Lookup\w*|read\w*|value|environ\.get|getenv|Getenv|LookupEnv|pop|setdefault|[a-z_]*(?:[Ee]nv|ENV)(?:[A-Z_][A-Za-z]*)?|config)\s*\(\s*$|[\w\])]\s*\[\s*$/;

/** A weak default credential (`password = "admin"`, `getenv("DB_PASSWORD", "postgres")`, `DEFAULT_PASSWORD = "…"`). */
export function credentialDefault(value: string, before: string): HardcodedValue | undefined {
  if (!CREDENTIAL_NAME.test(before) || !BINDING.test(before.slice(-120))) return undefined;
  if (DESCRIBING_NAME.test(before) || AUTH_SCHEME.test(value) || LOOKUP_KEY.test(before)) return undefined;
  const named = /default[\w]*?(?:password|passwd|pwd|secret|token|api_?key)/i.test(before);
  if (WEAK_SECRET.test(value))
    return { kind: "credential-default", value, detail: "default credential", risk: "high" };
  // A value that is not a well-known default may be a real secret: keep only a hint of it.
  if (named && value.trim() !== "" && !/^[<$%{]/.test(value))
    return {
      kind: "credential-default",
      value: `${value.slice(0, 2)}… (${value.length} characters)`,
      detail: "default credential",
      risk: "high",
    };
  return undefined;
}

const PORT_NAME = String.raw`(?:(?<![A-Za-z])[Pp]ort|(?<![A-Z])PORT|(?<=[a-z])Port)\w*["']?`;
const PORT_ASSIGNED = new RegExp(
  String.raw`${PORT_NAME}\s*(?::\s*[\w<>]+\s*)?[:=]\s*["']?(\d{2,5})\b|\.listen\s*\(\s*(\d{2,5})\b|${PORT_NAME}\s*\)?\s*(?:,|\|\||\?\?|\bor\b|\.unwrap_or\()\s*["']?(\d{2,5})\b` +
    // Go: `r.Run(":8080")`, `http.ListenAndServe("localhost:8080", nil)`, `net.Listen("tcp", ":8080")`.
    String.raw`|\b(?:ListenAndServe(?:TLS)?|Run|RunTLS|Start|StartTLS|Listen)\s*\(\s*(?:"tcp[46]?"\s*,\s*)?"(?:[\w.-]*|\[[^\]"]*\]):(\d{2,5})"` +
    // Rust: `SocketAddr::from(([127, 0, 0, 1], 3000))`.
    String.raw`|\bSocketAddr(?:V[46])?::(?:from|new)\s*\(\s*\(\s*\[[\d,\s]+\]\s*,\s*(\d{2,5})\s*\)`,
  "g",
);
/** Every port alternative names a port, listens, runs a server or builds a socket address (a function that returns one is named for it). */
export const MAY_NAME_PORT = /port|listen|\.(?:run|start)(?:tls)?\s*\(\s*"|socketaddr/i;

/** Port numbers on a line that names a port (`port = 8080`, `PORT: u16 = 4200`, `.listen(3000)`). */
export function portsOnLine(line: string): string[] {
  const ports: string[] = [];
  // Every alternative names a port or calls .listen; most lines do neither, and the full pattern
  // (lookbehinds first) is slow to reject them.
  if (!MAY_NAME_PORT.test(line)) return ports;
  for (const match of line.matchAll(PORT_ASSIGNED)) {
    const port = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? "";
    if (validPort(Number(port)) && !ports.includes(port)) ports.push(port);
  }
  return ports;
}
