import { describe, expect, it } from "vitest";
import type { Report } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { errorHandlingSection } from "../../src/render/markdown/sections/error-handling.js";
import { errorHandlingScanner } from "../../tools/error-handling.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const WORKSPACE = {
  "Cargo.toml": [
    "[workspace]",
    'members = ["crates/kernel", "crates/web"]',
    "",
    "[workspace.dependencies]",
    'anyhow = "1"',
    'thiserror = "1"',
    'serde = { version = "1", features = ["derive"] }',
    'tokio = { version = "1", features = ["full"] }',
    "",
  ].join("\n"),
  "crates/kernel/Cargo.toml": [
    "[package]",
    'name = "oxios-kernel"',
    'version = "0.1.0"',
    "",
    "[dependencies]",
    "anyhow.workspace = true",
    "thiserror = { workspace = true }",
    "serde = { workspace = true }",
    'tracing-subscriber = "0.3"',
    "",
  ].join("\n"),
  "crates/kernel/src/lib.rs": [
    "// thiserror::Error would give callers typed errors",
    "use anyhow::Result;",
    "use serde::Serialize;",
    "pub mod orchestrator;",
    'pub const NOTE: &str = "thiserror is not used";',
    "#[derive(Serialize)]",
    "pub struct Seed { pub id: u32 }",
    "pub fn load() -> Result<Seed> { Ok(Seed { id: 1 }) }",
    "",
  ].join("\n"),
  "crates/kernel/src/orchestrator.rs": [
    "pub fn run() -> anyhow::Result<()> {",
    "    tracing_subscriber::fmt().init();",
    "    Ok(())",
    "}",
    "",
  ].join("\n"),
  "crates/web/Cargo.toml": [
    "[package]",
    'name = "oxios-web"',
    "",
    "[dependencies]",
    "anyhow.workspace = true",
    "tokio.workspace = true",
    "",
  ].join("\n"),
  "crates/web/src/main.rs": [
    "#[derive(Debug)]",
    "pub struct McpError { code: i32 }",
    "impl std::fmt::Display for McpError {",
    '    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, "{}", self.code) }',
    "}",
    "impl std::error::Error for McpError {}",
    "#[tokio::main]",
    "async fn main() -> anyhow::Result<()> { Ok(()) }",
    "",
  ].join("\n"),
};

