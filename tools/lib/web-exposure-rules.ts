import type { Ecosystem } from "./packages.js";

/** Patterns that show a protection is in place, per ecosystem. */
export type EvidenceRules = Record<Ecosystem, RegExp>;

// Hand-written guards count too (a `require_auth` middleware is authentication), but only names
// that say "check the caller": outbound API clients also use bearer tokens and API keys.
const CUSTOM_AUTH = String.raw`\b\w*(?:require_?auth|check_?auth|auth_?middleware|authenticate|verify_?token|validate_?token|is_?authenticated|(?:verify|validate|check)_?api_?key|auth_?guard|authenticator)\w*\b`;
const HEADER_READ = "(?:authorization|x-api-key)";

export const AUTH_EVIDENCE: EvidenceRules = {
  rust: new RegExp(
    String.raw`\b(?:ValidateRequestHeaderLayer|RequireAuthorizationLayer|AsyncRequireAuthorizationLayer|axum_login|tower_sessions|jsonwebtoken|actix_web_httpauth|HttpAuthentication|AuthLayer)\b|Authorization<Bearer>|Authorization<Basic>|headers(?:\(\))?\s*\.get\(\s*(?:header::|http::header::)?(?:AUTHORIZATION|"${HEADER_READ}")|${CUSTOM_AUTH}`,
    "i",
  ),
  node: new RegExp(
    String.raw`["'](?:passport[\w-]*|express-jwt|jsonwebtoken|jose|express-session|cookie-session|@fastify\/(?:jwt|auth|basic-auth|session)|express-basic-auth|basic-auth|@nestjs\/passport|next-auth|express-openid-connect|express-oauth2-jwt-bearer|@clerk\/[\w-]+|better-auth|lucia)["']|\b(?:AuthGuard|UseGuards|jwt\.verify|jwtVerify)\b|\breq(?:uest)?\.(?:headers(?:\.authorization|\[["']${HEADER_READ}["']\])|get\(\s*["']${HEADER_READ}["']|header\(\s*["']${HEADER_READ}["'])|${CUSTOM_AUTH}`,
    "i",
  ),
  python: new RegExp(
    String.raw`\b(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyCookie|APIKeyQuery|fastapi_users|AuthenticationMiddleware|login_required|flask_login|LoginManager|jwt_required|flask_jwt_extended|HTTPBasicAuth|HTTPTokenAuth|IsAuthenticated|permission_classes|DEFAULT_PERMISSION_CLASSES|DEFAULT_AUTHENTICATION_CLASSES)\b|\bSecurity\(|\bjwt\.decode\(|Depends\(\s*\w*(?:auth|current_user|token|security|api_key)\w*|\brequest\.headers(?:\.get\(|\[)\s*["']${HEADER_READ}["']|${CUSTOM_AUTH}`,
    "i",
  ),
  go: new RegExp(
    String.raw`\b(?:jwt\.Parse\w*|jwtauth|echojwt|middleware\.JWT\w*|BasicAuth\w*|casbin)\b|\.Header\.Get\(\s*"${HEADER_READ}"|${CUSTOM_AUTH}`,
    "i",
  ),
  jvm: new RegExp(
    String.raw`@(?:EnableWebSecurity|PreAuthorize|Secured|RolesAllowed)\b|\b(?:SecurityFilterChain|HttpSecurity)\b|\bio\.ktor\.server\.auth\b|${CUSTOM_AUTH}`,
    "i",
  ),
};

const CUSTOM_LIMIT = String.raw`\b(?:struct|enum|fn|impl|class|def|function|type|const|let|var)\s+\w*(?:[Rr]ate_?[Ll]imit|[Tt]hrottl)\w*`;

export const RATE_LIMIT_EVIDENCE: EvidenceRules = {
  rust: new RegExp(
    String.raw`\b(?:tower_governor|GovernorLayer|GovernorConfig\w*|governor|RateLimitLayer|actix_governor|actix_ratelimit)\b|tower::limit|${CUSTOM_LIMIT}`,
  ),
  node: new RegExp(
    String.raw`["'](?:express-rate-limit|@fastify\/rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|koa-ratelimit|hono-rate-limiter|@upstash\/ratelimit)["']|\bThrottlerModule\b|${CUSTOM_LIMIT}`,
  ),
  python: new RegExp(
    String.raw`\b(?:slowapi|flask_limiter|fastapi_limiter|django_ratelimit|throttle_classes|DEFAULT_THROTTLE_CLASSES|RateLimiter)\b|@ratelimit\b|\bLimiter\(|${CUSTOM_LIMIT}`,
  ),
  go: new RegExp(
    String.raw`"golang\.org\/x\/time\/rate"|\b(?:rate\.NewLimiter|tollbooth|httprate|middleware\.RateLimiter\w*)\b|ulule\/limiter|${CUSTOM_LIMIT}`,
  ),
  jvm: new RegExp(String.raw`\b(?:[Bb]ucket4j|RateLimiterRegistry)\b|@RateLimiter\b|${CUSTOM_LIMIT}`),
};

