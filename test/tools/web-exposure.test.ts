import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { webExposureSection } from "../../src/render/markdown/sections/web-exposure.js";
import { webExposureScanner } from "../../tools/web-exposure.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const AXUM_MAIN = `use axum::{routing::get, Router};
use tower_http::cors::CorsLayer;

// CorsLayer::permissive() is what we used before
#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/api/agents", get(list))
        .layer(CorsLayer::permissive());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:4200").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

async fn list() -> &'static str {
    "[]"
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        let _ = reqwest::Client::builder().danger_accept_invalid_certs(true);
    }
}
`;

const FASTAPI_MAIN = `from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordBearer
import requests

app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
)

def fetch():
    # requests.get(url, verify=False) was the old way
    requests.get("https://a", verify=settings.VERIFY_TLS)
    return requests.get("https://internal", verify=False)

if __name__ == "__main__":
    import uvicorn
    uvicorn.run(app, host="0.0.0.0", port=8000)
`;

const EXPRESS_SERVER = `const express = require("express");
const cors = require("cors");
const helmet = require("helmet");
const rateLimit = require("express-rate-limit");
const app = express();
app.use(helmet());
app.use(rateLimit({ windowMs: 60000, max: 100 }));
app.use(cors({ origin: ["https://app.example.org"] }));
app.use((req, res, next) => (req.headers.authorization ? next() : res.sendStatus(401)));
const agent = new https.Agent({ rejectUnauthorized: false });
app.listen(3000);
`;

async function scan(files: Record<string, string>) {
  return webExposureScanner.run(await ingest(await makeRepo(files)), {});
}

describe("web-exposure scanner", () => {
  it("reports permissive CORS on an unauthenticated axum API as critical, with the absence facts", async () => {
    const result = await scan({ "Cargo.toml": '[package]\nname = "oxios"\n', "src/main.rs": AXUM_MAIN });
    expect(result.facts.frameworks).toEqual([
      { id: "axum", name: "axum", ecosystem: "rust", files: 1, first: { file: "src/main.rs", line: 1 } },
    ]);
    expect(result.facts.cors).toEqual([
      {
        file: "src/main.rs",
        line: 9,
        text: ".layer(CorsLayer::permissive());",
        ecosystem: "rust",
        policy: "any-origin",
      },
    ]);
    expect(result.facts.authentication).toEqual([
      { ecosystem: "rust", frameworks: ["axum"], found: false, evidence: [] },
    ]);
    expect(result.facts.tlsVerificationDisabled).toEqual([]);
    expect(result.facts.bindAll).toEqual([]);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine]),
    ).toEqual([
      ["web/permissive-cors", "critical", 9],
      ["web/no-authentication-found", "medium", undefined],
      ["web/no-rate-limiting-found", "low", undefined],
      ["web/no-security-headers-found", "low", undefined],
    ]);
    expect(result.findings[0]?.evidence).toBe("        .layer(CorsLayer::permissive());");
    expect(result.findings[1]?.confidence).toBe(0.7);
    expect(webExposureSection.checklist?.(result.facts)).toEqual([
      {
        category: "Authentication",
        status: "❌ Missing",
        notes: "No authentication middleware, extractor or guard found for axum (static search)",
      },
      {
        category: "CORS",
        status: "❌ Missing",
        notes: "Insecure: `.layer(CorsLayer::permissive());` (src/main.rs:9)",
      },
      {
        category: "Rate limiting",
        status: "❌ Missing",
        notes: "No rate limiting found for axum (static search)",
      },
      {
        category: "HTTPS/TLS",
        status: "❌ Missing",
        notes: "No TLS in code or proxy config; plain HTTP unless terminated upstream",
      },
      {
        category: "Security headers",
        status: "❌ Missing",
        notes: "No security-header middleware found for axum (static search)",
      },
    ]);
  });

  it("finds credentialed wildcard CORS, disabled TLS checks, debug modes and bind-all in Python", async () => {
    const result = await scan({
      "app/main.py": FASTAPI_MAIN,
      "flask_app/app.py":
        'from flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run(debug=True)\n',
      "mysite/settings.py": "DEBUG = True\nALLOWED_HOSTS = []\n",
      "mysite/settings_dev.py": "DEBUG = True\n",
      Dockerfile:
        'FROM python:3.12\nENV FLASK_DEBUG=1\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
      "docker-compose.dev.yml": "services:\n  web:\n    environment:\n      FLASK_DEBUG: 1\n",
    });
    expect(result.facts.frameworks.map((framework) => framework.id)).toEqual(["fastapi", "flask"]);
    expect(result.facts.authentication).toEqual([
      {
        ecosystem: "python",
        frameworks: ["FastAPI", "Flask"],
        found: true,
        evidence: [
          { file: "app/main.py", line: 3, text: "from fastapi.security import OAuth2PasswordBearer" },
        ],
      },
    ]);
    expect(
      result.findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        finding.location?.file,
        finding.location?.startLine,
      ]),
    ).toEqual([
      ["web/permissive-cors", "critical", "app/main.py", 9],
      ["web/no-rate-limiting-found", "low", undefined, undefined],
      ["web/no-security-headers-found", "low", undefined, undefined],
      ["web/bind-all-interfaces", "info", "app/main.py", 21],
      ["web/tls-verification-disabled", "high", "app/main.py", 17],
      ["web/debug-mode", "medium", "Dockerfile", 2],
      ["web/debug-mode", "medium", "flask_app/app.py", 4],
      ["web/debug-mode", "high", "mysite/settings.py", 1],
    ]);
    expect(result.findings[0]?.title).toBe("CORS accepts any origin with credentials");
  });

  it("recognises auth, rate limiting, helmet and restricted CORS in Express", async () => {
    const result = await scan({ "package.json": "{}\n", "server.js": EXPRESS_SERVER });
    expect(result.facts.cors.map((site) => [site.line, site.policy])).toEqual([[8, "configured"]]);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine]),
    ).toEqual([["web/tls-verification-disabled", "high", 10]]);
    expect(result.strengths).toEqual([
      { area: "security", text: "Authentication is wired into the HTTP server (server.js:9)." },
      { area: "security", text: "Requests are rate limited (server.js:4)." },
      { area: "security", text: "CORS is restricted to configured origins." },
      { area: "security", text: "Security headers are set (server.js:3)." },
    ]);
  });
});

describe("web-exposure precision on real-world decoys", () => {
  it("reports a bind to every interface only where the address is passed to a listener", async () => {
    const result = await scan({
      "package.json": "{}\n",
      "src/server.ts": [
        'import express from "express";',
        "const app = express();",
        'const host = process.env.HOST ?? "0.0.0.0";',
        "app.listen(3000, host);",
        'export const loopback = (value: string) => value === "0.0.0.0" || value === "::";',
        'export const LABELS = { "0.0.0.0": "all interfaces", "127.0.0.1": "loopback" };',
        'export const describe = (host: string) => ({ detail: host === "0.0.0.0" ? "all" : "loopback" });',
        'app.listen(8080, "0.0.0.0");',
        "",
      ].join("\n"),
      // The framework import is not the first line: detection reads every line.
      "app/main.py": [
        "import os",
        "from flask import Flask",
        "app = Flask(__name__)",
        'if app.config["HOST"] in {"0.0.0.0", "::"}:',
        '    source_ip = "0.0.0.0"',
        'app.run(host="0.0.0.0", port=5000)',
        "",
      ].join("\n"),
    });
    expect(result.facts.bindAll).toEqual([
      { file: "app/main.py", line: 6, text: 'app.run(host="0.0.0.0", port=5000)' },
      { file: "src/server.ts", line: 3, text: 'const host = process.env.HOST ?? "0.0.0.0";' },
      { file: "src/server.ts", line: 8, text: 'app.listen(8080, "0.0.0.0");' },
    ]);
  });

  it("reads an every-interface listen address in deployment YAML, not in lists, comments or compose ports", async () => {
    const result = await scan({
      "configs/vector/vector.yaml": [
        "api:",
        "  enabled: true",
        '  address: "0.0.0.0:8686"',
        "# address: 0.0.0.0:9000",
        "sinks:",
        "  out:",
        "    allowed_cidrs:",
        "      - 0.0.0.0/0",
        "    endpoint: http://127.0.0.1:9000",
        "",
      ].join("\n"),
      "configs/envoy/envoy.yaml": [
        "listeners:",
        "  - name: main",
        "    socket_address:",
        "      address: 0.0.0.0",
        "      port_value: 8443",
        "  - name: admin",
        "    socket_address: { address: 127.0.0.1, port_value: 9901 }",
        "",
      ].join("\n"),
      "docker-compose.yml": "services:\n  app:\n    environment:\n      HOST: 0.0.0.0\n",
    });
    expect(result.facts.bindAll).toEqual([
      { file: "configs/envoy/envoy.yaml", line: 4, text: "address: 0.0.0.0" },
      { file: "configs/vector/vector.yaml", line: 3, text: 'address: "0.0.0.0:8686"' },
    ]);
  });

  it("takes no framework, protection or strength from strings, lists or outbound clients", async () => {
    const result = await scan({
      "package.json": "{}\n",
      "scripts/bench-config.ts": 'export const PACKAGES = ["helmet", "express-rate-limit", "passport"];\n',
      "scripts/generate.ts": [
        "export const header = ['import express from \"express\";', 'import helmet from \"helmet\";'];",
        "export const body = `",
        'import { rateLimit } from "express-rate-limit";',
        "app.use(helmet());",
        "`;",
        "",
      ].join("\n"),
      "src/llm/rate-limit-gate.ts": "export class RateLimitGate {\n  wait(): void {}\n}\n",
      "scripts/generate-server.ts":
        'import cors from "cors";\nexport const lines = ["app.use(cors());", "res.set(\'Access-Control-Allow-Origin\', \'*\')"];\n',
      "src/middleware/cors.js":
        "function cors(options, req, res, next) {\n  next();\n}\nmodule.exports = (o) => (req, res, next) => cors(o, req, res, next);\n",
      "src/types/limits.d.ts":
        'import { Options } from "express-rate-limit";\nexport declare const limits: Options;\n',
      "src/http/limits.ts":
        'import type { Options } from "express-rate-limit";\nexport type Limits = Options;\n',
      "src/llm/client.ts":
        'export const headers = (token: string) => ({ "x-frame-options": "DENY", token });\n',
      "src/http/server.ts": [
        'import { createServer } from "node:http";',
        'import { hasBearerToken } from "./guards.js";',
        "export const server = createServer((request, response) => {",
        '  if (!hasBearerToken(request, "t")) response.setHeader("www-authenticate", "Bearer");',
        "});",
        "",
      ].join("\n"),
      "src/http/guards.ts": [
        'import type { IncomingMessage } from "node:http";',
        "export function hasBearerToken(request: IncomingMessage, token: string): boolean {",
        "  return request.headers.authorization === token;",
        "}",
        "",
      ].join("\n"),
    });
    expect(result.facts.frameworks).toEqual([
      {
        id: "node-http",
        name: "Node http server",
        ecosystem: "node",
        files: 1,
        first: { file: "src/http/server.ts", line: 1 },
      },
    ]);
    expect(result.facts.authentication).toEqual([
      {
        ecosystem: "node",
        frameworks: ["Node http server"],
        found: true,
        evidence: [
          {
            file: "src/http/guards.ts",
            line: 3,
            text: "return request.headers.authorization === token;",
          },
        ],
      },
    ]);
    expect(result.facts.rateLimiting).toEqual([
      { ecosystem: "node", frameworks: ["Node http server"], found: false, evidence: [] },
    ]);
    expect(result.facts.securityHeaders).toEqual([
      { ecosystem: "node", frameworks: ["Node http server"], found: false, evidence: [] },
    ]);
    expect(result.facts.cors).toEqual([]);
    expect(result.strengths).toEqual([
      { area: "security", text: "Authentication is wired into the HTTP server (src/http/guards.ts:3)." },
    ]);
  });

  it("reports CERT_NONE where it is set or passed, not where it is compared or mapped", async () => {
    const result = await scan({
      "client/tls.py": [
        "import ssl",
        "_STDLIB_TO_OPENSSL = {ssl.CERT_NONE: 0, ssl.CERT_REQUIRED: 2}",
        "if context.verify_mode != ssl.CERT_NONE and verify_mode == ssl.CERT_NONE:",
        "    pass",
        "context.verify_mode = ssl.CERT_NONE",
        'pool = PoolManager(cert_reqs="CERT_NONE")',
        "if verify is False:",
        '    cert_reqs = "CERT_NONE"',
        "",
      ].join("\n"),
    });
    expect(result.facts.tlsVerificationDisabled.map((site) => [site.file, site.line, site.what])).toEqual([
      ["client/tls.py", 5, "an unverified SSL context"],
      ["client/tls.py", 6, "an unverified SSL context"],
    ]);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual([
      "web/tls-verification-disabled",
      "web/tls-verification-disabled",
    ]);
  });

  it("keeps wildcard CORS medium when no HTTP server was found to authenticate", async () => {
    const result = await scan({
      "oauth/metadata.py": [
        "def create_metadata_response(self):",
        "    headers = {",
        "        'Content-Type': 'application/json',",
        "        'Access-Control-Allow-Origin': '*',",
        "    }",
        "    return headers",
        "",
      ].join("\n"),
    });
    expect(result.facts.authentication).toEqual([]);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine]),
    ).toEqual([["web/permissive-cors", "medium", 4]]);
    expect(result.findings[0]?.description).not.toContain("no authentication was found");
  });

  it("takes a framework extension or middleware library for a library, not a server", async () => {
    const result = await scan({
      "package.json": "{}\n",
      "flask_cors/extension.py":
        "import logging\nfrom flask import current_app, request\n\ndef after(resp):\n    return resp\n",
      "src/middleware.ts":
        'import type { RequestHandler } from "express";\nimport { Router } from "express";\nexport const router = Router();\n',
    });
    expect(result.facts.frameworks).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("reads origins passed by name, fastify's required plugin, Go ports joined at run time and hand-written axum guards", async () => {
    const result = await scan({
      "api/main.py": [
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "app = FastAPI()",
        'origins = ["*"]',
        'trusted = ["https://app.example.org"]',
        "app.add_middleware(",
        "    CORSMiddleware,",
        "    allow_origins=origins,",
        "    allow_credentials=True,",
        ")",
        "app.add_middleware(CORSMiddleware, allow_origins=trusted)",
        "",
      ].join("\n"),
      "notify/server.js": [
        "const fastify = require('fastify')()",
        "const auth = require('./auth');",
        "fastify.register(require('@fastify/cors'), { origin: true, credentials: true })",
        "fastify.listen({ port: 3000 })",
        "",
      ].join("\n"),
      "svc/main.go": [
        "package main",
        "",
        'import "github.com/gin-gonic/gin"',
        "",
        "func main() {",
        "\trouter := gin.Default()",
        '\trouter.Run(":" + port)',
        '\tlog.Println("listening on :" + port)',
        "}",
        "",
      ].join("\n"),
      "edge/src/main.rs": [
        "use axum::{middleware, routing::get, Router};",
        "async fn main() {",
        '    let app = Router::new().route("/", get(index))',
        "        .layer(middleware::from_fn_with_state(state.clone(), auth_required));",
        "    axum::serve(listener, app).await.unwrap();",
        "}",
        "",
      ].join("\n"),
    });
    expect(result.facts.cors.map((entry) => [entry.file, entry.line, entry.policy])).toEqual([
      ["api/main.py", 7, "any-origin-credentials"],
      ["api/main.py", 11, "configured"],
      ["notify/server.js", 3, "any-origin-credentials"],
    ]);
    expect(result.facts.bindAll.map((entry) => `${entry.file}:${entry.line}`)).toEqual(["svc/main.go:7"]);
    const auth = Object.fromEntries(result.facts.authentication.map((entry) => [entry.ecosystem, entry]));
    expect(auth.rust?.evidence.map((site) => `${site.file}:${site.line}`)).toEqual(["edge/src/main.rs:4"]);
    // An import is not where a guard is used.
    expect(auth.node?.found).toBe(false);
  });

  it("reads debug=True passed to app.run or FastAPI over several lines, not to other calls", async () => {
    const result = await scan({
      "web/app.py": [
        "from flask import Flask",
        "app = Flask(__name__)",
        "app.run(",
        "    host='0.0.0.0',",
        "    port=int(os.environ.get('PORT', '5000')),",
        "    debug=True,",
        ")",
        "logging.basicConfig(",
        "    debug=True,",
        ")",
        "",
      ].join("\n"),
      "api/main.py": [
        "from fastapi import FastAPI",
        "app = FastAPI(",
        '    title="orders",',
        "    debug=True,",
        ")",
        'print("app.run(debug=True)")',
        "",
      ].join("\n"),
    });
    expect(result.facts.debugModes.map((site) => `${site.file}:${site.line}`)).toEqual([
      "api/main.py:4",
      "web/app.py:6",
    ]);
  });

  it("reads Nest, Echo, Fiber, poem and Kotlin CORS spellings, Koa built lower-case, and Spring and Rocket defaults", async () => {
    const result = await scan({
      "nest/src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        "async function bootstrap() {",
        "  const app = await NestFactory.create(AppModule);",
        "  app.enableCors();",
        "  const other = await NestFactory.create(OtherModule, { cors: true });",
        "  await app.listen(3000);",
        "}",
        "",
      ].join("\n"),
      "echo/main.go": [
        "package main",
        'import "github.com/labstack/echo/v4"',
        "func main() {",
        "\te := echo.New()",
        "\te.Use(middleware.CORSWithConfig(middleware.CORSConfig{",
        '\t\tAllowOrigins: []string{"*"},',
        "\t}))",
        '\te.Start("localhost:8080")',
        "}",
        "",
      ].join("\n"),
      "fiber/main.go": [
        "package main",
        'import "github.com/gofiber/fiber/v2"',
        "func main() {",
        "\tapp := fiber.New()",
        '\tapp.Use(cors.New(cors.Config{ AllowOrigins: "*", AllowCredentials: true }))',
        '\tapp.Listen("localhost:3000")',
        "}",
        "",
      ].join("\n"),
      "poem/src/main.rs": [
        "use poem::{middleware::Cors, EndpointExt, Route};",
        "async fn main() {",
        '    let app = Route::new().nest("/", api).with(Cors::new());',
        "}",
        "",
      ].join("\n"),
      "kt/src/main/kotlin/UserController.kt": [
        "import org.springframework.web.bind.annotation.CrossOrigin",
        '@CrossOrigin(origins = ["http://localhost:4200"])',
        "class UserController",
        "",
      ].join("\n"),
      "koa/src/index.js": ["import koa from 'koa'", "const app = new koa();", "app.listen(3000);", ""].join(
        "\n",
      ),
    });
    expect(result.facts.cors.map((entry) => `${entry.file}:${entry.line} ${entry.policy}`).sort()).toEqual([
      "echo/main.go:6 any-origin",
      "fiber/main.go:5 any-origin-credentials",
      "nest/src/main.ts:4 any-origin",
      "nest/src/main.ts:5 any-origin",
      "poem/src/main.rs:3 any-origin",
    ]);
    expect(result.facts.frameworks.map((framework) => framework.id)).toContain("koa");
  });

  it("takes neither Django's default user middleware nor DRF's AllowAny for authentication", async () => {
    const result = await scan({
      "shop/views.py":
        "from django.http import JsonResponse\n\ndef index(request):\n    return JsonResponse({})\n",
      "shop/wsgi.py":
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
      "shop/settings.py": [
        "MIDDLEWARE = [",
        '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
        "]",
        'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}',
        'AUTHENTICATION_BACKENDS = ["shop.auth.TokenAuthentication"]',
        "",
      ].join("\n"),
      "shop/asgi.py": [
        "from starlette.middleware.authentication import AuthenticationMiddleware",
        "app.add_middleware(AuthenticationMiddleware, backend=TokenBackend())",
        "",
      ].join("\n"),
    });
    expect(
      result.facts.authentication.flatMap((entry) =>
        entry.evidence.map((site) => `${site.file}:${site.line}`),
      ),
    ).toEqual(["shop/asgi.py:1", "shop/settings.py:5"]);
  });

  it("reads Django and DRF settings that name their middleware and classes in strings", async () => {
    const result = await scan({
      "shop/views.py":
        "from django.http import JsonResponse\n\ndef index(request):\n    return JsonResponse({})\n",
      "shop/wsgi.py":
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
      "shop/settings.py": [
        "MIDDLEWARE = [",
        '    "django.middleware.security.SecurityMiddleware",',
        '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
        "]",
        "REST_FRAMEWORK = {",
        '    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],',
        '    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],',
        "}",
        "",
      ].join("\n"),
      "shop/templates.py": 'HELP = """\nfrom flask import Flask\n"""\n',
    });
    expect(result.facts.frameworks.map((framework) => framework.id)).toEqual(["django"]);
    expect(
      (["authentication", "rateLimiting", "securityHeaders"] as const).map((key) =>
        result.facts[key].map((entry) => entry.evidence.map((site) => `${site.file}:${site.line}`)),
      ),
    ).toEqual([[["shop/settings.py:7"]], [["shop/settings.py:6"]], [["shop/settings.py:2"]]]);
  });
});

