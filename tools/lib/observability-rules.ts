import type { Ecosystem } from "./packages.js";

/** A library or practice recognised by a code pattern in one ecosystem. */
export interface SignalRule {
  id: string;
  ecosystem: Ecosystem;
  pattern: RegExp;
}

const imports = (ecosystem: Ecosystem, id: string, pattern: RegExp): SignalRule => ({
  id,
  ecosystem,
  pattern,
});
const nodeModule = (name: string) =>
  new RegExp(
    `(?:require\\(\\s*|\\bfrom\\s+|\\bimport\\s+)["']${name.replace(/[/.]/g, (ch) => `\\${ch}`)}(?:/[\\w/-]*)?["']`,
  );
const pyModule = (name: string) => new RegExp(`^\\s*(?:from|import)\\s+${name}\\b`);

/** Logging libraries, by the import or macro path that shows them in use. */
export const LOGGING_LIBRARIES: SignalRule[] = [
  imports(
    "rust",
    "tracing",
    /\buse\s+tracing(?:::|\s*;)|\btracing::(?:(?:info|warn|error|debug|trace)(?:_span)?|instrument|span|event|Level)\b|#\[instrument\b/,
  ),
  imports("rust", "log", /\buse\s+log(?:::|\s*;)|\blog::(?:info|warn|error|debug|trace)!/),
  imports("rust", "env_logger", /\benv_logger::/),
  imports("rust", "slog", /\bslog::|\buse\s+slog\b/),
  imports("python", "logging", pyModule("logging")),
  imports("python", "structlog", pyModule("structlog")),
  imports("python", "loguru", pyModule("loguru")),
  imports("node", "winston", nodeModule("winston")),
  // pino-http wraps a pino logger (or builds one) for request logging.
  imports("node", "pino", nodeModule("pino(?:-http)?")),
  imports("node", "bunyan", nodeModule("bunyan")),
  imports("node", "log4js", nodeModule("log4js")),
  imports("go", "zap", /"go\.uber\.org\/zap"/),
  imports("go", "zerolog", /"github\.com\/rs\/zerolog(?:\/log)?"/),
  imports("go", "logrus", /"github\.com\/sirupsen\/logrus"/),
  imports("go", "slog", /"log\/slog"/),
  imports("go", "log", /^\s*(?:import\s+)?"log"$/),
  imports("jvm", "slf4j", /\bimport\s+org\.slf4j\b/),
  imports("jvm", "log4j", /\bimport\s+org\.apache\.(?:logging\.)?log4j\b/),
  imports("jvm", "logback", /\bimport\s+ch\.qos\.logback\b/),
  imports("jvm", "java.util.logging", /\bimport\s+java\.util\.logging\b/),
];

