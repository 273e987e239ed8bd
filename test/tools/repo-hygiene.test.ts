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
});