const GO_SERVER = `package main

import (
	"log"
	"net/http"
	"time"
)

// http.ListenAndServe(":8080", nil) was the old way
func main() {
	mux := http.NewServeMux()
	log.Println("usage: http.ListenAndServe(addr, handler)")
	go http.ListenAndServe("127.0.0.1:6060", nil)
	srv := &http.Server{
		Addr:         "127.0.0.1:8080",
		Handler:      mux,
		WriteTimeout: 10 * time.Second,
	}
	safe := &http.Server{Addr: "127.0.0.1:8081", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	tuned := &http.Server{
		Addr:        "127.0.0.1:8082",
		ReadTimeout: cfg.ReadTimeout,
	}
	later := &http.Server{Addr: "127.0.0.1:8083"}
	later.ReadHeaderTimeout = 2 * time.Second
	go safe.ListenAndServe()
	go tuned.ListenAndServe()
	go later.ListenAndServe()
	log.Fatal(srv.ListenAndServe())
}

func newServer(h http.Handler) *http.Server {
	return withTimeouts(&http.Server{Handler: h, ReadHeaderTimeout: time.Second})
}

func serverFor(h http.Handler) *http.Server {
	return configured(h)
}
`;

describe("web-exposure servers without timeouts", () => {
  it("reports net/http helpers and Server literals without a read timeout, not configured servers", async () => {
    const result = await scan({
      "go.mod": "module example.org/app\n",
      "cmd/server/main.go": GO_SERVER,
      "cmd/server/main_test.go":
        'package main\n\nimport "net/http"\n\nfunc TestServe(t *testing.T) {\n\tgo http.ListenAndServe(":9999", nil)\n}\n',
      "internal/admin/admin.go":
        'package admin\n\nimport (\n\tnethttp "net/http"\n)\n\nfunc Serve(l net.Listener, h nethttp.Handler) error {\n\treturn nethttp.Serve(l, h)\n}\n',
      "internal/fast/fast.go":
        'package fast\n\nimport "github.com/valyala/fasthttp"\n\nfunc Run(h fasthttp.RequestHandler) error {\n\treturn fasthttp.ListenAndServe("127.0.0.1:80", h)\n}\n',
    });
    const all = ["ReadHeaderTimeout", "ReadTimeout", "WriteTimeout", "IdleTimeout"];
    expect(result.facts.serversWithoutTimeouts).toEqual([
      {
        file: "cmd/server/main.go",
        line: 13,
        text: 'go http.ListenAndServe("127.0.0.1:6060", nil)',
        kind: "listen-helper",
        missing: all,
      },
      {
        file: "cmd/server/main.go",
        line: 14,
        text: "srv := &http.Server{",
        kind: "server-literal",
        missing: ["ReadHeaderTimeout", "ReadTimeout", "IdleTimeout"],
      },
      {
        file: "internal/admin/admin.go",
        line: 8,
        text: "return nethttp.Serve(l, h)",
        kind: "listen-helper",
        missing: all,
      },
    ]);
    const timeouts = result.findings.filter((finding) => finding.ruleId === "web/server-without-timeouts");
    expect(timeouts[1]).toEqual({
      ruleId: "web/server-without-timeouts",
      area: "reliability",
      severity: "medium",
      title: "HTTP server without timeouts",
      description:
        "`srv := &http.Server{` builds an `http.Server` that sets neither ReadHeaderTimeout nor ReadTimeout (IdleTimeout is unset too), so reading a request's headers has no deadline. A client that sends its request slowly (Slowloris) holds a connection and its goroutine or socket for as long as it likes, so a few hundred slow clients can exhaust the server.",
      recommendation:
        "Serve through an `http.Server` with ReadHeaderTimeout (and ReadTimeout, WriteTimeout, IdleTimeout) set, e.g. `&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}`; pass a Gin engine as its Handler, and set `e.Server.ReadHeaderTimeout` on Echo before `Start`.",
      location: { file: "cmd/server/main.go", startLine: 14, endLine: 14 },
      evidence: "\tsrv := &http.Server{",
    });
    expect(timeouts.map((finding) => [finding.location?.file, finding.location?.startLine])).toEqual([
      ["cmd/server/main.go", 13],
      ["cmd/server/main.go", 14],
      ["internal/admin/admin.go", 8],
    ]);
    expect(webExposureSection.render(result.facts, {} as never)).toContain(
      "- `cmd/server/main.go:14` server without timeouts: `srv := &http.Server{`",
    );
  });

  it("reports Gin Run and Echo Start on an engine the file creates, unless Echo's server is configured", async () => {
    const result = await scan({
      "go.mod": "module example.org/app\n",
      "gin/main.go": [
        "package main",
        "",
        'import "github.com/gin-gonic/gin"',
        "",
        "func main() {",
        "\tr := gin.Default()",
        '\tr.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })',
        "\tworker.Run()",
        '\t// r.Run(":9090")',
        '\tr.Run("127.0.0.1:8080")',
        "}",
        "",
      ].join("\n"),
      "echo/main.go": [
        "package main",
        "",
        'import "github.com/labstack/echo/v4"',
        "",
        "func main() {",
        "\te := echo.New()",
        '\te.Logger.Fatal(e.Start("127.0.0.1:1323"))',
        "}",
        "",
      ].join("\n"),
      "echo-tuned/main.go": [
        "package main",
        "",
        "import (",
        '\t"time"',
        "",
        '\t"github.com/labstack/echo/v4"',
        ")",
        "",
        "func main() {",
        "\te := echo.New()",
        "\te.Server.ReadHeaderTimeout = 5 * time.Second",
        '\te.Logger.Fatal(e.Start("127.0.0.1:1324"))',
        "}",
        "",
      ].join("\n"),
      "runner/runner.go": [
        "package runner",
        "",
        "func Start() {",
        "\tr := New()",
        '\tr.Run(":8080")',
        "}",
        "",
      ].join("\n"),
    });
    expect(result.facts.frameworks.map((framework) => framework.id)).toEqual(["gin", "echo"]);
    expect(result.facts.serversWithoutTimeouts.map(({ file, line, kind }) => [file, line, kind])).toEqual([
      ["echo/main.go", 7, "echo-start"],
      ["gin/main.go", 10, "gin-run"],
    ]);
    const echo = result.findings.find((finding) => finding.ruleId === "web/server-without-timeouts");
    expect(echo?.description).toBe(
      "Echo's `Start` (`e.Logger.Fatal(e.Start(\"127.0.0.1:1323\"))`) serves with the instance's default `http.Server`, and no timeout is set on it. A client that sends its request slowly (Slowloris) holds a connection and its goroutine or socket for as long as it likes, so a few hundred slow clients can exhaust the server.",
    );
  });

  it("reports a Node server whose header or request timeout is set to 0, only on the server side", async () => {
    const result = await scan({
      "package.json": "{}\n",
      "src/server.js": [
        'const express = require("express");',
        "const app = express();",
        "const server = app.listen(3000);",
        "server.headersTimeout = 0;",
        "server.requestTimeout = 120000;",
        "",
      ].join("\n"),
      "src/queue-client.js": "export const client = connect();\nclient.requestTimeout = 0;\n",
    });
    expect(result.facts.serversWithoutTimeouts).toEqual([
      {
        file: "src/server.js",
        line: 4,
        text: "server.headersTimeout = 0;",
        kind: "timeout-disabled",
        missing: ["headersTimeout"],
      },
    ]);
    expect(
      result.findings
        .filter((finding) => finding.ruleId === "web/server-without-timeouts")
        .map((finding) => [finding.title, finding.evidence]),
    ).toEqual([["HTTP server timeout disabled", "server.headersTimeout = 0;"]]);
  });
});

