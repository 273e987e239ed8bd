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
    ).toEqual([[["shop/settings.py:3"]], [["shop/settings.py:6"]], [["shop/settings.py:2"]]]);
  });
});
