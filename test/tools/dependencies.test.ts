import { writeFile } from "node:fs/promises";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { dependenciesSection } from "../../src/render/markdown/sections/dependencies.js";
import { dependenciesScanner } from "../../tools/dependencies.js";
import { parseLockfile } from "../../tools/lib/lockfiles.js";
import { deprecatedCatalogue } from "../../tools/lib/manifests-deprecated.js";
import { advisorySeverity, cvss3BaseScore } from "../../tools/lib/osv-severity.js";
import { compareEcosystemVersions, compareSemver, inRange } from "../../tools/lib/osv-version.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";

const lines = (...parts: string[]) => `${parts.join("\n")}\n`;

const REPO: Record<string, string> = {
  "Cargo.toml": lines(
    "[workspace]",
    'members = ["app"]',
    "",
    "[workspace.dependencies]",
    'tokio = "1"',
    'serde = { version = "1.0.200", features = ["derive"] }',
    'failure = "0.1"',
  ),
  "app/Cargo.toml": lines(
    "[package]",
    'name = "app"',
    'version = "0.1.0"',
    "",
    "[dependencies]",
    "tokio = { workspace = true }",
    "serde.workspace = true",
    'oxi-ai = { path = "../../oxi/oxi-ai" }',
    'local = { path = "../crates/local" }',
    'forked = { git = "https://github.com/x/forked" }',
    'pinned-fork = { git = "https://github.com/x/pinned", rev = "9f1c2ab" }',
    'regex = "*"',
    'anyhow = "1.0.86"',
    "",
    "[target.'cfg(windows)'.dependencies]",
    'winapi = "0.3"',
    "",
    "[dev-dependencies]",
    'tempfile = "=3.10.1"',
    "",
    "[build-dependencies.cc]",
    'version = "~1.0"',
  ),
  "Cargo.lock": lines(
    "version = 4",
    "",
    "[[package]]",
    'name = "app"',
    'version = "0.1.0"',
    "",
    "[[package]]",
    'name = "tokio"',
    'version = "1.37.0"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    "",
    "[[package]]",
    'name = "serde"',
    'version = "1.0.200"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
  ),
  "package.json": lines(
    "{",
    '  "name": "web",',
    '  "dependencies": {',
    '    "express": "^4.19.2",',
    '    "request": "2.88.2",',
    '    "lodash": "*",',
    '    "left": "latest",',
    '    "shared": "file:../shared",',
    '    "ui": "workspace:*",',
    '    "fork": "github:acme/fork#main"',
    "  },",
    '  "devDependencies": {',
    '    "typescript": "~5.4.5",',
    '    "vitest": ">=1.0.0"',
    "  },",
    '  "peerDependencies": {',
    '    "react": "*"',
    "  }",
    "}",
  ),
  "package-lock.json": JSON.stringify(
    {
      name: "web",
      lockfileVersion: 3,
      packages: {
        "": { name: "web" },
        "node_modules/express": { version: "4.19.2" },
        "node_modules/express/node_modules/debug": { version: "2.6.9" },
        "node_modules/lodash": { version: "4.17.21" },
        "node_modules/request": { version: "2.88.2" },
        "node_modules/ui": { resolved: "packages/ui", link: true },
      },
    },
    null,
    2,
  ),
  "requirements.txt": lines(
    "# app deps",
    "fastapi>=0.109.0",
    'python-jose[cryptography]>=3.3.0 ; python_version >= "3.9"',
    "uvicorn==0.29.0",
    "requests",
    "pydantic>=2,<3",
    "-r requirements-dev.txt",
    "-e git+https://github.com/acme/lib.git@v1.2.0#egg=acmelib",
    "./local_pkg",
    "django==4.2.1 \\",
    "    --hash=sha256:abcdef",
  ),
  "requirements-dev.txt": lines("pytest~=8.0"),
  "services/ml/pyproject.toml": lines(
    "[project]",
    'name = "ml"',
    "dependencies = [",
    '  "numpy>=1.26",',
    '  "Jinja2==3.1.2",',
    "]",
    "",
    "[project.optional-dependencies]",
    'gpu = ["torch~=2.2"]',
    "",
    "[tool.poetry.dependencies]",
    'python = "^3.11"',
    'httpx = "^0.27"',
    'nose = "1.3.7"',
    'mylib = { path = "../../../mylib" }',
    "",
    "[tool.poetry.group.dev.dependencies]",
    'black = "*"',
  ),
  "services/ml/poetry.lock": lines(
    "[[package]]",
    'name = "jinja2"',
    'version = "3.1.2"',
    "",
    "[[package]]",
    'name = "httpx"',
    'version = "0.27.0"',
    "",
    "[metadata]",
    'lock-version = "2.0"',
  ),
  "go.mod": lines(
    "module example.com/svc",
    "",
    "go 1.22",
    "",
    "require github.com/dgrijalva/jwt-go v3.2.0+incompatible",
    "",
    "require (",
    "\tgithub.com/pkg/errors v0.9.1",
    "\tgolang.org/x/text v0.14.0 // indirect",
    ")",
    "",
    "replace example.com/internal => ../internal",
  ),
  "go.sum": lines(
    "github.com/dgrijalva/jwt-go v3.2.0+incompatible h1:7qlOGliEKZXTDg6OTjfoBKDXWrumCAMpl/TFQ4/5kLM=",
    "github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=",
    "github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=",
    "golang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=",
  ),
  Gemfile: lines(
    'source "https://rubygems.org"',
    'gem "rails", "~> 7.1"',
    'gem "pg"',
    'gem "sass", ">= 3.4"',
    "group :development, :test do",
    '  gem "rspec-rails", "6.1.0"',
    "end",
    'gem "internal", git: "https://github.com/acme/internal.git", branch: "main"',
  ),
  "Gemfile.lock": lines(
    "GEM",
    "  remote: https://rubygems.org/",
    "  specs:",
    "    pg (1.5.4)",
    "    rails (7.1.3)",
    "      actionpack (= 7.1.3)",
    "    nokogiri (1.16.0-x86_64-linux)",
    "",
    "PLATFORMS",
    "  ruby",
  ),
  "java/pom.xml": lines(
    "<project>",
    "  <properties>",
    "    <junit.version>5.10.2</junit.version>",
    "  </properties>",
    "  <dependencyManagement>",
    "    <dependencies>",
    "      <dependency>",
    "        <groupId>com.fasterxml.jackson.core</groupId>",
    "        <artifactId>jackson-databind</artifactId>",
    "        <version>2.17.0</version>",
    "      </dependency>",
    "    </dependencies>",
    "  </dependencyManagement>",
    "  <dependencies>",
    "    <dependency>",
    "      <groupId>com.fasterxml.jackson.core</groupId>",
    "      <artifactId>jackson-databind</artifactId>",
    "    </dependency>",
    "    <dependency>",
    "      <groupId>log4j</groupId>",
    "      <artifactId>log4j</artifactId>",
    "      <version>1.2.17</version>",
    "    </dependency>",
    "    <dependency>",
    "      <groupId>org.junit.jupiter</groupId>",
    "      <artifactId>junit-jupiter</artifactId>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
    "      <version>${junit.version}</version>",
    "      <scope>test</scope>",
    "    </dependency>",
    "    <dependency>",
    "      <groupId>com.acme</groupId>",
    "      <artifactId>snap</artifactId>",
    "      <version>1.0-SNAPSHOT</version>",
    "    </dependency>",
    "    <dependency>",
    "      <groupId>com.acme</groupId>",
    "      <artifactId>ranged</artifactId>",
    "      <version>[1.0,)</version>",
    "    </dependency>",
    "  </dependencies>",
    "</project>",
  ),
  // A fixture inside the tests is not the project's: counted, never reported.
  "tests/fixtures/app/package.json": lines("{", '  "dependencies": { "request": "*" }', "}"),
};

