import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { repoHygieneScanner } from "../../tools/repo-hygiene.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const KEY_HEADER = ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" ");

describe("repo-hygiene scanner", () => {
  it("finds a bare repository's gaps: no CI, no lockfile, no docs, committed .env and key", async () => {
    const root = await makeRepo({
      "Cargo.toml": '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\ntokio = "1"\n',
      "src/main.rs": "fn main() {}\n",
      ".gitignore": "/target\n",
      ".env": "# local settings\nDATABASE_URL=postgres://app:hunter2@db/app\n",
      ".env.example": "DATABASE_URL=\n",
      "deploy/server.key": `${KEY_HEADER}\nMIIEfakefakefake\n-----END RSA PRIVATE KEY-----\n`,
      "certs/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
    });
    const { facts, findings } = await repoHygieneScanner.run(await ingest(root), {});
    expect(facts.ci).toEqual({ present: false, systems: [], files: [] });
    expect(facts.ecosystems).toEqual([
      { id: "rust", manifests: ["Cargo.toml"], lockfiles: [], lockfilePresent: false },
    ]);
    expect(facts.gitignore).toEqual({
      present: true,
      missing: [
        { pattern: ".env", why: "secrets" },
        { pattern: "*.pem", why: "secrets" },
        { pattern: "*.key", why: "secrets" },
        { pattern: ".idea/", why: "IDE folder" },
        { pattern: ".vscode/", why: "IDE folder" },
        { pattern: "*.log", why: "logs" },
      ],
    });
    expect(facts.committedSecrets).toEqual([
      { file: ".env", kind: "env-file", line: 2 },
      { file: "deploy/server.key", kind: "private-key", line: 1 },
    ]);
    const byRule = Object.fromEntries(findings.map((finding) => [finding.ruleId, finding]));
    expect(Object.keys(byRule).sort()).toEqual(
      [
        "hygiene/committed-env-file",
        "hygiene/committed-private-key",
        "hygiene/gitignore-gaps",
        "hygiene/gitignore-secrets",
        "hygiene/no-changelog",
        "hygiene/no-ci",
        "hygiene/no-contributing",
        "hygiene/no-dependency-updates",
        "hygiene/no-license",
        "hygiene/no-lockfile",
        "hygiene/no-readme",
        "hygiene/no-security",
      ].sort(),
    );
    expect(byRule["hygiene/committed-env-file"]).toMatchObject({
      severity: "high",
      location: { file: ".env", startLine: 2, endLine: 2 },
      evidence: "DATABASE_URL=<redacted>",
    });
    expect(JSON.stringify(findings)).not.toContain("hunter2");
    expect(byRule["hygiene/committed-private-key"]).toMatchObject({
      severity: "critical",
      location: { file: "deploy/server.key", startLine: 1, endLine: 1 },
    });
    expect(byRule["hygiene/no-lockfile"]?.title).toBe("No lockfile for the rust dependencies");
  });

  it("recognises a well-kept repository and raises nothing", async () => {
    const root = await makeRepo({
      "package.json": JSON.stringify({ name: "lib", dependencies: { zod: "^4.0.0" } }),
      "package-lock.json": "{}\n",
      ".github/workflows/ci.yml": "on: push\njobs: {}\n",
      ".github/dependabot.yml": "version: 2\n",
      ".gitignore": "node_modules/\n.env\n*.pem\n*.key\n.idea/\n.vscode/\n*.log\n",
      "README.md": "# lib\n",
      LICENSE: "MIT\n",
      "SECURITY.md": "Report to security@example.com\n",
      "CONTRIBUTING.md": "PRs welcome\n",
      "CHANGELOG.md": "## 1.0.0\n",
      Dockerfile: "FROM node:20\n",
      "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lib\n",
      "docs/config.yaml": "apiVersion: 1\nkind: Settings\n",
      ".env.example": "API_KEY=changeme\n",
      "test/fixtures/id_rsa": "not a real key, test fixture\n",
    });
    const { facts, findings, strengths } = await repoHygieneScanner.run(await ingest(root), {});
    expect(findings).toEqual([]);
    expect(facts.ci.systems).toEqual(["github-actions"]);
    expect(facts.containers).toEqual({
      dockerfiles: ["Dockerfile"],
      compose: [],
      kubernetes: ["k8s/deploy.yaml"],
      helmCharts: [],
      other: [],
    });
    expect(facts.dependencyUpdates.tools).toEqual(["dependabot"]);
    expect(facts.committedSecrets).toEqual([]);
    expect(strengths?.map((strength) => strength.area)).toEqual([
      "ci-cd",
      "dependencies",
      "dependencies",
      "documentation",
      "security",
      "security",
      "security",
    ]);
  });

  it("accepts fully pinned requirements.txt as a lock and Go modules without requirements", async () => {
    const root = await makeRepo({
      "requirements.txt": "fastapi==0.110.0\nuvicorn[standard]==0.29.0  # server\n",
      "go.mod": "module example.com/tool\n\ngo 1.22\n",
      ".gitignore": ".env\n*.pem\n*.key\n.idea/\n.vscode/\n*.log\n__pycache__/\n*.pyc\n",
    });
    const { findings } = await repoHygieneScanner.run(await ingest(root), {});
    expect(findings.filter((finding) => finding.ruleId === "hygiene/no-lockfile")).toEqual([]);
  });

  it("reads real layouts: dotted Azure file, Woodpecker, split licenses, deep release notes, CODEOWNERS", async () => {
    const root = await makeRepo({
      ".azure-pipelines.yml": "trigger: [main]\n",
      ".woodpecker/test.yml": "steps: []\n",
      ".github/workflows/ci.yml.disabled": "on: push\n",
      ".github/CODEOWNERS": "* @team\n",
      ".github/actions/people/Dockerfile": "FROM python:3.12\n",
      ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/base\n",
      "examples/app/Dockerfile": "FROM node:20\n",
      "examples/app/.env": "DATABASE_URL=postgres://postgres:postgres@localhost/app\n",
      "deploy/Dockerfile": "FROM node:20\n",
      "config/app.yaml": "name: settings\n",
      "service/app.yaml": "runtime: python312\n",
      "LICENSE-MIT": "MIT\n",
      "LICENSE-APACHE": "Apache\n",
      THIRD_PARTY_LICENSES: "deps\n",
      "license-header.txt": "Copyright\n",
      "README.rst": "x\n",
      "docs/en/docs/release-notes.md": "## 1.0\n",
      "docs/about/history.md": "How it began\n",
      ".env.production": "NEXT_PUBLIC_API_URL=https://api.example.com\n",
      ".env": "NEXT_PUBLIC_X=1\nSECRET_KEY=abc123\n",
    });
    const { facts, findings } = await repoHygieneScanner.run(await ingest(root), {});
    expect(facts.ci).toEqual({
      present: true,
      systems: ["azure-pipelines", "woodpecker"],
      files: [".azure-pipelines.yml", ".woodpecker/test.yml"],
    });
    expect(facts.containers).toEqual({
      dockerfiles: ["deploy/Dockerfile"],
      compose: [],
      kubernetes: [],
      helmCharts: [],
      other: ["service/app.yaml"],
    });
    expect(facts.docs.license.files).toEqual(["LICENSE-APACHE", "LICENSE-MIT"]);
    expect(facts.docs.readme.files).toEqual(["README.rst"]);
    expect(facts.docs.changelog.files).toEqual(["docs/en/docs/release-notes.md"]);
    expect(facts.codeowners).toEqual({ present: true, files: [".github/CODEOWNERS"] });
    expect(facts.committedSecrets).toEqual([{ file: ".env", kind: "env-file", line: 2 }]);
    expect(findings.find((finding) => finding.ruleId === "hygiene/committed-env-file")?.evidence).toBe(
      "SECRET_KEY=<redacted>",
    );
  });

  it("judges .gitignore like git: nested files, negations, *.pyc for __pycache__, tracked IDE folders", async () => {
    const files = {
      ".gitignore": ".env*\n!.env.example\n*.pem\n*.key\n*.log\n*.py[cod]\n.idea/\n",
      "web/.gitignore": "node_modules\n",
      "web/package.json": JSON.stringify({ name: "web", dependencies: { zod: "^4.0.0" } }),
      "web/package-lock.json": "{}\n",
      "tool/pyproject.toml": '[project]\nname = "tool"\ndependencies = ["httpx>=0.27"]\n',
      "tool/uv.lock": "version = 1\n",
      ".vscode/settings.json": "{}\n",
    };
    const clean = await repoHygieneScanner.run(await ingest(await makeRepo(files)), {});
    expect(clean.facts.gitignore).toEqual({ present: true, missing: [] });
    const gappy = await repoHygieneScanner.run(
      await ingest(
        await makeRepo({
          ...Object.fromEntries(Object.entries(files).filter(([file]) => !file.startsWith(".vscode/"))),
          ".gitignore": ".env.local\n/certs/*.pem\n",
          "api/package.json": JSON.stringify({ name: "api", dependencies: { zod: "^4.0.0" } }),
        }),
      ),
      {},
    );
    expect(gappy.facts.gitignore.missing).toEqual([
      { pattern: ".env", why: "secrets" },
      { pattern: "*.pem", why: "secrets" },
      { pattern: "*.key", why: "secrets" },
      { pattern: ".idea/", why: "IDE folder" },
      { pattern: ".vscode/", why: "IDE folder" },
      { pattern: "*.log", why: "logs" },
      { pattern: "node_modules/", why: "build output" },
      { pattern: "__pycache__/", why: "build output" },
      { pattern: "*.pyc", why: "build output" },
    ]);
  });

  it("notes a manifest license and an ignored lockfile, and finds package changelogs in a workspace", async () => {
    const root = await makeRepo({
      ".gitignore": "/target\nCargo.lock\n",
      "Cargo.toml": '[workspace]\nmembers = ["core"]\n',
      "core/Cargo.toml": '[package]\nname = "core"\nlicense = "MIT"\n\n[dependencies]\nserde = "1"\n',
      "core/CHANGELOG.md": "## 0.1\n",
      "core/src/lib.rs": "",
      "scripts/CHANGELOG.md": "not a package\n",
    });
    const { facts, findings } = await repoHygieneScanner.run(await ingest(root), {});
    expect(facts.docs.changelog.files).toEqual(["core/CHANGELOG.md"]);
    expect(facts.declaredLicenses).toEqual([]);
    const byRule = Object.fromEntries(findings.map((finding) => [finding.ruleId, finding]));
    expect(byRule["hygiene/no-lockfile"]?.description).toContain(".gitignore excludes `Cargo.lock`.");
    expect(byRule["hygiene/no-license"]?.severity).toBe("low");

    const declared = await repoHygieneScanner.run(
      await ingest(
        await makeRepo({ "package.json": JSON.stringify({ name: "lib", license: "MIT" }), "index.js": "" }),
      ),
      {},
    );
    expect(declared.facts.declaredLicenses).toEqual([{ file: "package.json", license: "MIT" }]);
    expect(declared.findings.find((finding) => finding.ruleId === "hygiene/no-license")).toMatchObject({
      severity: "info",
      description: expect.stringContaining("package.json declares MIT"),
    });
  });
});