describe("web-exposure missing security headers", () => {
  const FLASK_APP =
    'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n';

  it("reports one low finding per served ecosystem without security headers", async () => {
    const result = await scan({
      "package.json": "{}\n",
      "app/main.py": FLASK_APP,
      "src/server.js":
        'const express = require("express");\nconst helmet = require("helmet");\nconst app = express();\napp.use(helmet());\napp.listen(3000);\n',
      "deploy/nginx.conf": "server {\n    # add_header X-Frame-Options DENY;\n    listen 80;\n}\n",
      Caddyfile: "example.org {\n    header -X-Frame-Options\n    reverse_proxy app:8000\n}\n",
    });
    expect(result.facts.proxySecurityHeaders).toEqual([]);
    const headers = result.findings.filter((finding) => finding.ruleId === "web/no-security-headers-found");
    expect(headers).toEqual([
      {
        ruleId: "web/no-security-headers-found",
        area: "security",
        severity: "low",
        title: "No security headers found for the Flask HTTP server",
        description:
          "A static search of the python production code and of proxy configuration found no security-header middleware or header (Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Content-Security-Policy) for Flask; unless a proxy or CDN adds them, browsers get no HSTS, MIME-sniffing, framing or script-source protection from this server.",
        recommendation:
          "Set the headers in one middleware (helmet, secure / gin-contrib/secure, Talisman or Django's SecurityMiddleware, tower-http SetResponseHeaderLayer…) or at the proxy: at least X-Content-Type-Options: nosniff and, over HTTPS, Strict-Transport-Security; for HTML also a Content-Security-Policy with frame-ancestors.",
        confidence: 0.7,
      },
    ]);
  });

  it("takes headers set at the proxy for every framework behind it", async () => {
    const result = await scan({
      "app/main.py": FLASK_APP,
      "deploy/nginx.conf":
        'server {\n    listen 80;\n    add_header X-Content-Type-Options "nosniff" always;\n}\n',
    });
    expect(result.facts.proxySecurityHeaders).toEqual([
      { file: "deploy/nginx.conf", line: 3, text: 'add_header X-Content-Type-Options "nosniff" always;' },
    ]);
    expect(result.findings.map((finding) => finding.ruleId)).not.toContain("web/no-security-headers-found");
    expect(result.strengths).toContainEqual({
      area: "security",
      text: "Security headers are set at the proxy (deploy/nginx.conf:3).",
    });
    expect(webExposureSection.checklist?.(result.facts).at(-1)).toEqual({
      category: "Security headers",
      status: "✅ Good",
      notes: "Set at the proxy: deploy/nginx.conf:3",
    });
  });

  it("reads Traefik's headers middleware in compose labels and Netlify's header table", async () => {
    const result = await scan({
      "app/main.py": FLASK_APP,
      "docker-compose.yml":
        'services:\n  app:\n    labels:\n      - "traefik.http.middlewares.secure.headers.frameDeny=true"\n',
      "netlify.toml": '[[headers]]\n  for = "/*"\n  [headers.values]\n    X-Frame-Options = "DENY"\n',
    });
    expect(result.facts.proxySecurityHeaders.map((site) => `${site.file}:${site.line}`)).toEqual([
      "docker-compose.yml:4",
      "netlify.toml:4",
    ]);
    expect(result.findings.map((finding) => finding.ruleId)).not.toContain("web/no-security-headers-found");
  });
});