type Row = [string, number, string, string, string, string?];

describe("dependencies scanner", () => {
  it("parses every manifest with the exact line, scope, requirement and pinning of each dependency", async () => {
    const root = await makeRepo(REPO);
    const { facts } = await dependenciesScanner.run(await ingest(root), {});
    const byManifest = (manifest: string): Row[] =>
      facts.dependencies
        .filter((dependency) => dependency.manifest === manifest)
        .map((dependency) => {
          const extra = [
            dependency.inherited && `inherits ${dependency.inherited}`,
            dependency.condition,
            dependency.outsideRepo !== undefined && `outside: ${dependency.outsideRepo}`,
          ]
            .filter(Boolean)
            .join("; ");
          const row: Row = [
            dependency.name,
            dependency.line,
            dependency.scope,
            dependency.requirement,
            dependency.pinning,
          ];
          if (extra) row.push(extra);
          return row;
        });
    expect(byManifest("Cargo.toml")).toEqual([
      ["tokio", 5, "workspace", "1", "major-only"],
      ["serde", 6, "workspace", "1.0.200", "caret"],
      ["failure", 7, "workspace", "0.1", "minor-wide"],
    ]);
    expect(byManifest("app/Cargo.toml")).toEqual([
      ["tokio", 6, "normal", "workspace", "workspace", "inherits 1"],
      ["serde", 7, "normal", "workspace", "workspace", "inherits 1.0.200"],
      ["oxi-ai", 8, "normal", 'path = "../../oxi/oxi-ai"', "path", "outside: true"],
      ["local", 9, "normal", 'path = "../crates/local"', "path", "outside: false"],
      ["forked", 10, "normal", 'git = "https://github.com/x/forked"', "git-unpinned"],
      ["pinned-fork", 11, "normal", 'git = "https://github.com/x/pinned", rev = "9f1c2ab"', "git-pinned"],
      ["regex", 12, "normal", "*", "wildcard"],
      ["anyhow", 13, "normal", "1.0.86", "caret"],
      ["tempfile", 19, "dev", "=3.10.1", "exact"],
      ["cc", 21, "build", "~1.0", "tilde"],
      ["winapi", 16, "normal", "0.3", "minor-wide", "cfg(windows)"],
    ]);
    expect(byManifest("package.json")).toEqual([
      ["express", 4, "normal", "^4.19.2", "caret"],
      ["request", 5, "normal", "2.88.2", "exact"],
      ["lodash", 6, "normal", "*", "wildcard"],
      ["left", 7, "normal", "latest", "wildcard"],
      ["shared", 8, "normal", "file:../shared", "path", "outside: true"],
      ["ui", 9, "normal", "workspace:*", "workspace"],
      ["fork", 10, "normal", "github:acme/fork#main", "git-branch"],
      ["typescript", 13, "dev", "~5.4.5", "tilde"],
      ["vitest", 14, "dev", ">=1.0.0", "lower-bound"],
      ["react", 17, "peer", "*", "wildcard"],
    ]);
    expect(byManifest("requirements.txt")).toEqual([
      ["fastapi", 2, "normal", ">=0.109.0", "lower-bound"],
      ["python-jose", 3, "normal", ">=3.3.0", "lower-bound", 'python_version >= "3.9"'],
      ["uvicorn", 4, "normal", "==0.29.0", "exact"],
      ["requests", 5, "normal", "", "unpinned"],
      ["pydantic", 6, "normal", ">=2,<3", "range"],
      ["acmelib", 8, "normal", "git+https://github.com/acme/lib.git@v1.2.0#egg=acmelib", "git-pinned"],
      ["local_pkg", 9, "normal", "./local_pkg", "path", "outside: false"],
      ["django", 10, "normal", "==4.2.1", "exact"],
    ]);
    expect(byManifest("requirements-dev.txt")).toEqual([["pytest", 1, "normal", "~=8.0", "tilde"]]);
    expect(byManifest("services/ml/pyproject.toml")).toEqual([
      ["numpy", 4, "normal", ">=1.26", "lower-bound"],
      ["Jinja2", 5, "normal", "==3.1.2", "exact"],
      ["torch", 9, "optional", "~=2.2", "tilde", "extra: gpu"],
      ["httpx", 13, "normal", "^0.27", "caret"],
      ["nose", 14, "normal", "1.3.7", "exact"],
      ["mylib", 15, "normal", 'path = "../../../mylib"', "path", "outside: true"],
      ["black", 18, "dev", "*", "wildcard", "group: dev"],
    ]);
    expect(byManifest("go.mod")).toEqual([
      ["github.com/dgrijalva/jwt-go", 5, "normal", "v3.2.0+incompatible", "exact"],
      ["github.com/pkg/errors", 8, "normal", "v0.9.1", "exact"],
      ["golang.org/x/text", 9, "indirect", "v0.14.0", "exact"],
      ["example.com/internal", 12, "normal", "=> ../internal", "path", "outside: true"],
    ]);
    expect(byManifest("Gemfile")).toEqual([
      ["rails", 2, "normal", "~> 7.1", "tilde"],
      ["pg", 3, "normal", "", "unpinned"],
      ["sass", 4, "normal", ">= 3.4", "lower-bound"],
      ["rspec-rails", 6, "dev", "6.1.0", "exact", "group: development,test"],
      ["internal", 8, "normal", "git: https://github.com/acme/internal.git, branch: main", "git-branch"],
    ]);
    expect(byManifest("java/pom.xml")).toEqual([
      ["com.fasterxml.jackson.core:jackson-databind", 9, "workspace", "2.17.0", "exact"],
      ["com.fasterxml.jackson.core:jackson-databind", 17, "normal", "(managed)", "managed"],
      ["log4j:log4j", 21, "normal", "1.2.17", "exact"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
      ["org.junit.jupiter:junit-jupiter", 26, "dev", "${junit.version} = 5.10.2", "exact"],
      ["com.acme:snap", 32, "normal", "1.0-SNAPSHOT", "wildcard"],
      ["com.acme:ranged", 37, "normal", "[1.0,)", "lower-bound"],
    ]);
    expect(facts.dependencies.some((dependency) => dependency.manifest.startsWith("tests/"))).toBe(false);
    expect(facts.manifests.find((manifest) => manifest.file === "tests/fixtures/app/package.json")).toEqual({
      file: "tests/fixtures/app/package.json",
      kind: "package-json",
      ecosystem: "npm",
      dependencies: 1,
      isTest: true,
    });
    expect(facts.pinning).toEqual([
      { pinning: "exact", count: 13 },
      { pinning: "caret", count: 4 },
      { pinning: "tilde", count: 5 },
      { pinning: "major-only", count: 1 },
      { pinning: "minor-wide", count: 2 },
      { pinning: "range", count: 1 },
      { pinning: "lower-bound", count: 6 },
      { pinning: "wildcard", count: 6 },
      { pinning: "unpinned", count: 2 },
      { pinning: "path", count: 6 },
      { pinning: "git-pinned", count: 2 },
      { pinning: "git-branch", count: 2 },
      { pinning: "git-unpinned", count: 1 },
      { pinning: "workspace", count: 3 },
      { pinning: "managed", count: 1 },
    ]);
    expect(facts.pinning.reduce((sum, row) => sum + row.count, 0)).toBe(facts.dependencies.length);
    expect(facts.lockfiles).toEqual([
      // The workspace's own `app` has no source and pins nothing.
      { file: "Cargo.lock", ecosystem: "crates.io", format: "Cargo.lock v4", packages: 2 },
      { file: "Gemfile.lock", ecosystem: "RubyGems", format: "Gemfile.lock", packages: 3 },
      { file: "go.sum", ecosystem: "Go", format: "go.sum", packages: 2 },
      { file: "package-lock.json", ecosystem: "npm", format: "package-lock v3", packages: 4 },
      { file: "services/ml/poetry.lock", ecosystem: "PyPI", format: "poetry.lock v2.0", packages: 2 },
    ]);
  });

  it("flags loose pins per manifest, lowers them where a lockfile pins, and names deprecated packages", async () => {
    const root = await makeRepo(REPO);
    const { facts, findings } = await dependenciesScanner.run(await ingest(root), {});
    expect(
      findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        `${finding.location?.file}:${finding.location?.startLine}`,
        finding.evidence,
      ]),
    ).toEqual([
      ["dependencies/unpinned", "low", "Gemfile:3", 'gem "pg"'],
      ["dependencies/lower-bound-only", "low", "Gemfile:4", 'gem "sass", ">= 3.4"'],
      [
        "dependencies/git-unpinned",
        "low",
        "Gemfile:8",
        'gem "internal", git: "https://github.com/acme/internal.git", branch: "main"',
      ],
      ["dependencies/unpinned", "low", "app/Cargo.toml:12", 'regex = "*"'],
      [
        "dependencies/git-unpinned",
        "low",
        "app/Cargo.toml:10",
        'forked = { git = "https://github.com/x/forked" }',
      ],
      ["dependencies/path-outside-repo", "low", "app/Cargo.toml:8", 'oxi-ai = { path = "../../oxi/oxi-ai" }'],
      ["dependencies/path-outside-repo", "low", "go.mod:12", "replace example.com/internal => ../internal"],
      ["dependencies/unpinned", "medium", "java/pom.xml:32", "      <artifactId>snap</artifactId>"],
      ["dependencies/lower-bound-only", "medium", "java/pom.xml:37", "      <artifactId>ranged</artifactId>"],
      ["dependencies/unpinned", "low", "package.json:6", '    "lodash": "*",'],
      ["dependencies/lower-bound-only", "low", "package.json:14", '    "vitest": ">=1.0.0"'],
      ["dependencies/git-unpinned", "low", "package.json:10", '    "fork": "github:acme/fork#main"'],
      ["dependencies/path-outside-repo", "low", "package.json:8", '    "shared": "file:../shared",'],
      ["dependencies/unpinned", "medium", "requirements.txt:5", "requests"],
      ["dependencies/lower-bound-only", "medium", "requirements.txt:2", "fastapi>=0.109.0"],
      ["dependencies/unpinned", "low", "services/ml/pyproject.toml:18", 'black = "*"'],
      ["dependencies/lower-bound-only", "low", "services/ml/pyproject.toml:4", '  "numpy>=1.26",'],
      [
        "dependencies/path-outside-repo",
        "low",
        "services/ml/pyproject.toml:15",
        'mylib = { path = "../../../mylib" }',
      ],
      ["dependencies/deprecated-package", "medium", "Cargo.toml:7", 'failure = "0.1"'],
      ["dependencies/deprecated-package", "medium", "Gemfile:4", 'gem "sass", ">= 3.4"'],
      [
        "dependencies/deprecated-package",
        "high",
        "go.mod:5",
        "require github.com/dgrijalva/jwt-go v3.2.0+incompatible",
      ],
      ["dependencies/deprecated-package", "low", "go.mod:8", "\tgithub.com/pkg/errors v0.9.1"],
      ["dependencies/deprecated-package", "high", "java/pom.xml:21", "      <artifactId>log4j</artifactId>"],
      ["dependencies/deprecated-package", "high", "package.json:5", '    "request": "2.88.2",'],
      [
        "dependencies/deprecated-package",
        "medium",
        "requirements.txt:3",
        'python-jose[cryptography]>=3.3.0 ; python_version >= "3.9"',
      ],
      ["dependencies/deprecated-package", "medium", "services/ml/pyproject.toml:14", 'nose = "1.3.7"'],
    ]);
    const python = findings.find(
      (finding) =>
        finding.ruleId === "dependencies/lower-bound-only" && finding.location?.file === "requirements.txt",
    );
    expect(python?.title).toBe("2 dependencies pinned with `>=` only in requirements.txt");
    expect(python?.description).toContain("`fastapi` (>=0.109.0, line 2), `python-jose` (>=3.3.0, line 3).");
    expect(python?.description).toContain("No lockfile pins the resolved versions.");
    const cargo = findings.find(
      (finding) => finding.ruleId === "dependencies/unpinned" && finding.location?.file === "app/Cargo.toml",
    );
    expect(cargo?.description).toContain(
      "The lockfile (Cargo.lock) pins the resolved versions until the next update.",
    );
    expect(findings.some((finding) => finding.location?.file.startsWith("tests/"))).toBe(false);
    expect(facts.deprecated.map((entry) => [entry.name, entry.status])).toEqual([
      ["failure", "unmaintained"],
      ["sass", "deprecated"],
      ["github.com/dgrijalva/jwt-go", "unmaintained"],
      ["github.com/pkg/errors", "archived"],
      ["log4j:log4j", "end of life"],
      ["request", "deprecated"],
      ["python-jose", "poorly maintained"],
      ["nose", "unmaintained"],
    ]);
    expect(facts.osv).toEqual({ checked: false, databases: [], errors: [], packagesChecked: 0 });
  });

  it("reports nothing for tightly pinned manifests and proves it in its strengths", async () => {
    const root = await makeRepo({
      "Cargo.toml": lines(
        "[package]",
        'name = "svc"',
        'version = "0.1.0"',
        "",
        "[dependencies]",
        'serde = "1.0.200"',
        'tokio = "1"',
      ),
      "Cargo.lock": lines("version = 4", "", "[[package]]", 'name = "serde"', 'version = "1.0.200"'),
      "requirements.txt": lines("flask==3.0.2", "gunicorn~=21.2"),
    });
    const { facts, findings, strengths } = await dependenciesScanner.run(await ingest(root), {});
    expect(findings).toEqual([]);
    expect(facts.pinning).toEqual([
      { pinning: "exact", count: 1 },
      { pinning: "caret", count: 1 },
      { pinning: "tilde", count: 1 },
      { pinning: "major-only", count: 1 },
    ]);
    expect(strengths).toEqual([
      {
        area: "dependencies",
        text: `None of the 4 declared dependencies is in the deprecated or unmaintained catalogue (dated ${facts.catalogue.date}).`,
      },
      {
        area: "dependencies",
        text: "Every one of the 4 declared dependencies has a bounded version requirement.",
      },
    ]);
  });
});

