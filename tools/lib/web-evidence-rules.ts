import type { Ecosystem } from "./packages.js";

/** Patterns that show a protection is in place, per ecosystem. */
export type EvidenceRules = Record<Ecosystem, RegExp>;

/**
 * The evidence for one protection, in two strengths. `library`: a server-side library imported or
 * used (it counts in any production file). `serverSide`: a general-purpose library, a header read or
 * a hand-written name; it counts only in files on the HTTP server side, because outbound API clients
 * also hold tokens, rate limiters and header names.
 * Matches must start in code, so a pattern that reads a string starts at its opening quote
 * (`"django.middleware.security.SecurityMiddleware"`), and a name quoted in a list or a template
 * literal never counts.
 */
export interface ProtectionRules {
  library: EvidenceRules;
  serverSide: EvidenceRules;
}

const nodeImport = (names: string) =>
  String.raw`(?:\brequire\s*\(\s*|\bfrom\s+|\bimport\s*\(?\s*)["'](?:${names})(?:\/[\w./-]*)?["']`;
/** A dotted Python path in a string (Django and DRF settings list classes by path). */
const pyPath = (names: string) => String.raw`["'](?:\w+\.)+(?:${names})["']`;
/** A Go import path (a string) that contains one of the names. */
const goImport = (names: string) => String.raw`"[\w./-]*(?:${names})[\w./-]*"`;

// Hand-written guards count too (a `require_auth` middleware is authentication), but only names
// that say "check the caller", and only on the server side.
const CUSTOM_AUTH = String.raw`\b\w*(?:require_?auth|auth_?required|check_?auth|auth_?middleware|authenticate|verify_?token|validate_?token|is_?authenticated|(?:verify|validate|check)_?api_?key|auth_?guard|authenticator)\w*\b`;
const HEADER_READ = "(?:authorization|x-api-key)";
// Django's AuthenticationMiddleware is in every `startproject` settings file: it attaches
// `request.user` and protects nothing. Starlette's (`from starlette.middleware.authentication`) does.
const DJANGO_AUTH_MIDDLEWARE_MODULE = String.raw`django\.contrib\.auth\.middleware\.`;
// DRF permission settings protect nothing when they only allow anyone (read on the same line).
const NOT_ALLOW_ANY = String.raw`(?![^\n]*\bAllowAny\b)`;

export const AUTHENTICATION: ProtectionRules = {
  library: {
    rust: /\b(?:ValidateRequestHeaderLayer|RequireAuthorizationLayer|AsyncRequireAuthorizationLayer|axum_login|tower_sessions|actix_web_httpauth|HttpAuthentication)\b|\bAuthorization<(?:Bearer|Basic)>/,
    node: new RegExp(
      String.raw`${nodeImport(String.raw`passport[\w-]*|express-jwt|express-session|cookie-session|@fastify\/(?:jwt|auth|basic-auth|session|secure-session)|express-basic-auth|@nestjs\/passport|next-auth|@auth\/[\w-]+|express-openid-connect|express-oauth2-jwt-bearer|@clerk\/[\w-]+|better-auth|lucia|hono\/(?:jwt|basic-auth|bearer-auth)`)}|@UseGuards\s*\(`,
    ),
    python: new RegExp(
      String.raw`\b(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyCookie|APIKeyQuery|fastapi_users|login_required|flask_login|LoginManager|jwt_required|flask_jwt_extended|flask_httpauth|IsAuthenticated|authentication_classes|DEFAULT_AUTHENTICATION_CLASSES)\b|(?<!${DJANGO_AUTH_MIDDLEWARE_MODULE})\bAuthenticationMiddleware\b|\b(?:permission_classes|DEFAULT_PERMISSION_CLASSES)\b${NOT_ALLOW_ANY}|Depends\(\s*\w*(?:auth|current_user|token|security|api_key)\w*|(?=["'])(?!["']${DJANGO_AUTH_MIDDLEWARE_MODULE}AuthenticationMiddleware["'])${pyPath(String.raw`IsAuthenticated\w*|\w*Authentication(?:Middleware)?`)}|["']DEFAULT_AUTHENTICATION_CLASSES["']|["']DEFAULT_PERMISSION_CLASSES["']${NOT_ALLOW_ANY}`,
      "i",
    ),
    go: new RegExp(
      String.raw`\b(?:jwtauth|echojwt|casbin)\.|\bmiddleware\.(?:JWT|BasicAuth|KeyAuth)\w*|\bgin\.BasicAuth\w*|${goImport("jwtauth|echo-jwt|casbin")}`,
    ),
    // Not on an import line (`import …HttpSecurity;`): a filter chain declared is what counts.
    jvm: /@(?:EnableWebSecurity|PreAuthorize|Secured|RolesAllowed)\b|\b(?:SecurityFilterChain|HttpSecurity)\b(?![\w.]*;\s*$)|\bio\.ktor\.server\.auth\b/,
  },
  serverSide: {
    rust: new RegExp(
      String.raw`\b(?:jsonwebtoken|AuthLayer)\b|headers(?:\(\))?\s*\.get\(\s*(?:header::|http::header::)?(?:AUTHORIZATION|"${HEADER_READ}")|${CUSTOM_AUTH}`,
      "i",
    ),
    node: new RegExp(
      String.raw`${nodeImport("jsonwebtoken|jose|basic-auth")}|\b(?:AuthGuard|jwt\.verify|jwtVerify)\b|\breq(?:uest)?\.(?:headers(?:\.authorization|\[["']${HEADER_READ}["']\])|get\(\s*["']${HEADER_READ}["']|header\(\s*["']${HEADER_READ}["'])|${CUSTOM_AUTH}`,
      "i",
    ),
    python: new RegExp(
      String.raw`\b(?:HTTPBasicAuth|HTTPTokenAuth)\b|\bSecurity\(|\bjwt\.decode\(|\brequest\.headers(?:\.get\(|\[)\s*["']${HEADER_READ}["']|${CUSTOM_AUTH}`,
      "i",
    ),
    go: new RegExp(
      String.raw`\bjwt\.Parse\w*|\bBasicAuth\w*|\.Header\.Get\(\s*"${HEADER_READ}"|${CUSTOM_AUTH}`,
      "i",
    ),
    jvm: new RegExp(CUSTOM_AUTH, "i"),
  },
};