describe("error-handling scanner", () => {
  it("reads each crate's error strategy and finds workspace dependencies no crate uses", async () => {
    const root = await makeRepo(WORKSPACE);
    const { facts, findings } = await errorHandlingScanner.run(await ingest(root), {});
    expect(facts.packages.map(({ signals: _signals, ...row }) => row)).toEqual([
      {
        ecosystem: "rust",
        root: "crates/kernel",
        name: "oxios-kernel",
        kind: "library",
        sourceFiles: 2,
        strategy: "`anyhow` only (2 of 2 files)",
        status: "dynamic",
        errorTypes: [],
      },
      {
        ecosystem: "rust",
        root: "crates/web",
        name: "oxios-web",
        kind: "binary",
        sourceFiles: 1,
        strategy: "hand-written error types (`McpError`) + `anyhow` (1 file)",
        status: "typed",
        errorTypes: [{ name: "McpError", file: "crates/web/src/main.rs", line: 2, kind: "manual" }],
      },
    ]);
    expect(facts.packages[1]?.signals).toMatchObject({
      anyhowFiles: 1,
      manualErrorImpls: 1,
      thiserrorDerives: 0,
    });
    expect(facts.unusedDependencies).toEqual([
      {
        ecosystem: "rust",
        name: "thiserror",
        manifest: "Cargo.toml",
        line: 6,
        scope: "workspace",
        workspace: true,
      },
      {
        ecosystem: "rust",
        name: "thiserror",
        manifest: "crates/kernel/Cargo.toml",
        line: 7,
        scope: "normal",
        workspace: false,
      },
    ]);
    expect(facts.dependenciesChecked).toBe(10);
    expect(findings).toEqual([
      {
        ruleId: "error-handling/unused-dependency",
        area: "dependencies",
        severity: "low",
        title: "`thiserror` is in Cargo.toml but never used",
        description:
          "Declared in Cargo.toml, crates/kernel/Cargo.toml, but no source file of any crate imports or references `thiserror`. An unused dependency still costs build time and widens the supply chain.",
        recommendation: "Use it for typed error enums in library code, or remove it from the manifest.",
        location: { file: "Cargo.toml", startLine: 6, endLine: 6 },
        evidence: 'thiserror = "1"',
      },
      {
        ruleId: "error-handling/untyped-library-errors",
        area: "code-quality",
        severity: "low",
        title: "Library crate `oxios-kernel` has no typed errors",
        description:
          "oxios-kernel uses `anyhow` in 2 files and declares no error type, so callers cannot match on what failed.",
        recommendation:
          "Expose a typed error enum (e.g. with thiserror) from the library; keep anyhow for binaries.",
        location: { file: "crates/kernel/src/lib.rs", startLine: 2, endLine: 2 },
        evidence: "use anyhow::Result;",
      },
    ]);
    expect(errorHandlingSection.render(facts, {} as Report)).toBe(
      [
        "### Error types",
        "",
        "| Package | Kind | Files | Error strategy |  |",
        "|---|---|---|---|---|",
        "| `oxios-kernel` (`crates/kernel`) | library crate | 2 | `anyhow` only (2 of 2 files) | ⚠️ |",
        "| `oxios-web` (`crates/web`) | binary crate | 1 | hand-written error types (`McpError`) + `anyhow` (1 file) | ✅ |",
        "",
        "Declared but never imported or referenced by the package's code:",
        "",
        "| Dependency | Declared at | Scope |",
        "|---|---|---|",
        "| `thiserror` | `Cargo.toml:6` | workspace |",
        "| `thiserror` | `crates/kernel/Cargo.toml:7` | normal |",
      ].join("\n"),
    );
    expect(errorHandlingSection.checklist?.(facts)).toEqual([
      {
        category: "Error handling",
        status: "⚠️ Partial",
        notes: "typed errors in 1 of 2 package(s); oxios-kernel: `anyhow` only (2 of 2 files)",
      },
    ]);
  });

  it("counts thiserror types once they are used", async () => {
    const root = await makeRepo({
      "Cargo.toml": '[package]\nname = "lib"\n\n[dependencies]\nthiserror = "1"\n',
      "src/lib.rs": [
        "#[derive(Debug, thiserror::Error)]",
        "#[non_exhaustive]",
        "pub enum KernelError {",
        '    #[error("agent {0} not found")]',
        "    AgentNotFound(u32),",
        "}",
        "",
      ].join("\n"),
    });
    const { facts, findings, strengths } = await errorHandlingScanner.run(await ingest(root), {});
    expect(facts.packages.map((row) => [row.strategy, row.status, row.errorTypes])).toEqual([
      [
        "`thiserror` types (`KernelError`)",
        "typed",
        [{ name: "KernelError", file: "src/lib.rs", line: 3, kind: "thiserror" }],
      ],
    ]);
    expect(facts.unusedDependencies).toEqual([]);
    expect(findings).toEqual([]);
    expect(strengths).toEqual([{ area: "reliability", text: "Every package declares its own error types." }]);
    expect(errorHandlingSection.checklist?.(facts)).toEqual([
      { category: "Error handling", status: "✅ Good", notes: "typed errors in all 1 package(s)" },
    ]);
  });

  it("counts a Rust dev-dependency used only in a doc test, but not one named only in prose", async () => {
    const root = await makeRepo({
      "Cargo.toml": [
        "[package]",
        'name = "codec"',
        "",
        "[dependencies]",
        'compiler_builtins = { version = "0.1", optional = true }',
        "",
        "[dev-dependencies]",
        'futures = "0.3"',
        'serde_stacker = "0.1"',
        'tokio-test = "0.4"',
        'criterion = "0.5"',
        "",
      ].join("\n"),
      "src/lib.rs": [
        "//! Decoding.",
        "//!",
        "//! ```",
        "//! # use serde_stacker::Deserializer;",
        "//! ```",
        "/// Like `criterion::black_box`, but in prose only.",
        "///",
        "/// ```rust,no_run",
        "/// futures::executor::block_on(codec::decode());",
        "/// ```",
        "///",
        "/// ```text",
        "/// tokio_test::block_on(…) in a text block is not compiled",
        "/// ```",
        "pub async fn decode() {}",
        "",
      ].join("\n"),
    });
    const { facts } = await errorHandlingScanner.run(await ingest(root), {});
    expect(facts.unusedDependencies.map((entry) => [entry.name, entry.line, entry.scope])).toEqual([
      ["tokio-test", 10, "dev"],
      ["criterion", 11, "dev"],
    ]);
    expect(facts.dependenciesChecked).toBe(4);
  });

  it("counts httpx as used when FastAPI's TestClient is imported", async () => {
    const root = await makeRepo({
      "pyproject.toml":
        '[project]\nname = "api"\nversion = "0.1.0"\ndependencies = ["fastapi", "httpx", "leftpad-py"]\n',
      "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
      "tests/test_main.py":
        "from fastapi.testclient import TestClient\nfrom app.main import app\nclient = TestClient(app)\n",
    });
    const { findings } = await errorHandlingScanner.run(await ingest(root), {});
    expect(
      findings
        .filter((finding) => finding.ruleId === "error-handling/unused-dependency")
        .map((finding) => finding.title),
    ).toEqual(["`leftpad-py` is in pyproject.toml but never used"]);
  });

  it("reads Python, TypeScript and Go strategies and their unused dependencies", async () => {
    const root = await makeRepo({
      "pyproject.toml": [
        "[project]",
        'name = "svc"',
        "dependencies = [",
        '  "requests>=2",',
        '  "PyYAML",',
        '  "beautifulsoup4",',
        '  "python-jose[cryptography]",',
        '  "uvicorn",',
        '  "rich",',
        "]",
        "",
      ].join("\n"),
      "app/errors.py": [
        "import requests, yaml",
        "from bs4 import BeautifulSoup",
        "from jose import jwt",
        "# rich output would be nice",
        "class AppError(Exception):",
        "    pass",
        "class NotFound(AppError):",
        "    pass",
        "class Helper(object):",
        "    pass",
        "",
      ].join("\n"),
      "web/package.json": JSON.stringify(
        {
          name: "web",
          dependencies: { express: "^4", "left-pad": "1", pg: "8" },
          devDependencies: { vitest: "1" },
        },
        null,
        2,
      ),
      "web/src/index.ts": [
        'import express from "express";',
        "// left-pad is not needed any more",
        'const db = { client: "pg" };',
        "export class HttpError extends Error {}",
        "export class NotFoundError extends HttpError {}",
        "class Plain extends Base {}",
        "",
      ].join("\n"),
      "svc/go.mod": [
        "module example.com/svc",
        "",
        "require (",
        "\tgithub.com/google/uuid v1.6.0",
        "\tgithub.com/pkg/errors v0.9.1",
        "\tgolang.org/x/sync v0.1.0 // indirect",
        ")",
        "",
      ].join("\n"),
      "svc/main.go": [
        "package main",
        "",
        'import "github.com/google/uuid"',
        "",
        'var ErrNotFound = errors.New("not found")',
        "",
        "func run(n int) error {",
        '    if n > 0 { return fmt.Errorf("wrap: %w", ErrNotFound) }',
        '    return fmt.Errorf("no wrap %d for %s", n, uuid.New())',
        "}",
        "",
      ].join("\n"),
    });
    const { facts, findings } = await errorHandlingScanner.run(await ingest(root), {});
    expect(
      facts.packages.map((row) => [row.ecosystem, row.root, row.name, row.strategy, row.status]),
    ).toEqual([
      ["python", "", "svc", "2 custom exception classes (`AppError`, `NotFound`)", "typed"],
      ["node", "web", "web", "2 Error subclasses (`HttpError`, `NotFoundError`)", "typed"],
      ["go", "svc", "example.com/svc", "1 sentinel error + `fmt.Errorf` wraps with `%w` in 1 of 2", "typed"],
    ]);
    expect(facts.unusedDependencies.map((entry) => [entry.manifest, entry.name, entry.line])).toEqual([
      ["pyproject.toml", "rich", 9],
      ["svc/go.mod", "github.com/pkg/errors", 5],
      ["web/package.json", "left-pad", 5],
    ]);
    expect(findings.map((finding) => [finding.title, finding.evidence])).toEqual([
      ["`rich` is in pyproject.toml but never used", '  "rich",'],
      ["`github.com/pkg/errors` is in go.mod but never used", "\tgithub.com/pkg/errors v0.9.1"],
      ["`left-pad` is in package.json but never used", '    "left-pad": "1",'],
    ]);
  });

  it("reads how Nest, PostCSS, ESLint, tool configs, CLIs and pip-compile outputs use packages without importing them", async () => {
    const root = await makeRepo({
      "api/package.json": JSON.stringify(
        {
          name: "api",
          scripts: { migrate: "sequelize db:migrate", lint: "next lint" },
          dependencies: {
            "@nestjs/common": "^10.0.0",
            "@nestjs/core": "^10.0.0",
            "@nestjs/platform-express": "^10.0.0",
            "class-transformer": "^0.5.1",
            "reflect-metadata": "^0.2.0",
            rxjs: "^7.8.1",
            next: "14.2.3",
            tailwindcss: "^3.4.0",
            postcss: "^8.4.38",
            "eslint-config-next": "14.2.3",
            "eslint-config-prettier": "^9.1.0",
            "eslint-plugin-react": "^7.34.0",
            "prettier-plugin-tailwindcss": "^0.6.0",
            "sequelize-cli": "^6.6.2",
            bootstrap: "^5.3.3",
            "left-pad": "^1.3.0",
          },
        },
        null,
        2,
      ),
      "api/src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        'import { ValidationPipe } from "@nestjs/common";',
        'import Link from "next/link";',
        "export const pipe = new ValidationPipe();",
        "",
      ].join("\n"),
      "api/.eslintrc": JSON.stringify({
        extends: ["next/core-web-vitals", "prettier", "plugin:react/recommended"],
      }),
      "api/.prettierrc": JSON.stringify({ plugins: ["prettier-plugin-tailwindcss"] }),
      "api/postcss.config.js": "module.exports = { plugins: { tailwindcss: {} } };\n",
      "api/src/styles.scss": '@import "~bootstrap/scss/bootstrap";\n',
      "etl/requirements.txt": [
        "# This file is autogenerated by pip-compile with Python 3.11",
        "urllib3==2.1.0 \\",
        "    --hash=sha256:55901e917a5896a349ff771be919f8bd99aff50b79fe58fec595eb37bbc56bb3",
        "",
      ].join("\n"),
      "etl/main.py": "import json\n",
      "notes/requirements.txt": "Explanation of each library:\nrequests==2.32.3\n",
      "notes/main.py": "print(1)\n",
    });
    const { facts } = await errorHandlingScanner.run(await ingest(root), {});
    expect(facts.unusedDependencies.map((entry) => `${entry.manifest}:${entry.name}`)).toEqual([
      "api/package.json:left-pad",
      "notes/requirements.txt:requests",
    ]);
  });

  it("recognises namespace, capitalised, engine, stylesheet and go:generate uses but still reports the unused", async () => {
    const root = await makeRepo({
      "py/pyproject.toml": [
        "[project]",
        'name = "svc"',
        "dependencies = [",
        '  "google-auth", "google-auth-oauthlib", "google-re2", "opentelemetry-api",',
        '  "opentelemetry-exporter-otlp-proto-http", "azure-storage-blob", "PyPDF2",',
        '  "pandas", "openpyxl", "ruamel.yaml", "uvicorn[standard]",',
        "]",
        "[project.optional-dependencies]",
        'dev = ["ipython"]',
        'search = ["whoosh"]',
        "",
      ].join("\n"),
      "py/app.py": [
        "# google_auth_oauthlib and whoosh are only named in this comment",
        "from google.oauth2.credentials import Credentials",
        "import re2",
        "from opentelemetry import trace",
        "from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter",
        "from azure.storage.blob import BlobServiceClient",
        "import PyPDF2",
        "import pandas as pd",
        "from ruamel.yaml import YAML",
        'frame = pd.read_excel("book.xlsx")',
        "",
      ].join("\n"),
      "web/package.json": JSON.stringify({
        name: "web",
        scripts: { build: "tsc -p ." },
        dependencies: {
          next: "14",
          "react-dom": "18",
          typescript: "5",
          daisyui: "4",
          autoprefixer: "10",
          "left-pad": "1",
        },
      }),
      "web/app/page.tsx":
        'import Link from "next/link";\nexport default function Page() { return <Link href="/">home</Link>; }\n',
      "web/app/globals.css": '@import "tailwindcss";\n@plugin "daisyui";\n',
      "web/postcss.config.mjs": "export default { plugins: { autoprefixer: {} } };\n",
      "tool/go.mod": [
        "module example.com/tool",
        "",
        "go 1.22",
        "",
        "require (",
        "\tgolang.org/x/tools v0.20.0",
        "\tgithub.com/pkg/errors v0.9.1",
        ")",
        "",
      ].join("\n"),
      "tool/main.go": [
        "package main",
        "",
        "//go:generate go run golang.org/x/tools/cmd/stringer -type=Kind",
        "// github.com/pkg/errors is only named in a comment",
        "type Kind int",
        "",
        "func main() {}",
        "",
      ].join("\n"),
    });
    const { facts, findings } = await errorHandlingScanner.run(await ingest(root), {});
    expect(facts.unusedDependencies.map((entry) => `${entry.manifest}:${entry.name}`)).toEqual([
      "py/pyproject.toml:google-auth-oauthlib",
      "py/pyproject.toml:whoosh",
      "tool/go.mod:github.com/pkg/errors",
      "web/package.json:typescript",
      "web/package.json:left-pad",
    ]);
    expect(
      findings
        .filter((finding) => finding.location?.file === "web/package.json")
        .map((finding) => finding.title),
    ).toEqual([
      "Build tool `typescript` is a runtime dependency in package.json but never used by the code",
      "`left-pad` is in package.json but never used",
    ]);
  });
});
