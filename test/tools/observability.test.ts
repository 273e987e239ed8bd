import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { observabilitySection } from "../../src/render/markdown/sections/observability.js";
import { observabilityScanner } from "../../tools/observability.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const RUST_MAIN = `use axum::Router;
use tracing::{info, warn};

fn main() {
    tracing_subscriber::fmt()
        .with_target(true)
        .init();
    info!("starting");
    println!("listening on 4200");
    let router: Router = Router::new();
    // println!("debug");
}
`;

const RUST_SCHEDULER = `use tracing::{debug, error, info, warn};

pub fn tick(n: u32) {
    debug!(n, "tick");
    if n > 3 {
        warn!("late");
    }
    error!("boom");
    tracing::info!("done");
    let x = dbg!(n);
    eprintln!("x = {x}");
    let s = "info!(not a call) println!(nor this)";
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        println!("in test");
    }
}
`;

const PYTHON_APP = `import logging
import sentry_sdk
from fastapi import FastAPI
from prometheus_client import Counter

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)
app = FastAPI()

@app.get("/healthz")
def health():
    logger.info("ok")
    return {"ok": True}

QUIET_PATHS = ["/health", "/metrics"]
def probe():
    return requests.get("/livez")

def work():
    logger.warning("slow")
    logger.exception("failed")
    print("debug output")