const CUSTOM_LIMIT = String.raw`\b(?:struct|enum|fn|impl|class|def|function|type|const|let|var)\s+\w*(?:[Rr]ate_?[Ll]imit|[Tt]hrottl)\w*`;

export const RATE_LIMITING: ProtectionRules = {
  library: {
    rust: /\b(?:tower_governor|GovernorLayer|GovernorConfig\w*|actix_governor|actix_ratelimit|RateLimitLayer)\b/,
    node: new RegExp(
      String.raw`${nodeImport(String.raw`express-rate-limit|@fastify\/rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|express-brute|koa-ratelimit|hono-rate-limiter|@upstash\/ratelimit`)}|\bThrottlerModule\b`,
    ),
    python: new RegExp(
      String.raw`\b(?:slowapi|flask_limiter|fastapi_limiter|django_ratelimit|throttle_classes|DEFAULT_THROTTLE_CLASSES)\b|@ratelimit\b|${pyPath(String.raw`\w*Throttle`)}|["']DEFAULT_THROTTLE_CLASSES["']`,
    ),
    go: new RegExp(
      String.raw`\b(?:tollbooth|httprate)\.|\bmiddleware\.RateLimiter\w*|${goImport(String.raw`tollbooth|httprate|ulule\/limiter`)}`,
    ),
    // Bucket4j and Resilience4j limit outbound calls as often as inbound ones.
    jvm: /(?!)/,
  },
  serverSide: {
    rust: new RegExp(String.raw`\bgovernor\b|tower::limit|${CUSTOM_LIMIT}`),
    node: new RegExp(CUSTOM_LIMIT),
    python: new RegExp(String.raw`\bRateLimiter\b|\bLimiter\(|${CUSTOM_LIMIT}`),
    go: new RegExp(String.raw`"golang\.org\/x\/time\/rate"|\brate\.NewLimiter\b|${CUSTOM_LIMIT}`),
    jvm: new RegExp(String.raw`\b(?:[Bb]ucket4j|RateLimiterRegistry)\b|@RateLimiter\b|${CUSTOM_LIMIT}`),
  },
};

const HEADER_NAMES =
  "[\"'](?:x-content-type-options|content-security-policy|strict-transport-security|x-frame-options)[\"']";

export const SECURITY_HEADERS: ProtectionRules = {
  library: {
    // Rocket 0.5 (`rocket::build`, `#[launch]`) attaches its Shield (nosniff, frame options) by default.
    rust: /\brocket::build\s*\(|#\[launch\]|\bShield::default\s*\(/,
    node: new RegExp(
      String.raw`${nodeImport(String.raw`helmet|@fastify\/helmet|koa-helmet|hono\/secure-headers`)}|\bsecureHeaders\s*\(`,
    ),
    python: new RegExp(
      String.raw`\b(?:Talisman|flask_talisman|SecurityMiddleware|SECURE_HSTS_SECONDS|SECURE_CONTENT_TYPE_NOSNIFF)\b|^\s*from\s+secure\s+import|${pyPath("SecurityMiddleware")}`,
    ),
    go: new RegExp(
      String.raw`\bmiddleware\.Secure\w*|${goImport(String.raw`unrolled\/secure|gin-contrib\/secure`)}`,
    ),
    // Spring Security's filter chain sends nosniff, frame options and HSTS unless told not to.
    jvm: /\bcontentSecurityPolicy\b|@EnableWebSecurity\b|\bSecurityFilterChain\b(?![\w.]*;\s*$)/,
  },
  serverSide: {
    rust: new RegExp(
      String.raw`\b(?:SetResponseHeaderLayer|X_CONTENT_TYPE_OPTIONS|STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_FRAME_OPTIONS)\b|${HEADER_NAMES}`,
      "i",
    ),
    node: new RegExp(HEADER_NAMES, "i"),
    python: new RegExp(HEADER_NAMES, "i"),
    go: new RegExp(HEADER_NAMES, "i"),
    jvm: new RegExp(String.raw`\.headers\(|${HEADER_NAMES}`, "i"),
  },
};
