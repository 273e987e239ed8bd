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