/** Where a logger is configured (subscriber installed, handlers set, root logger built). */
export const LOGGING_INIT: SignalRule[] = [
  imports(
    "rust",
    "tracing_subscriber",
    /\btracing_subscriber::(?:fmt\s*\(|fmt::init\b|registry\s*\(|fmt::Subscriber::builder)|\bset_global_default\s*\(|(?<![\w:.])fmt\s*\(\s*\)\s*(?:\.|$)/,
  ),
  imports("rust", "env_logger", /\benv_logger::(?:init|try_init|Builder|builder)\b/),
  imports("rust", "log4rs", /\blog4rs::init/),
  imports(
    "python",
    "logging.basicConfig",
    /\blogging\.(?:basicConfig|config\.dictConfig|config\.fileConfig)\s*\(|^\s*(?:dictConfig|fileConfig)\s*\(/,
  ),
  imports("python", "structlog.configure", /\bstructlog\.configure\s*\(/),
  imports("python", "loguru", /\blogger\.(?:add|configure)\s*\(/),
  imports("node", "winston", /\b(?:winston\.)?createLogger\s*\(/),
  imports("node", "pino", /(?<![\w.])pino\s*\(/),
  imports("node", "bunyan", /\bbunyan\.createLogger\s*\(/),
  imports("node", "log4js", /\blog4js\.configure\s*\(/),
  imports("go", "zap", /\bzap\.(?:NewProduction|NewDevelopment|New|NewExample)\s*\(|\bzap\.Config\s*\{/),
  imports(
    "go",
    "zerolog",
    /\bzerolog\.(?:New|SetGlobalLevel)\s*\(|\blog\.Logger\s*=\s*(?:zerolog\.|log\.Output\s*\()/,
  ),
  imports("go", "logrus", /\blogrus\.(?:New|SetFormatter|SetLevel|SetOutput)\s*\(/),
  imports("go", "slog", /\bslog\.(?:New|SetDefault)\s*\(/),
];

/** Logging calls with their level, per ecosystem; the first capture group is the level. */
export const LOG_CALLS: Record<Ecosystem, RegExp> = {
  rust: /(?<![\w:])(?:tracing::|log::)?(trace|debug|info|warn|error)!\s*\(/g,
  python:
    /\b(?:logger|log|logging|LOGGER|LOG|_logger|_log|self\.logger|self\.log|cls\.logger)\.(debug|info|warning|warn|error|exception|critical)\s*\(/g,
  node: /\b(?:logger|log|winston|this\.logger|this\.log|req\.log|request\.log|fastify\.log|app\.log)\.(trace|debug|info|warn|error|fatal|log)\s*\(/g,
  go: /\b(?:log|logger|l|sugar|slog|zap\.L\(\)|zap\.S\(\)|logrus)\.(Debug|Info|Warn|Warning|Error|Fatal|Panic|Print)(?:f|w|ln|Context)?\s*\(/g,
  jvm: /\b(?:log|logger|LOG|LOGGER)\.(trace|debug|info|warn|error)\s*\(/g,
};

/** Print-style output that bypasses the logger. */
export const PRINT_CALLS: Record<Ecosystem, RegExp> = {
  rust: /(?<![\w:])(println|eprintln|print|eprint|dbg)!\s*\(/g,
  python: /(?<![\w.])(print)\s*\(/g,
  node: /\b(console)\.(?:log|error|warn|info|debug|trace)\s*\(/g,
  go: /\b(fmt)\.Print(?:ln|f)?\s*\(/g,
  jvm: /\b(System\.(?:out|err))\.print(?:ln|f)?\s*\(|\.(printStackTrace)\s*\(\s*\)/g,
};

/** Metrics libraries. */
export const METRICS: SignalRule[] = [
  imports("rust", "prometheus", /\bprometheus::|\buse\s+prometheus\b/),
  imports(
    "rust",
    "metrics",
    /\bmetrics::(?:counter|gauge|histogram|describe_)|\bmetrics_exporter_prometheus\b|\baxum_prometheus\b/,
  ),
  imports("rust", "opentelemetry metrics", /\bopentelemetry::metrics\b|\bopentelemetry_sdk::metrics\b/),
  imports("python", "prometheus_client", pyModule("prometheus_client")),
  // Instrumentation packages that expose a Prometheus endpoint themselves, named by their own module.
  imports("python", "prometheus_fastapi_instrumentator", pyModule("prometheus_fastapi_instrumentator")),
  imports("python", "starlette_exporter", pyModule("(?:starlette_exporter|starlette_prometheus)")),
  imports("python", "statsd", pyModule("(?:statsd|datadog)")),
  imports("python", "opentelemetry metrics", pyModule("opentelemetry(?:\\.sdk)?\\.metrics")),
  imports("node", "prom-client", nodeModule("prom-client")),
  imports("node", "statsd", nodeModule("(?:hot-shots|node-statsd|statsd-client)")),
  imports("node", "opentelemetry metrics", nodeModule("@opentelemetry/(?:sdk-metrics|api-metrics)")),
  imports("go", "prometheus", /"github\.com\/prometheus\/client_golang\/prometheus(?:\/[\w/]+)?"/),
  imports("go", "opentelemetry metrics", /"go\.opentelemetry\.io\/otel\/metric"/),
  imports("go", "expvar", /"expvar"/),
  imports("jvm", "micrometer", /\bimport\s+io\.micrometer\b/),
  imports("jvm", "prometheus", /\bimport\s+io\.prometheus\b/),
];

/** Distributed tracing exporters and SDKs. */
export const TRACING: SignalRule[] = [
  imports("rust", "opentelemetry", /\bopentelemetry(?:_otlp|_sdk|_jaeger)?::|\btracing_opentelemetry\b/),
  imports("python", "opentelemetry", pyModule("opentelemetry")),
  imports("python", "ddtrace", pyModule("ddtrace")),
  // Arize Phoenix / OpenInference instrument LLM calls with OpenTelemetry spans.
  imports("python", "openinference", pyModule("(?:phoenix\\.trace|phoenix\\.otel|openinference)")),
  imports(
    "node",
    "opentelemetry",
    nodeModule("@opentelemetry/(?:api|sdk-node|sdk-trace-node|sdk-trace-base|auto-instrumentations-node)"),
  ),
  imports("node", "dd-trace", nodeModule("dd-trace")),
  imports("go", "opentelemetry", /"go\.opentelemetry\.io\/otel(?:\/trace|\/sdk\/trace)?"/),
  imports("go", "datadog", /"(?:gopkg\.in\/DataDog\/dd-trace-go\.v1|github\.com\/DataDog\/dd-trace-go)/),
  imports("jvm", "opentelemetry", /\bimport\s+io\.opentelemetry\b/),
];

/** Error-reporting services. */
export const ERROR_REPORTING: SignalRule[] = [
  imports("rust", "sentry", /\bsentry::/),
  imports("python", "sentry", pyModule("sentry_sdk")),
  imports("python", "rollbar", pyModule("(?:rollbar|bugsnag|honeybadger)")),
  imports("node", "sentry", nodeModule("@sentry/[\\w-]+")),
  imports(
    "node",
    "bugsnag",
    nodeModule("(?:@bugsnag/js|@bugsnag/node|rollbar|@honeybadger-io/js|honeybadger)"),
  ),
  imports("go", "sentry", /"github\.com\/getsentry\/sentry-go"/),
  imports(
    "go",
    "bugsnag",
    /"github\.com\/(?:bugsnag\/bugsnag-go|rollbar\/rollbar-go|honeybadger-io\/honeybadger-go)/,
  ),
  imports("jvm", "sentry", /\bimport\s+io\.sentry\b/),
];

/** A route or path string for a health, readiness or liveness probe. */
export const HEALTH_ROUTE =
  /["'`](?:\/api)?(?:\/v\d+)?\/(?:health|healthz|healthcheck|health-check|livez|readyz|ready|live|liveness|readiness|ping)(?:\/[\w/-]*)?["'`]|(?<=\b(?:re_)?path\s*\(\s*r?)["']\^?(?:api\/)?(?:v\d+\/)?(?:health|healthz|healthcheck|health-check|livez|readyz|ready|live|liveness|readiness|ping)\/?\$?["']/g;
// Django's `path("health/", view)` has no leading slash (the second alternative).