const HEADER_NAMES =
  "[\"'](?:x-content-type-options|content-security-policy|strict-transport-security|x-frame-options)[\"']";

export const SECURITY_HEADER_EVIDENCE: EvidenceRules = {
  rust: new RegExp(
    String.raw`\b(?:SetResponseHeaderLayer|X_CONTENT_TYPE_OPTIONS|STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_FRAME_OPTIONS)\b|${HEADER_NAMES}`,
    "i",
  ),
  node: new RegExp(
    String.raw`["'](?:helmet|@fastify\/helmet|koa-helmet|hono\/secure-headers)["']|${HEADER_NAMES}`,
    "i",
  ),
  python: new RegExp(
    String.raw`\b(?:Talisman|flask_talisman|SecurityMiddleware|SECURE_HSTS_SECONDS|SECURE_CONTENT_TYPE_NOSNIFF)\b|^\s*from\s+secure\s+import|${HEADER_NAMES}`,
    "i",
  ),
  go: new RegExp(
    String.raw`unrolled\/secure|gin-contrib\/secure|\bmiddleware\.Secure\w*|${HEADER_NAMES}`,
    "i",
  ),
  jvm: new RegExp(String.raw`\.headers\(|\bcontentSecurityPolicy\b|${HEADER_NAMES}`, "i"),
};

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
  /** The policy given the configuring line and a window of it and the next lines. */
  policy(line: string, window: string): CorsPolicy;
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
    pattern: /(?<![\w.])cors\s*\(|\bregister\s*\(\s*(?:cors|fastifyCors)\b|\.enableCors\s*\(/,
    policy: (line, window) => {
      if (/(?<![\w.])(?:cors|enableCors)\s*\(\s*\)/.test(line)) return "any-origin";
      const open = /\borigin\s*:\s*(?:["'`]\*["'`]|true\b)/.exec(window);
      if (!open) return "configured";
      if (/credentials\s*:\s*true/.test(window)) return "any-origin-credentials";
      return open[0].includes("true") ? "reflect-origin" : "any-origin";
    },
  },
  {
    ecosystem: "python",
    pattern: /\bCORSMiddleware\b(?!\s*$)|\bCORSMiddleware\s*,/,
    policy: (_line, window) => {
      const open = /allow_origins\s*=\s*\[\s*["']\*["']\s*\]|allow_origin_regex\s*=\s*["']\.\*["']/.test(
        window,
      );
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
  {
    ecosystem: "go",
    pattern: /\bAllowedOrigins\s*:\s*\[\]string\s*\{\s*"\*"|\bAllowAllOrigins\s*:\s*true\b/,
    policy: (_line, window) =>
      /AllowCredentials\s*:\s*true/.test(window) ? "any-origin-credentials" : "any-origin",
  },
  {
    ecosystem: "jvm",
    pattern:
      /@CrossOrigin\b(?!\s*\(\s*(?:(?:origins|value|originPatterns)\s*=\s*)?\{?\s*"(?!\*)[^"]+")|\.allowedOrigin(?:Pattern)?s\s*\(\s*"\*"\s*\)/,
    policy: (_line, window) =>
      /allowCredentials\s*(?:\(\s*true|=\s*"true")/.test(window) ? "any-origin-credentials" : "any-origin",
  },
  {
    ecosystem: "any",
    pattern: /Access-Control-Allow-Origin["']?\s*[,:=]\s*["']\*["']/i,
    policy: () => "any-origin",
  },
];

/** Outbound TLS certificate checks turned off. */
export const TLS_VERIFY_OFF: Array<{ ecosystem: Ecosystem | "config"; pattern: RegExp; what: string }> = [
  { ecosystem: "python", pattern: /\bverify\s*=\s*False\b/, what: "`verify=False`" },
  {
    ecosystem: "python",
    pattern: /\bssl\._create_unverified_context\b|\bCERT_NONE\b|\bcheck_hostname\s*=\s*False\b/,
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
}> = [
  {
    ecosystem: "python",
    pattern: /\.run\s*\([^)]*\bdebug\s*=\s*True\b/,
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
    pattern: /\b(?:FastAPI|Starlette)\s*\([^)]*\bdebug\s*=\s*True\b/,
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

/** A server bound to every interface. */
export const BIND_ALL =
  /["'`](?:0\.0\.0\.0|\[::\])(?::\d+)?["'`]|\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]|\bIpv4Addr::UNSPECIFIED\b|\bIpv6Addr::UNSPECIFIED\b|\b(?:ListenAndServe(?:TLS)?|\.Run)\s*\(\s*":\d+"/g;
