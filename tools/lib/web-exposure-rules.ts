import type { Ecosystem } from "./packages.js";
import type { EvidenceRules } from "./web-evidence-rules.js";

export const TLS_SERVER_EVIDENCE: EvidenceRules = {
  rust: /\b(?:axum_server::tls_rustls|RustlsConfig|tokio_rustls|TlsAcceptor|SslAcceptor|bind_rustls|bind_openssl)\b/,
  node: /\bhttps\.createServer\s*\(|\bhttp2\.createSecureServer\s*\(/,
  python: /\bssl_(?:keyfile|certfile)\b|\bload_cert_chain\s*\(/,
  go: /\bListenAndServeTLS\s*\(|\bautocert\.|\bServeTLS\s*\(|\btls\.Listen\s*\(/,
  jvm: /\bserver\.ssl\b|\bSslContextFactory\b/,
};

/** A CORS configuration and what it lets through. */
export type CorsPolicy = "any-origin" | "any-origin-credentials" | "reflect-origin" | "configured";

/** A line that configures CORS, and how to read the policy from it and the lines after it. */
export interface CorsRule {
  ecosystem: Ecosystem | "any";
  pattern: RegExp;
  /** The policy given the configuring line, a window of it and the next lines, and the file's code. */
  policy(line: string, window: string, code?: string): CorsPolicy;
  /** The rule only applies to files whose code matches this (the middleware is imported there). */
  file?: RegExp;
}

const credentials = (window: string, pattern: RegExp) => pattern.test(window);

export const CORS_RULES: CorsRule[] = [
  { ecosystem: "rust", pattern: /\bCorsLayer::very_permissive\s*\(/, policy: () => "any-origin-credentials" },
  { ecosystem: "rust", pattern: /\b(?:CorsLayer|Cors)::permissive\s*\(/, policy: () => "any-origin" },
  {
    ecosystem: "rust",
    pattern:
      /\ballow_origin\s*\(\s*(?:[\w:]*::)?Any\s*\)|\bAllowOrigin::any\s*\(|\.allow_any_origin\s*\(|\.send_wildcard\s*\(/,
    policy: (_line, window) =>
      credentials(window, /allow_credentials\s*\(\s*true|supports_credentials\s*\(/)
        ? "any-origin-credentials"
        : "any-origin",
  },
  {
    ecosystem: "rust",
    pattern: /\bAllowOrigin::mirror_request\s*\(/,
    policy: (_line, window) =>
      credentials(window, /allow_credentials\s*\(\s*true/) ? "any-origin-credentials" : "reflect-origin",
  },
  {
    ecosystem: "node",
    // `cors(…)` configures CORS where a CORS middleware is imported; elsewhere (the cors package's
    // own `function cors(options, req, res, next)`) it is just a function of that name.
    pattern:
      /(?<![\w.]|function\s{1,8})cors\s*\(|\bregister\s*\(\s*(?:cors|fastifyCors\b|(?:require|import)\s*\(\s*["']@fastify\/cors["'])|\.enableCors\s*\(|\bNestFactory\.create\s*\([^)]*\bcors\s*:\s*true\b/,
    file: /(?:require\s*\(\s*|\bfrom\s+|\bimport\s*\(\s*)["'](?:cors|@fastify\/cors|hono\/cors|@koa\/cors|koa2?-cors|@nestjs\/[\w-]+)["']/,
    policy: (line, window) => {
      // `cors()` and Nest's `app.enableCors()` or `{ cors: true }` take the cors package's defaults: any origin.
      if (/(?<![\w.])cors\s*\(\s*\)|\.enableCors\s*\(\s*\)|\bcors\s*:\s*true\b/.test(line))
        return "any-origin";
      const open = /\borigin\s*:\s*(?:["'`]\*["'`]|true\b)/.exec(window);
      if (!open) return "configured";
      if (/credentials\s*:\s*true/.test(window)) return "any-origin-credentials";
      return open[0].includes("true") ? "reflect-origin" : "any-origin";
    },
  },
  {
    ecosystem: "python",
    pattern: /\bCORSMiddleware\b(?!\s*$)|\bCORSMiddleware\s*,/,
    policy: (_line, window, code) => {
      // `allow_origins=origins` with `origins = ["*"]` earlier in the file (the FastAPI docs' spelling).
      const named = /allow_origins\s*=\s*([A-Za-z_]\w*)\s*[,)\n]/.exec(window)?.[1];
      const open =
        /allow_origins\s*=\s*\[\s*["']\*["']\s*\]|allow_origin_regex\s*=\s*["']\.\*["']/.test(window) ||
        (named !== undefined &&
          new RegExp(String.raw`^\s*${named}\s*(?::[^=\n]*)?=\s*\[\s*["']\*["']\s*,?\s*\]`, "m").test(
            code ?? "",
          ));
      if (!open) return "configured";
      return /allow_credentials\s*=\s*True/.test(window) ? "any-origin-credentials" : "any-origin";
    },
  },
  {
    ecosystem: "python",
    pattern: /(?<![\w.])CORS\s*\(\s*\w+/,
    policy: (_line, window) => {
      const open =
        !/\b(?:origins|resources)\s*=/.test(window) || /origins["']?\s*[:=]\s*\[?\s*["']\*["']/.test(window);
      if (!open) return "configured";
      return /supports_credentials\s*=\s*True/.test(window) ? "any-origin-credentials" : "any-origin";
    },
  },
  {
    ecosystem: "python",
    pattern: /^\s*CORS_(?:ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True\b/,
    policy: (_line, window) =>
      /CORS_ALLOW_CREDENTIALS\s*=\s*True/.test(window) ? "any-origin-credentials" : "any-origin",
  },
  { ecosystem: "go", pattern: /\bcors\.(?:AllowAll|Default)\s*\(\s*\)/, policy: () => "any-origin" },
  // poem's `Cors::new()` allows any origin until told otherwise; rocket_cors names it outright.
  {
    ecosystem: "rust",
    pattern: /\bCors::new\s*\(\s*\)|\bAllowedOrigins::all\s*\(\s*\)/,
    policy: (line, window) =>
      /Cors::new/.test(line) && /\.allow_origins?\s*\(/.test(window)
        ? "configured"
        : /allow_credentials\s*\(\s*true|allow_credentials\s*:\s*true/.test(window)
          ? "any-origin-credentials"
          : "any-origin",
  },
  {
    ecosystem: "go",
    // rs/cors and chi spell it AllowedOrigins; Echo, Fiber and gin-contrib/cors AllowOrigins.
    pattern: /\bAllow(?:ed)?Origins\s*:\s*(?:\[\]string\s*\{\s*"\*"|"\*")|\bAllowAllOrigins\s*:\s*true\b/,
    policy: (_line, window) =>
      /AllowCredentials\s*:\s*true/.test(window) ? "any-origin-credentials" : "any-origin",
  },
  {
    ecosystem: "jvm",
    pattern:
      /@CrossOrigin\b(?!\s*\(\s*(?:(?:origins|value|originPatterns)\s*=\s*)?[{[]?\s*"(?!\*)[^"]+")|\.allowedOrigin(?:Pattern)?s\s*\(\s*"\*"\s*\)/,
    policy: (_line, window) =>
      /allowCredentials\s*(?:\(\s*true|=\s*"true")/.test(window) ? "any-origin-credentials" : "any-origin",
  },
  {
    ecosystem: "any",
    pattern: /["'`]?Access-Control-Allow-Origin["'`]?\s*[,:=]\s*["'`]\*["'`]/i,
    policy: () => "any-origin",
  },
];

/** Outbound TLS certificate checks turned off. */
export const TLS_VERIFY_OFF: Array<{ ecosystem: Ecosystem | "config"; pattern: RegExp; what: string }> = [
  { ecosystem: "python", pattern: /\bverify\s*=\s*False\b/, what: "`verify=False`" },
  {
    ecosystem: "python",
    // CERT_NONE only when it is set or passed; comparisons and lookup tables name it without using it.
    // The string form counts only as an argument: a library mapping `verify=False` to it is not a caller.
    pattern:
      /\bssl\._create_unverified_context\b|(?:(?<![=!<>])=|:)\s*(?:ssl\.)?CERT_NONE\b(?!\s*:)|[(,]\s*cert_reqs\s*=\s*["']CERT_NONE["']|\bcheck_hostname\s*=\s*False\b/,
    what: "an unverified SSL context",
  },
  { ecosystem: "node", pattern: /\brejectUnauthorized\s*:\s*false\b/, what: "`rejectUnauthorized: false`" },
  {
    ecosystem: "node",
    pattern: /NODE_TLS_REJECT_UNAUTHORIZED\b["'\]]*\s*=\s*["']?0/,
    what: "`NODE_TLS_REJECT_UNAUTHORIZED=0`",
  },
  { ecosystem: "go", pattern: /\bInsecureSkipVerify\s*:\s*true\b/, what: "`InsecureSkipVerify: true`" },
  {
    ecosystem: "rust",
    pattern: /\bdanger_accept_invalid_(?:certs|hostnames)\s*\(\s*true\s*\)/,
    what: "`danger_accept_invalid_certs(true)`",
  },
  {
    ecosystem: "jvm",
    pattern: /\bNoopHostnameVerifier\b|\bALLOW_ALL_HOSTNAME_VERIFIER\b|\bTrustAllStrategy\b/,
    what: "a trust-all verifier",
  },
  {
    ecosystem: "config",
    pattern:
      /\b(?:NODE_TLS_REJECT_UNAUTHORIZED|PYTHONHTTPSVERIFY)\s*[:=]\s*["']?0\b|\bGIT_SSL_NO_VERIFY\s*[:=]\s*["']?(?:1|true)\b/i,
    what: "an environment switch that disables TLS verification",
  },
];

/** Debug modes left on in code or deployment config; `path` limits a rule to matching files. */
export const DEBUG_MODES: Array<{
  ecosystem: Ecosystem | "config";
  pattern: RegExp;
  what: string;
  severity: "high" | "medium" | "low";
  path?: RegExp;
  /** The match must be an argument of a call whose callee (the code before its `(`) ends like this; the call may span lines. */
  insideCall?: RegExp;
}> = [
  {
    ecosystem: "python",
    pattern: /\bdebug\s*=\s*True\b/,
    insideCall: /\.run\s*$/,
    what: "the Flask/Werkzeug debugger (`debug=True`)",
    severity: "high",
  },
  {
    ecosystem: "python",
    pattern: /^DEBUG\s*=\s*True\b/,
    what: "Django `DEBUG = True`",
    severity: "high",
    path: /(^|\/)settings(\.py$|\/)/,
  },
  {
    ecosystem: "python",
    pattern: /\bdebug\s*=\s*True\b/,
    insideCall: /\b(?:FastAPI|Starlette)\s*$/,
    what: "framework debug mode (`debug=True`)",
    severity: "medium",
  },
  {
    ecosystem: "node",
    pattern: /\bapp\.set\s*\(\s*["']env["']\s*,\s*["']development["']/,
    what: "Express `env` hard-coded to development",
    severity: "medium",
  },
  {
    ecosystem: "go",
    pattern: /\bgin\.SetMode\s*\(\s*gin\.DebugMode\s*\)/,
    what: "Gin debug mode",
    severity: "low",
  },
  {
    ecosystem: "config",
    pattern:
      /\bFLASK_DEBUG\s*[:=]\s*["']?(?:1|true)\b|\bFLASK_ENV\s*[:=]\s*["']?development\b|\bDJANGO_DEBUG\s*[:=]\s*["']?(?:1|true)\b/i,
    what: "a debug switch in deployment config",
    severity: "medium",
  },
];