describe("lockfiles the snapshot could not read", () => {
  it("still count as committed, so loose manifest pins are mitigated, but pin no countable packages", async () => {
    const root = await makeRepo({
      "Cargo.toml": lines("[package]", 'name = "svc"', "", "[dependencies]", 'regex = "*"'),
      "Cargo.lock": lines(
        "version = 4",
        ...Array.from({ length: 40 }, (_, index) => `# padding line ${index}`),
      ),
    });
    const { facts, findings } = await dependenciesScanner.run(await ingest(root, { maxFileBytes: 300 }), {});
    expect(facts.lockfiles).toEqual([
      {
        file: "Cargo.lock",
        ecosystem: "crates.io",
        format: "Cargo.lock",
        packages: null,
        notRead: expect.stringMatching(/^too-large \(\d+ bytes, limit 300\)$/),
      },
    ]);
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ["dependencies/unpinned", "low"],
    ]);
  });
});

describe("deprecated package catalogue", () => {
  it("is dated, sourced, and every entry cites a reference and a replacement", () => {
    const catalogue = deprecatedCatalogue();
    expect(catalogue.date).toBe("2026-11-21");
    expect(catalogue.source).toMatch(/RustSec/);
    expect(catalogue.packages.length).toBeGreaterThanOrEqual(30);
    for (const entry of catalogue.packages) {
      expect(entry.reference).toMatch(/^https:\/\//);
      expect(entry.replacement.length).toBeGreaterThan(0);
    }
    const keys = catalogue.packages.map((entry) => `${entry.ecosystem}:${entry.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("offline OSV matching", () => {
  const advisory = (record: object) => strToU8(JSON.stringify(record));

  async function osvZip(): Promise<string> {
    const dir = await tempDir();
    const file = path.join(dir, "all.zip");
    const zip = zipSync({
      "RUSTSEC-2099-0001.json": advisory({
        id: "RUSTSEC-2099-0001",
        aliases: ["CVE-2099-0001"],
        summary: "tokio reads past a buffer",
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
        affected: [
          {
            package: { ecosystem: "crates.io", name: "tokio" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.38.0" }] }],
          },
        ],
      }),
      "RUSTSEC-2099-0002.json": advisory({
        id: "RUSTSEC-2099-0002",
        summary: "one bad serde release",
        affected: [{ package: { ecosystem: "crates.io", name: "serde" }, versions: ["1.0.200"] }],
      }),
      "RUSTSEC-2099-0003.json": advisory({
        id: "RUSTSEC-2099-0003",
        withdrawn: "2099-01-02T00:00:00Z",
        affected: [
          {
            package: { ecosystem: "crates.io", name: "serde" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }],
          },
        ],
      }),
      "GHSA-lodash.json": advisory({
        id: "GHSA-xxxx-yyyy-zzzz",
        database_specific: { severity: "HIGH" },
        affected: [
          {
            package: { ecosystem: "npm", name: "lodash" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }],
          },
        ],
      }),
      "PYSEC-2099-1.json": advisory({
        id: "PYSEC-2099-1",
        aliases: ["GHSA-aaaa-bbbb-cccc", "CVE-2024-22195"],
        summary: "HTML attribute injection",
        database_specific: { severity: "MODERATE" },
        affected: [
          {
            package: { ecosystem: "PyPI", name: "Jinja2" },
            ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.1.3" }] }],
          },
        ],
      }),
      "GO-2099-0001.json": advisory({
        id: "GO-2099-0001",
        affected: [
          {
            package: { ecosystem: "Go", name: "github.com/example/mod" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { last_affected: "1.2.3" }] }],
          },
          {
            package: { ecosystem: "Go", name: "github.com/example/other" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { last_affected: "1.2.3" }] }],
          },
        ],
      }),
      "broken.json": strToU8("{ not json"),
      "README.txt": strToU8("not an advisory"),
    });
    await writeFile(file, zip);
    return file;
  }

  it("matches pinned versions against ranges and version lists, with each advisory's severity", async () => {
    const root = await makeRepo({
      "Cargo.lock": lines(
        "version = 4",
        "",
        "[[package]]",
        'name = "serde"',
        'version = "1.0.200"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        "",
        "[[package]]",
        'name = "tokio"',
        'version = "1.37.0"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
      ),
      "package-lock.json": JSON.stringify(
        { lockfileVersion: 3, packages: { "node_modules/lodash": { version: "4.17.21" } } },
        null,
        2,
      ),
      "poetry.lock": lines("[[package]]", 'name = "jinja2"', 'version = "3.1.2"'),
      "go.sum": lines("github.com/example/mod v1.2.3 h1:aaaa=", "github.com/example/other v1.2.4 h1:bbbb="),
    });
    const zip = await osvZip();
    const { facts, findings } = await dependenciesScanner.run(await ingest(root), {
      osvZips: [zip, path.join(path.dirname(zip), "missing.zip")],
    });
    expect(facts.osv.checked).toBe(true);
    expect(facts.osv.databases).toEqual([{ file: "all.zip", advisories: 6 }]);
    expect(facts.osv.errors).toHaveLength(1);
    expect(facts.osv.errors[0]).toMatch(/^missing\.zip: ENOENT/);
    expect(facts.osv.packagesChecked).toBe(6);
    expect(
      facts.vulnerabilities.map((entry) => [
        entry.package,
        entry.version,
        entry.advisory,
        entry.severity,
        entry.fixed,
        entry.line,
      ]),
    ).toEqual([
      ["serde", "1.0.200", "RUSTSEC-2099-0002", "high", [], 4],
      ["tokio", "1.37.0", "RUSTSEC-2099-0001", "critical", ["1.38.0"], 9],
      ["github.com/example/mod", "v1.2.3", "GO-2099-0001", "high", [], 1],
      ["jinja2", "3.1.2", "PYSEC-2099-1", "medium", ["3.1.3"], 2],
    ]);
    const tokio = findings.find((finding) => finding.title.startsWith("`tokio`"));
    expect(tokio).toEqual({
      ruleId: "dependencies/vulnerable-version",
      area: "dependencies",
      severity: "critical",
      title: "`tokio` 1.37.0 has 1 known vulnerability",
      description:
        "Cargo.lock pins tokio 1.37.0, which the offline OSV database lists as affected by RUSTSEC-2099-0001 (CVE-2099-0001): tokio reads past a buffer.",
      recommendation: "Upgrade tokio to a fixed version (1.38.0) and regenerate the lockfile.",
      location: { file: "Cargo.lock", startLine: 9, endLine: 9 },
      evidence: 'name = "tokio"',
    });
    expect(findings.filter((finding) => finding.ruleId === "dependencies/vulnerable-version")).toHaveLength(
      4,
    );
  });
});

describe("lockfile parsers", () => {
  it("count what each lockfile pins, at the line that pins it", () => {
    const yarnV1 = lines(
      "# yarn lockfile v1",
      "",
      '"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":',
      '  version "7.12.13"',
      '  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz"',
      "",
      "lodash@^4.17.0:",
      '  version "4.17.21"',
    );
    expect(parseLockfile("yarn.lock", "yarn.lock", yarnV1)).toEqual({
      file: "yarn.lock",
      ecosystem: "npm",
      format: "yarn v1",
      packages: [
        { name: "@babel/code-frame", version: "7.12.13", line: 3 },
        { name: "lodash", version: "4.17.21", line: 7 },
      ],
    });
    const berry = lines(
      "__metadata:",
      "  version: 8",
      "",
      '"app@workspace:.":',
      "  version: 0.0.0-use.local",
      "",
      '"lodash@npm:^4.17.0":',
      "  version: 4.17.21",
      '  resolution: "lodash@npm:4.17.21"',
    );
    expect(parseLockfile("yarn.lock", "yarn.lock", berry)?.packages).toEqual([
      { name: "lodash", version: "4.17.21", line: 7 },
    ]);
    expect(parseLockfile("yarn.lock", "yarn.lock", berry)?.format).toBe("yarn berry (metadata v8)");
    const pnpm = lines(
      "lockfileVersion: '9.0'",
      "",
      "packages:",
      "",
      "  '@types/node@20.11.0':",
      "    resolution: {integrity: sha512-abc}",
      "",
      "  react-dom@18.2.0(react@18.2.0):",
      "    resolution: {integrity: sha512-def}",
      "",
      "snapshots:",
      "",
      "  '@types/node@20.11.0': {}",
    );
    expect(parseLockfile("pnpm-lock.yaml", "pnpm-lock.yaml", pnpm)).toEqual({
      file: "pnpm-lock.yaml",
      ecosystem: "npm",
      format: "pnpm-lock v9.0",
      packages: [
        { name: "@types/node", version: "20.11.0", line: 5 },
        { name: "react-dom", version: "18.2.0", line: 8 },
      ],
    });
    const pnpmV5 = lines("lockfileVersion: 5.4", "packages:", "  /lodash/4.17.21:", "    dev: false");
    expect(parseLockfile("pnpm-lock.yaml", "pnpm-lock.yaml", pnpmV5)?.packages).toEqual([
      { name: "lodash", version: "4.17.21", line: 3 },
    ]);
    const uv = lines(
      "version = 1",
      "",
      "[[package]]",
      'name = "svc"',
      'version = "0.1.0"',
      'source = { editable = "." }',
      "",
      "[[package]]",
      'name = "httpx"',
      'version = "0.27.0"',
      'source = { registry = "https://pypi.org/simple" }',
    );
    expect(parseLockfile("uv.lock", "uv.lock", uv)).toEqual({
      file: "uv.lock",
      ecosystem: "PyPI",
      format: "uv.lock v1",
      packages: [{ name: "httpx", version: "0.27.0", line: 9 }],
    });
    const npmV1 = JSON.stringify(
      {
        lockfileVersion: 1,
        dependencies: {
          a: { version: "1.0.0", dependencies: { b: { version: "2.0.0" } } },
          c: { version: "file:../c" },
        },
      },
      null,
      2,
    );
    expect(
      parseLockfile("package-lock.json", "package-lock.json", npmV1)?.packages.map(
        (entry) => `${entry.name}@${entry.version}`,
      ),
    ).toEqual(["a@1.0.0", "b@2.0.0"]);
    expect(parseLockfile("x", "Pipfile.lock", "{}")).toBeUndefined();
  });
});

describe("version ordering and severity", () => {
  it("orders semantic versions with pre-releases before the release", () => {
    expect(compareSemver("1.0.0-alpha", "1.0.0")).toBe(-1);
    expect(compareSemver("1.0.0-alpha.2", "1.0.0-alpha.10")).toBe(-1);
    expect(compareSemver("v1.10.0", "1.9.9")).toBe(1);
    expect(compareSemver("0.0.0-20240101-abcdef", "0.0.0")).toBe(-1);
    expect(compareSemver("1.2.3+build", "1.2.3")).toBe(0);
  });

  it("orders ecosystem versions naturally, with pre- and post-releases", () => {
    expect(compareEcosystemVersions("1.0rc1", "1.0")).toBe(-1);
    expect(compareEcosystemVersions("1.0.post1", "1.0")).toBe(1);
    expect(compareEcosystemVersions("2.0", "10.0")).toBe(-1);
    expect(compareEcosystemVersions("1.0", "1.0.0")).toBe(0);
    expect(compareEcosystemVersions("1.0a1", "1.0b1")).toBe(-1);
    expect(compareEcosystemVersions("3.1.2", "3.1.3")).toBe(-1);
  });

  it("applies introduced, fixed, last_affected and limit events", () => {
    const events = [
      { introduced: "1.0.0" },
      { fixed: "1.5.0" },
      { introduced: "2.0.0" },
      { last_affected: "2.3.0" },
    ];
    expect(
      ["0.9.0", "1.0.0", "1.4.9", "1.5.0", "1.9.0", "2.0.0", "2.3.0", "2.3.1"].map((version) =>
        inRange(version, events, compareSemver),
      ),
    ).toEqual([false, true, true, false, false, true, true, false]);
    expect(inRange("5.0.0", [{ introduced: "0" }, { limit: "4.0.0" }], compareSemver)).toBe(false);
  });

  it("computes CVSS v3 base scores and maps labels", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(9.8);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).toBe(6.1);
    expect(cvss3BaseScore("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N")).toBe(0);
    expect(cvss3BaseScore("CVSS:4.0/AV:N/AC:L")).toBeUndefined();
    expect(advisorySeverity({ database_specific: { severity: "MODERATE" } })).toBe("medium");
    expect(
      advisorySeverity({
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N" }],
      }),
    ).toBe("medium");
    expect(advisorySeverity({})).toBe("high");
  });
});

describe("dependencies checklist", () => {
  it("marks pinning partial when a path dependency lies outside the repository", async () => {
    const cargo = (path: string) =>
      lines(
        "[package]",
        'name = "app"',
        "",
        "[dependencies]",
        'serde = "1.0.200"',
        `engine = { path = "${path}" }`,
      );
    const outside = await dependenciesScanner.run(
      await ingest(await makeRepo({ "Cargo.toml": cargo("../engine"), "Cargo.lock": "version = 4\n" })),
      {},
    );
    expect(dependenciesSection.checklist?.(outside.facts)?.[0]).toEqual({
      category: "Dependency pinning",
      status: "⚠️ Partial",
      notes: "2 dependencies, all with bounded requirements; 1 path dependency outside the repository",
    });
    // Decoy: the same path dependency inside the repository.
    const inside = await dependenciesScanner.run(
      await ingest(await makeRepo({ "Cargo.toml": cargo("crates/engine"), "Cargo.lock": "version = 4\n" })),
      {},
    );
    expect(dependenciesSection.checklist?.(inside.facts)?.[0]).toEqual({
      category: "Dependency pinning",
      status: "✅ Good",
      notes: "2 dependencies, all with bounded requirements",
    });
  });
});

describe("lockfile counting rule", () => {
  const count = (name: string, text: string) =>
    parseLockfile(name, name, text)?.packages.map((entry) => `${entry.name}@${entry.version}:${entry.line}`);

  it("counts an npm package installed at several paths once, under its real name, and skips workspace links", () => {
    const lock = JSON.stringify(
      {
        lockfileVersion: 3,
        packages: {
          "": { name: "root" },
          "node_modules/a": { version: "1.0.0" },
          "node_modules/b/node_modules/a": { version: "1.0.0" },
          "node_modules/c/node_modules/a": { version: "2.0.0" },
          "node_modules/cjs": { name: "string-width", version: "4.2.3" },
          "node_modules/member": { resolved: "packages/member", link: true },
          "packages/member": { name: "member", version: "0.1.0" },
        },
      },
      null,
      2,
    );
    expect(count("package-lock.json", lock)).toEqual(["a@1.0.0:7", "a@2.0.0:13", "string-width@4.2.3:16"]);
    const v1 = JSON.stringify(
      {
        lockfileVersion: 1,
        dependencies: { cjs: { version: "npm:string-width@4.2.3" }, d: { version: "1.0.0" } },
      },
      null,
      2,
    );
    expect(count("package-lock.json", v1)).toEqual(["string-width@4.2.3:4", "d@1.0.0:7"]);
  });

  it("counts a yarn berry package and its patch: entry once, and an alias under the aliased package", () => {
    const berry = lines(
      "__metadata:",
      "  version: 8",
      "",
      '"typescript@npm:^5.9.3":',
      "  version: 5.9.3",
      "",
      '"typescript@patch:typescript@npm%3A^5.9.3#optional!builtin<compat/typescript>":',
      "  version: 5.9.3",
      "",
      '"string-width-cjs@npm:string-width@^4.2.0":',
      "  version: 4.2.3",
      "",
      '"local@file:../local::locator=app%40workspace%3A.":',
      "  version: 0.0.0",
    );
    expect(count("yarn.lock", berry)).toEqual(["typescript@5.9.3:4", "string-width@4.2.3:10"]);
  });

  it("drops pnpm peer suffixes (v5 `_`, v6 parentheses) and skips local directories", () => {
    const v6 = lines(
      "lockfileVersion: '6.0'",
      "packages:",
      "  /react-dom@18.2.0(react@18.2.0):",
      "    resolution: {integrity: sha512-a}",
      "  /react-dom@18.2.0(react@18.3.0):",
      "    resolution: {integrity: sha512-a}",
      "  /react@18.2.0:",
      "    resolution: {integrity: sha512-b}",
      "  file:packages/ui:",
      "    resolution: {directory: packages/ui, type: directory}",
    );
    expect(count("pnpm-lock.yaml", v6)).toEqual(["react-dom@18.2.0:3", "react@18.2.0:7"]);
    const v5 = lines(
      "lockfileVersion: 5.4",
      "packages:",
      "  /react-dom/18.2.0_react@18.2.0:",
      "    dev: false",
      "  /react-dom/18.2.0_react@18.3.0:",
      "    dev: false",
    );
    expect(count("pnpm-lock.yaml", v5)).toEqual(["react-dom@18.2.0:3"]);
  });

  it("leaves out Cargo, uv and poetry packages built from the repository itself", () => {
    const cargo = lines(
      "version = 3",
      "[[package]]",
      'name = "member"',
      'version = "0.1.0"',
      "[[package]]",
      'name = "forked"',
      'version = "0.2.0"',
      'source = "git+https://github.com/x/forked?branch=main#0123abc"',
    );
    expect(count("Cargo.lock", cargo)).toEqual(["forked@0.2.0:6"]);
    const uv = lines(
      "version = 1",
      "[[package]]",
      'name = "lib"',
      'version = "0.1.0"',
      'source = { directory = "libs/lib" }',
      "[[package]]",
      'name = "wheel-file"',
      'version = "1.0.0"',
      'source = { path = "wheels/wheel_file-1.0.0-py3-none-any.whl" }',
    );
    expect(count("uv.lock", uv)).toEqual(["wheel-file@1.0.0:7"]);
    const poetry = lines(
      "[[package]]",
      'name = "shared"',
      'version = "0.1.0"',
      "[package.source]",
      'type = "directory"',
      'url = "../shared"',
      "[[package]]",
      'name = "requests"',
      'version = "2.31.0"',
    );
    expect(count("poetry.lock", poetry)).toEqual(["requests@2.31.0:8"]);
  });

  it("counts GEM and GIT specs, once per version across platforms, and not the PATH gems", () => {
    const gemfileLock = lines(
      "GIT",
      "  remote: https://github.com/acme/internal.git",
      "  revision: 0123abc",
      "  specs:",
      "    internal (0.3.0)",
      "",
      "PATH",
      "  remote: .",
      "  specs:",
      "    app (1.0.0)",
      "      rack (>= 2)",
      "",
      "GEM",
      "  remote: https://rubygems.org/",
      "  specs:",
      "    nokogiri (1.16.0-arm64-darwin)",
      "    nokogiri (1.16.0-x86_64-linux)",
      "    rack (3.0.8)",
    );
    expect(count("Gemfile.lock", gemfileLock)).toEqual([
      "internal@0.3.0:5",
      "nokogiri@1.16.0:16",
      "rack@3.0.8:18",
    ]);
  });
});

describe("manifest edge cases from real manifests", () => {
  it("finds target dependencies whose cfg key escapes quotes, and reads pnpm catalog: as managed", async () => {
    const root = await makeRepo({
      "Cargo.toml": lines(
        "[package]",
        'name = "errno"',
        "",
        '[target."cfg(target_os=\\"wasi\\")".dependencies.libc]',
        'version = "0.2"',
        "",
        '[target."cfg(unix)".dependencies.libc]',
        'version = "0.2"',
      ),
      "web/package.json": lines(
        "{",
        '  "dependencies": {',
        '    "react": "catalog:",',
        '    "vue": "catalog-x"',
        "  }",
        "}",
      ),
    });
    const { facts } = await dependenciesScanner.run(await ingest(root), {});
    expect(
      facts.dependencies.map((entry) => [
        entry.manifest,
        entry.line,
        entry.name,
        entry.pinning,
        entry.condition,
      ]),
    ).toEqual([
      ["Cargo.toml", 4, "libc", "minor-wide", 'cfg(target_os="wasi")'],
      ["Cargo.toml", 7, "libc", "minor-wide", "cfg(unix)"],
      ["web/package.json", 3, "react", "managed", undefined],
      ["web/package.json", 4, "vue", "wildcard", undefined],
    ]);
  });
});

describe("manifests as real projects write them", () => {
  it("reads a replace before its require, uv sources, git requirement names and pip-compile file names", async () => {
    const root = await makeRepo({
      "routes/go.mod": [
        "module example.com/app/routes",
        "",
        "replace example.com/app/models => ../models",
        "",
        "require (",
        "\texample.com/app/models v1.2.3",
        "\tgithub.com/gin-gonic/gin v1.9.1",
        ")",
        "",
      ].join("\n"),
      "pyproject.toml": [
        "[project]",
        'name = "onto"',
        'version = "1.0.0"',
        "dependencies = [",
        '    "table-logger",',
        '    "requests==2.32.3",',
        "]",
        "[tool.uv.sources]",
        'table-logger = { git = "https://github.com/AleksTk/table-logger.git", rev = "v0.3.7" }',
        "",
      ].join("\n"),
      "requirements.in": "git+https://github.com/AleksTk/table-logger.git@v0.3.7  # pinned fork\n",
      "ontology.requirements.txt": "pyyaml==6.0.1\n",
    });
    const { facts } = await dependenciesScanner.run(await ingest(root), {});
    const rows = facts.dependencies.map((entry) => [entry.manifest, entry.name, entry.line, entry.pinning]);
    expect(rows.sort()).toEqual(
      [
        ["ontology.requirements.txt", "pyyaml", 1, "exact"],
        ["pyproject.toml", "requests", 6, "exact"],
        ["pyproject.toml", "table-logger", 5, "git-pinned"],
        ["requirements.in", "table-logger", 1, "git-pinned"],
        ["routes/go.mod", "example.com/app/models", 3, "path"],
        ["routes/go.mod", "github.com/gin-gonic/gin", 7, "exact"],
      ].sort(),
    );
  });
});