`;

async function scan(files: Record<string, string>) {
  return observabilityScanner.run(await ingest(await makeRepo(files)), {});
}

describe("observability scanner", () => {
  it("inventories tracing, its set-up, calls per file and prints, and reports what the service lacks", async () => {
    const result = await scan({
      "Cargo.toml": '[package]\nname = "svc"\n',
      "build.rs": 'fn main() { println!("cargo:rerun-if-changed=build.rs"); }\n',
      "src/main.rs": RUST_MAIN,
      "src/scheduler.rs": RUST_SCHEDULER,
    });
    expect(result.facts.httpServers).toEqual(["axum"]);
    expect(result.facts.logging).toEqual({
      libraries: [
        { library: "tracing", ecosystem: "rust", files: 2, first: { file: "src/main.rs", line: 2 } },
      ],
      initSites: [{ file: "src/main.rs", line: 5, library: "tracing_subscriber" }],
      calls: 5,
      byLevel: { trace: 0, debug: 1, info: 2, warn: 1, error: 1, fatal: 0 },
      byFile: [
        {
          file: "src/scheduler.rs",
          calls: 4,
          levels: { trace: 0, debug: 1, info: 1, warn: 1, error: 1, fatal: 0 },
        },
        {
          file: "src/main.rs",
          calls: 1,
          levels: { trace: 0, debug: 0, info: 1, warn: 0, error: 0, fatal: 0 },
        },
      ],
    });
    expect(result.facts.prints).toEqual({
      production: 3,
      test: 1,
      byFile: [
        { file: "src/main.rs", count: 1, debugMacros: 0, entryPoint: true, first: 9 },
        { file: "src/scheduler.rs", count: 2, debugMacros: 1, entryPoint: false, first: 10 },
      ],
    });
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine]),
    ).toEqual([
      ["observability/dbg-macro", "low", 10],
      ["observability/print-logging", "low", 11],
      ["observability/print-entry-point", "info", 9],
      ["observability/no-metrics", "medium", undefined],
      ["observability/no-health-endpoint", "medium", undefined],
      ["observability/no-error-reporting", "low", undefined],
    ]);
    expect(result.findings[1]?.evidence).toBe('    eprintln!("x = {x}");');
    expect(observabilitySection.checklist?.(result.facts)).toEqual([
      {
        category: "Logging",
        status: "⚠️ Partial",
        notes: "tracing, 5 calls, initialised at src/main.rs:5; 2 print calls outside entry points",
      },
      { category: "Metrics", status: "❌ Missing", notes: "No metrics library found" },
      {
        category: "Health checks",
        status: "❌ Missing",
        notes: "No /health, /healthz, /readyz or /livez route found",
      },
      {
        category: "Error reporting",
        status: "❌ Missing",
        notes: "No Sentry, Bugsnag, Rollbar or Honeybadger",
      },
    ]);
    expect(observabilitySection.render(result.facts, {} as never)).toContain(
      "| `src/scheduler.rs` | 4 | debug 1, info 1, warn 1, error 1 |",
    );
  });

  it("recognises logging set-up, metrics, health routes and error reporting in a Python service", async () => {
    const result = await scan({
      "app/main.py": PYTHON_APP,
      "scripts/seed.py": 'print("seeding")\n',
      "tests/test_main.py": 'def test_x():\n    print("x")\n',
    });
    expect(result.facts.logging.initSites).toEqual([
      { file: "app/main.py", line: 6, library: "logging.basicConfig" },
    ]);
    expect(result.facts.logging.byLevel).toEqual({
      trace: 0,
      debug: 0,
      info: 1,
      warn: 1,
      error: 1,
      fatal: 0,
    });
    expect(result.facts.metrics).toEqual([
      {
        library: "prometheus_client",
        ecosystem: "python",
        files: 1,
        first: { file: "app/main.py", line: 4 },
      },
    ]);
    expect(result.facts.errorReporting.map((entry) => entry.library)).toEqual(["sentry"]);
    expect(result.facts.healthEndpoints).toEqual([{ file: "app/main.py", line: 10, route: "/healthz" }]);
    expect(result.facts.prints.test).toBe(1);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.file]),
    ).toEqual([
      ["observability/print-logging", "low", "app/main.py"],
      ["observability/print-entry-point", "info", "scripts/seed.py"],
    ]);
    expect(result.strengths?.[0]).toEqual({
      area: "observability",
      text: "Logging uses logging, initialised at app/main.py:6, with 3 log calls.",
    });
  });

  it("finds health routes with wrapped arguments and in match arms, not POST actions, skip lists or prefix tests", async () => {
    const result = await scan({
      "app/health.py": [
        "from fastapi import APIRouter",
        "from prometheus_fastapi_instrumentator import Instrumentator",
        "router = APIRouter()",
        "",
        "@router.get(",
        '    "/health",',
        "    response_model=dict,",
        ")",
        "async def health():",
        '    return {"ok": True}',
        "",
        '@router.get("/health/services")',
        "async def services():",
        "    return {}",
        "",
        '@router.post("/health/circuits/reset")',
        "async def reset():",
        "    return {}",
        "",
        "@router.post(",
        '    "/healthz",',
        ")",
        "async def reset_all():",
        "    return {}",
        "",
        "SKIP = (",
        '    "/ready",',
        ")",
        "Instrumentator(",
        '    excluded_handlers=["/livez"],',
        ")",
        "def skip(path):",
        '    return path.startswith("/health") or path in ("/readyz",)',
        "",
      ].join("\n"),
      "proxy/src/api.rs": [
        "pub async fn handle(req: Request<Incoming>) -> Response {",
        "    match (req.method(), req.uri().path()) {",
        '        (&hyper::Method::POST, "/ready") => push(req).await,',
        '        (&hyper::Method::GET, "/health") => ok(),',
        "        _ => not_found(),",
        "    }",
        "}",
        "",
      ].join("\n"),
      "web/server.js": [
        'const pinoHttp = require("pino-http");',
        "app.use(pinoHttp());",
        'app.get("/", () => fetch("/healthz"));',
        "",
      ].join("\n"),
      "cmd/server/main.go": [
        "package main",
        "",
        "func route(w http.ResponseWriter, r *http.Request) {",
        "\tswitch r.URL.Path {",
        '\tcase "/livez":',
        "\t\tw.WriteHeader(200)",
        "\t}",
        "}",
        "",
      ].join("\n"),
    });
    expect(result.facts.healthEndpoints).toEqual([
      { file: "app/health.py", line: 6, route: "/health" },
      { file: "app/health.py", line: 12, route: "/health/services" },
      { file: "cmd/server/main.go", line: 5, route: "/livez" },
      { file: "proxy/src/api.rs", line: 4, route: "/health" },
    ]);
    expect(result.facts.metrics.map((entry) => entry.library)).toEqual(["prometheus_fastapi_instrumentator"]);
    expect(result.facts.logging.libraries.map((entry) => [entry.library, entry.first])).toEqual([
      ["pino", { file: "web/server.js", line: 1 }],
    ]);
  });

  it("reads set-ups, calls and routes as real services write them, not log messages that name a path", async () => {
    const result = await scan({
      "svc/main.go": [
        "package main",
        "",
        'import "github.com/rs/zerolog"',
        'import "github.com/rs/zerolog/log"',
        "",
        "func main() {",
        "\tzerolog.SetGlobalLevel(zerolog.InfoLevel)",
        '\tr.GET("/api/health", health)',
        "\tlog.Warn().",
        '\t\tMsg("/api/health")',
        "}",
        "",
      ].join("\n"),
      "edge/src/main.rs": [
        "use tracing_subscriber::{fmt, EnvFilter};",
        "fn main() {",
        "    fmt().with_env_filter(EnvFilter::from_default_env()).init();",
        '    let _span = tracing::info_span!("serve");',
        "}",
        "",
      ].join("\n"),
      "shop/urls.py": [
        "from django.urls import path",
        "from .views import health_check",
        "urlpatterns = [",
        "    path('health/', health_check),",
        "]",
        "",
      ].join("\n"),
      "web/app.js": [
        "const winston = require('winston');",
        "const logger = winston.createLogger({});",
        "logger.log({ level: 'info', message: 'started' });",
        "winston.error('failed');",
        "",
      ].join("\n"),
      "site/src/app/api/health/route.ts": [
        'import { NextResponse } from "next/server";',
        "export function GET() {",
        '  return NextResponse.json({ status: "ok" });',
        "}",
        "",
      ].join("\n"),
      "llm/tracing.py": [
        "from phoenix.trace.openai import OpenAIInstrumentor",
        "OpenAIInstrumentor().instrument()",
        "",
      ].join("\n"),
    });
    const { facts } = result;
    expect(facts.healthEndpoints.map((site) => `${site.file}:${site.line} ${site.route}`).sort()).toEqual([
      "shop/urls.py:4 /health/",
      "site/src/app/api/health/route.ts:2 /api/health",
      "svc/main.go:8 /api/health",
    ]);
    expect(facts.logging.initSites.map((site) => `${site.file}:${site.line} ${site.library}`).sort()).toEqual(
      ["edge/src/main.rs:3 tracing_subscriber", "svc/main.go:7 zerolog", "web/app.js:2 winston"],
    );
    expect(facts.logging.byFile.find((entry) => entry.file === "web/app.js")?.calls).toBe(2);
    expect(facts.logging.libraries.find((entry) => entry.library === "tracing")?.files).toBe(1);
    expect(facts.tracing.map((signal) => signal.library)).toContain("openinference");
  });

  it("reports no absences for a library without an HTTP server", async () => {
    const result = await scan({
      "lib/util.js": "export const add = (a, b) => a + b;\nconsole.log(add(1, 2));\n",
    });
    expect(result.facts.httpServers).toEqual([]);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(["observability/print-logging"]);
  });

  it("lists the ten chattiest production files and sums up the rest", async () => {
    const files: Record<string, string> = {};
    for (let index = 1; index <= 12; index++)
      files[`src/mod${String(index).padStart(2, "0")}.js`] = "console.log(1);\n".repeat(index);
    const result = await scan(files);
    expect(result.facts.prints.production).toBe(78);
    const titles = result.findings.map((finding) => finding.title);
    expect(titles).toEqual([
      ...Array.from({ length: 10 }, (_, index) => {
        const count = 12 - index;
        return `${count} print statements in production code: src/mod${String(count).padStart(2, "0")}.js`;
      }),
      "Print statements in 2 more production files",
    ]);
    expect(result.findings[10]?.description).toBe(
      "3 print statements in src/mod02.js (2), src/mod01.js (1); every file is listed in the observability facts.",
    );
  });
});
