import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { ciSection } from "../../src/render/markdown/sections/ci.js";
import { ciScanner } from "../../tools/ci.js";
import { targetFolders } from "../../tools/lib/workflows-analysis.js";
import { classifyAction, classifyCommand } from "../../tools/lib/workflows-commands.js";
import { parsePackageScripts } from "../../tools/lib/workflows-target-files.js";
import { resolvedChecks, targetResolver } from "../../tools/lib/workflows-targets.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const MCPBOX_LIKE = `name: CI
on:
  push:
  pull_request:
jobs:
  backend:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: backend
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: pip install -r requirements.txt pytest mypy
      - name: Lint
        run: ruff check .
      - name: Type check
        run: mypy app --ignore-missing-imports || true
      # Run tests with pytest, then upload coverage
      - name: Test
        run: pytest tests
      # - run: pip-audit -r requirements.txt
      - uses: codecov/codecov-action@v4
        continue-on-error: true
  frontend:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608
      - run: |
          echo "run pytest later"
          cd frontend
          npm ci
          npm run build
`;

async function scan(files: Record<string, string>) {
  return ciScanner.run(await ingest(await makeRepo(files)), {});
}

describe("ci scanner", () => {
  it("finds ignored type checks, suites CI never runs, the missing audit and unpinned actions", async () => {
    const result = await scan({
      ".github/workflows/ci.yml": MCPBOX_LIKE,
      "backend/requirements.txt": "fastapi==0.115.0\n",
      "backend/app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
      "backend/tests/test_api.py": "def test_a():\n    pass\n\n\ndef test_b():\n    pass\n",
      "frontend/package.json": '{ "name": "frontend" }\n',
      "frontend/src/App.test.tsx":
        'it("renders", () => {});\nit.skip("later", () => {});\ntest("x", () => {});\n',
      "worker/package.json": '{ "name": "worker" }\n',
      "worker/test/index.test.ts": 'describe("w", () => {\n  it("a", () => {});\n  it("b", () => {});\n});\n',
    });
    expect(result.facts.workflows).toEqual([
      {
        file: ".github/workflows/ci.yml",
        name: "CI",
        triggers: ["push", "pull_request"],
        manualOnly: false,
        permissions: "partial",
        jobs: [
          { id: "backend", line: 6, steps: 7, checks: ["test", "lint", "type-check"] },
          { id: "frontend", line: 25, steps: 2, checks: ["build"] },
        ],
      },
    ]);
    expect(
      result.facts.checks.map((check) => [
        check.kind,
        check.tool,
        check.line,
        check.folders,
        check.swallowed,
      ]),
    ).toEqual([
      ["lint", "ruff", 16, ["backend"], false],
      ["type-check", "mypy", 18, ["backend/app"], true],
      ["test", "pytest", 21, ["backend/tests"], false],
      ["build", "build script", 35, ["frontend"], false],
    ]);
    expect(result.facts.suites).toEqual(
      [
        { ecosystem: "python", root: "backend", testFiles: 1, tests: 2, runInCi: "yes" },
        { ecosystem: "node", root: "frontend", testFiles: 1, tests: 3, runInCi: "no" },
        { ecosystem: "node", root: "worker", testFiles: 1, tests: 2, runInCi: "no" },
      ].sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.root.localeCompare(b.root)),
    );
    expect(result.facts.disabled).toEqual([
      {
        file: ".github/workflows/ci.yml",
        line: 22,
        kind: "dependency-audit",
        how: "commented-out",
        text: "- run: pip-audit -r requirements.txt",
      },
    ]);
    expect(result.facts.dependencyAudit).toEqual({ audited: [], unaudited: ["python", "node"] });
    expect(result.facts.actions).toEqual({
      total: 4,
      pinnedToSha: 1,
      local: 0,
      unpinnedFirstParty: 2,
      unpinnedThirdParty: 1,
    });
    expect(
      result.findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        finding.location?.startLine ?? null,
      ]),
    ).toEqual([
      ["ci/failure-ignored", "high", 18],
      ["ci/check-disabled", "medium", 22],
      ["ci/tests-not-run", "medium", null],
      ["ci/tests-not-run", "medium", null],
      ["ci/no-dependency-audit", "medium", null],
      ["ci/missing-permissions", "medium", 1],
      ["ci/unpinned-action", "medium", 23],
      ["ci/unpinned-first-party-action", "low", 12],
    ]);
    const ignored = result.findings[0];
    expect(ignored?.evidence).toBe("        run: mypy app --ignore-missing-imports || true");
    expect(ignored?.title).toBe("CI ignores type-check failures (job backend)");
    expect(result.findings[2]?.title).toBe("3 node tests in frontend never run in CI");
    expect(ciSection.checklist?.(result.facts)).toEqual([
      {
        category: "CI test gate",
        status: "⚠️ Partial",
        notes: "1 job(s) run tests; not run: frontend, worker",
      },
      { category: "Dependency audit", status: "❌ Missing", notes: "No audit step for python, node" },
      {
        category: "CI supply chain",
        status: "⚠️ Partial",
        notes: "3 action reference(s) not pinned to a SHA; 1 workflow(s) without token permissions",
      },
    ]);
    const markdown = ciSection.render(result.facts, {} as never);
    expect(markdown).toContain(
      "| `.github/workflows/ci.yml` | backend (line 6) | ✅ | ✅ | ✅ | — | — | — |",
    );
    expect(markdown).toContain("| `frontend` | node | 1 | 3 | ❌ no |");
    expect(markdown).toContain("- `.github/workflows/ci.yml:18` job `backend`: type-check (`|| true`)");
  });

  it("flags a pull_request_target checkout of the PR head and event data pasted into run scripts", async () => {
    const workflow = `name: PR bot
on:
  pull_request_target:
    types: [opened]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm install && npm test
      - name: Greet
        run: |
          echo "Thanks for \${{ github.event.pull_request.title }}"
          echo "sha \${{ github.event.pull_request.head.sha }}"
      - name: Safe
        env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "$TITLE"
`;
    const result = await scan({ ".github/workflows/bot.yml": workflow, "package.json": "{}\n" });
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.location?.startLine]),
    ).toEqual([
      ["ci/no-dependency-audit", "medium", undefined],
      ["ci/privileged-checkout", "critical", 13],
      ["ci/script-injection", "high", 17],
    ]);
    expect(result.findings[1]?.evidence).toBe(`          ref: \${{ github.event.pull_request.head.sha }}`);
    expect(result.findings[2]?.evidence).toBe(
      `          echo "Thanks for \${{ github.event.pull_request.title }}"`,
    );
    expect(result.facts.workflows[0]?.permissions).toBe("workflow");
    expect(result.facts.actions.pinnedToSha).toBe(1);
    expect(result.strengths).toEqual([
      { area: "security", text: "Every GitHub Action is pinned to a full commit SHA." },
      { area: "security", text: "Every workflow limits its GITHUB_TOKEN permissions." },
    ]);
  });

  it("reads GitLab CI: allow_failure, audit jobs, security templates and Rust unit tests", async () => {
    const gitlab = `stages: [test]
variables:
  X: "1"
test:
  stage: test
  script:
    - cargo test --workspace
lint:
  script:
    - cargo clippy -- -D warnings
  allow_failure: true
audit:
  script: cargo audit
include:
  - template: Security/SAST.gitlab-ci.yml
`;
    const result = await scan({
      ".gitlab-ci.yml": gitlab,
      "Cargo.toml": '[package]\nname = "demo"\n',
      "src/lib.rs":
        "pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {}\n\n    #[tokio::test]\n    #[ignore]\n    async fn slow() {}\n}\n",
    });
    expect(result.facts.checks.map((check) => [check.job, check.kind, check.line, check.swallowed])).toEqual([
      ["test", "test", 7, false],
      ["lint", "lint", 10, true],
      ["audit", "dependency-audit", 13, false],
      ["include", "code-scanning", 15, false],
    ]);
    expect(result.facts.suites).toEqual([
      { ecosystem: "rust", root: "", testFiles: 1, tests: 2, runInCi: "yes" },
    ]);
    expect(result.findings).toEqual([
      {
        ruleId: "ci/failure-ignored",
        area: "ci-cd",
        severity: "medium",
        title: "CI ignores lint failures (job lint)",
        description:
          "`allow_failure: true` in .gitlab-ci.yml lets the lint step fail without failing the pipeline, so its errors are never acted on.",
        recommendation:
          "Remove the override so failures block the merge; fix or explicitly baseline the current errors.",
        location: { file: ".gitlab-ci.yml", startLine: 11, endLine: 11 },
        evidence: "  allow_failure: true",
      },
    ]);
  });

  it("withholds absence findings when another CI system may run the tests", async () => {
    const result = await scan({
      ".github/workflows/ci.yml":
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make build\n",
      Jenkinsfile: "pipeline {}\n",
      "package.json": "{}\n",
      "test/a.test.js": 'test("a", () => {});\n',
    });
    expect(result.facts.unsupported).toEqual(["Jenkinsfile"]);
    expect(result.facts.suites).toEqual([
      { ecosystem: "node", root: "", testFiles: 1, tests: 1, runInCi: "no" },
    ]);
    expect(result.findings).toEqual([]);
  });

  it("records a workflow that is not valid YAML and withholds absence findings", async () => {
    const result = await scan({
      ".github/workflows/broken.yml": "on: [push\njobs:\n  a: {\n",
      "package.json": "{}\n",
      "test/a.test.js": 'test("a", () => {});\n',
    });
    expect(result.facts.files).toEqual([
      {
        file: ".github/workflows/broken.yml",
        system: "github-actions",
        parsed: false,
        error: expect.any(String),
      },
    ]);
    expect(result.facts.workflows).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("treats checks in a workflow started only by hand as gating nothing", async () => {
    const manual = `name: CI
# Disabled: tests run locally.
on: workflow_dispatch
jobs:
  python:
    runs-on: ubuntu-latest
    steps:
      - run: ruff check .
      - run: pytest tests
`;
    const result = await scan({
      ".github/workflows/ci.yml": manual,
      // Decoys: an automatic workflow that lints, and a manual release workflow that only builds.
      ".github/workflows/lint.yml":
        "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ruff check .\n",
      ".github/workflows/release.yml":
        "on:\n  workflow_dispatch:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build\n",
      "package.json": "{}\n",
      "requirements.txt": "pytest==8.0.0\n",
      "tests/test_app.py": "def test_a():\n    pass\n",
    });
    expect(result.facts.workflows.map((workflow) => [workflow.file, workflow.manualOnly])).toEqual([
      [".github/workflows/ci.yml", true],
      [".github/workflows/lint.yml", false],
      [".github/workflows/release.yml", true],
    ]);
    expect(result.facts.suites).toEqual([
      { ecosystem: "python", root: "", testFiles: 1, tests: 1, runInCi: "no" },
    ]);
    const manualFindings = result.findings.filter((finding) => finding.ruleId === "ci/manual-only-workflow");
    expect(manualFindings).toEqual([
      {
        ruleId: "ci/manual-only-workflow",
        area: "ci-cd",
        severity: "medium",
        title: "Workflow `CI` runs only when started by hand",
        description:
          ".github/workflows/ci.yml triggers only on workflow_dispatch, so its test steps (job python) never run on a push or pull request, and no other workflow runs them automatically.",
        recommendation:
          "Trigger the workflow on `push` and `pull_request` (keep `workflow_dispatch` for manual runs) and make its jobs required status checks.",
        location: { file: ".github/workflows/ci.yml", startLine: 3, endLine: 3 },
        evidence: "on: workflow_dispatch",
      },
    ]);
    expect(result.strengths?.map((strength) => strength.text)).not.toContain(
      "CI runs the tests, linters and type checks.",
    );
    expect(ciSection.checklist?.(result.facts)?.[0]).toEqual({
      category: "CI test gate",
      status: "❌ Missing",
      notes: "Tests run only in workflows started by hand",
    });
    expect(ciSection.render(result.facts, {} as never)).toContain(
      "| `.github/workflows/ci.yml` | python (line 5), manual only |",
    );
  });

  it("does not count a dependency audit whose failures are ignored", async () => {
    const workflow = `on: [push, pull_request]
permissions:
  contents: read
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - run: pip-audit -r backend/requirements.txt
      - run: |
          cd frontend
          npm audit --audit-level=high || true
`;
    const result = await scan({
      ".github/workflows/ci.yml": workflow,
      "backend/requirements.txt": "fastapi==0.115.0\n",
      "frontend/package.json": '{ "name": "frontend" }\n',
    });
    expect(result.facts.dependencyAudit).toEqual({ audited: ["python"], unaudited: ["node"] });
    const audit = result.findings.find((finding) => finding.ruleId === "ci/no-dependency-audit");
    expect(audit?.title).toBe("CI audits python dependencies but not node");
    expect(audit?.description).toContain(
      "The audit steps at .github/workflows/ci.yml:11 ignore their failures",
    );
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.location?.startLine ?? null]),
    ).toContainEqual(["ci/failure-ignored", 11]);
    expect(result.strengths?.map((strength) => strength.text).join("\n")).not.toContain(
      "CI audits dependencies",
    );
    expect(ciSection.checklist?.(result.facts)).toContainEqual({
      category: "Dependency audit",
      status: "⚠️ Partial",
      notes: "No audit that can fail the build for node",
    });
  });

  it("classifies commands as real projects write them: python flags, quoted env, sourced scripts, tox sessions, shell keywords", () => {
    const kinds = (line: string) => classifyCommand(line).map((check) => `${check.kind}:${check.tool}`);
    expect(
      Object.fromEntries(
        [
          "python -Im tox run --installpkg dist/*.whl -f py311",
          'RUSTFLAGS="--cfg loom -Dwarnings" cargo test --lib',
          ". ci/test-stable.sh test",
          "source ci/test.sh",
          'MIRIFLAGS="-Zmiri-strict-provenance" cargo miri test',
          "cargo run -p xtask -- ci",
          "nox -s mypy",
          "python -Im tox run --installpkg dist/*.whl -e mypy-pkg",
          "tox -e docs",
          "tox -e lint",
          "tox -e py,mypy",
          "if [ -d tests ]; then pytest; fi",
          "for dir in src tests; do ruff check $dir; done",
          "script/test -sv",
          "echo then pytest",
        ].map((line) => [line, kinds(line)]),
      ),
    ).toEqual({
      "python -Im tox run --installpkg dist/*.whl -f py311": ["test:tox"],
      'RUSTFLAGS="--cfg loom -Dwarnings" cargo test --lib': ["test:cargo test"],
      ". ci/test-stable.sh test": ["test:test script"],
      "source ci/test.sh": ["test:test script"],
      'MIRIFLAGS="-Zmiri-strict-provenance" cargo miri test': ["test:cargo test"],
      "cargo run -p xtask -- ci": ["test:xtask"],
      "nox -s mypy": ["type-check:tox"],
      "python -Im tox run --installpkg dist/*.whl -e mypy-pkg": ["type-check:tox"],
      "tox -e docs": [],
      "tox -e lint": ["lint:tox"],
      "tox -e py,mypy": ["test:tox", "type-check:tox"],
      "if [ -d tests ]; then pytest; fi": ["test:pytest"],
      "for dir in src tests; do ruff check $dir; done": ["lint:ruff"],
      "script/test -sv": ["test:test script"],
      "echo then pytest": [],
    });
  });

  it("reads a lint told to exit zero as swallowed and a job behind if: false && … as disabled", async () => {
    const root = await makeRepo({
      ".github/workflows/ci.yml": [
        "on: push",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  lint:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: flake8 . --count --exit-zero --max-complexity=10",
        "  publish-tests:",
        "    if: false && (github.event_name == 'push')",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: pytest",
        "",
      ].join("\n"),
    });
    const result = await ciScanner.run(await ingest(root), {});
    expect(
      result.facts.checks.map((check) => [check.job, check.kind, check.swallowed, Boolean(check.disabled)]),
    ).toEqual([
      ["lint", "lint", true, false],
      ["publish-tests", "test", false, true],
    ]);
  });

  it("classifies CI commands and actions, ignoring installs and echo", () => {
    const kinds = (line: string) => classifyCommand(line).map((check) => `${check.kind}:${check.ecosystem}`);
    expect(
      Object.fromEntries(
        [
          "cargo test --workspace",
          "cargo +nightly clippy -- -D warnings",
          "python -m pytest -q",
          "poetry run mypy src",
          "uv run ruff check .",
          "npm ci",
          "pip install pytest mypy",
          "cargo install cargo-audit",
          "rustup component add clippy",
          "npm --prefix web run test:unit",
          "pnpm -r lint",
          "yarn workspace api build",
          "npx tsc --noEmit",
          "go test ./... && go vet ./...",
          "./mvnw -B verify",
          "./gradlew build -x test",
          "docker build -t app .",
          'echo "pytest"',
          "make test",
          "trivy fs .",
          "npm audit --audit-level=high",
          "semgrep --config auto",
          "docker compose run --rm api pytest -q",
          "timeout 600 cargo test",
          "docker run --rm -v $PWD:/src img make lint",
        ].map((line) => [line, kinds(line)]),
      ),
    ).toEqual({
      "cargo test --workspace": ["test:rust"],
      "cargo +nightly clippy -- -D warnings": ["lint:rust"],
      "python -m pytest -q": ["test:python"],
      "poetry run mypy src": ["type-check:python"],
      "uv run ruff check .": ["lint:python"],
      "npm ci": [],
      "pip install pytest mypy": [],
      "cargo install cargo-audit": [],
      "rustup component add clippy": [],
      "npm --prefix web run test:unit": ["test:node"],
      "pnpm -r lint": ["lint:node"],
      "yarn workspace api build": ["build:node"],
      "npx tsc --noEmit": ["type-check:node"],
      "go test ./... && go vet ./...": ["test:go", "lint:go"],
      "./mvnw -B verify": ["test:jvm"],
      "./gradlew build -x test": ["build:jvm"],
      "docker build -t app .": ["build:any"],
      'echo "pytest"': [],
      "make test": ["test:any"],
      "trivy fs .": ["dependency-audit:any"],
      "npm audit --audit-level=high": ["dependency-audit:node"],
      "semgrep --config auto": ["code-scanning:any"],
      "docker compose run --rm api pytest -q": ["test:python"],
      "timeout 600 cargo test": ["test:rust"],
      "docker run --rm -v $PWD:/src img make lint": ["lint:any"],
    });
    expect(classifyAction("github/codeql-action/analyze@v3", {}).map((check) => check.kind)).toEqual([
      "code-scanning",
    ]);
    expect(classifyAction("actions/dependency-review-action@v4", {}).map((check) => check.kind)).toEqual([
      "dependency-audit",
    ]);
    expect(classifyAction("actions-rs/cargo@v1", { command: "test" }).map((check) => check.kind)).toEqual([
      "test",
    ]);
    expect(classifyAction("actions/checkout@v4", {})).toEqual([]);
  });

  it("maps `actions/checkout` paths and ignores checks run in another repository's checkout", async () => {
    const workflow = `name: CI
on: [push, pull_request]
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          path: app
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          repository: acme/shared
          path: shared
      - name: Test
        working-directory: app
        run: cargo test --workspace
      - run: cd shared && pytest
  downstream:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          repository: acme/plugin
      - run: just test
`;
    const result = await scan({
      ".github/workflows/ci.yml": workflow,
      "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
      "crates/core/Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n',
      "crates/core/src/lib.rs": "pub fn a() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n",
      "pyproject.toml": '[project]\nname = "tools"\n',
      "tests/test_tools.py": "def test_a():\n    pass\n",
    });
    expect(result.facts.checks.map((check) => [check.job, check.tool, check.folders])).toEqual([
      ["check", "cargo test", [""]],
      ["check", "pytest", []],
      ["downstream", "make/just test", []],
    ]);
    expect(result.facts.suites.map((suite) => [suite.ecosystem, suite.root, suite.runInCi])).toEqual([
      ["python", "", "no"],
      ["rust", "crates/core", "yes"],
    ]);
  });

  it("reads tool names, not script or target names, as folders", () => {
    const folders = new Set(["worker", "worker/test", "test", "tests", "backend", "backend/tests"]);
    const isFolder = (path: string) => folders.has(path);
    expect(targetFolders("npm test", "worker", isFolder)).toEqual(["worker"]);
    expect(targetFolders("make test", "", isFolder)).toEqual([""]);
    expect(targetFolders("make -C backend test", "", isFolder)).toEqual(["backend"]);
    expect(targetFolders("cargo test", "", isFolder)).toEqual([""]);
    expect(targetFolders("pytest tests", "backend", isFolder)).toEqual(["backend/tests"]);
    expect(targetFolders("ruff check backend tests", "", isFolder)).toEqual(["backend", "tests"]);
  });

  it("classifies real-world command variants and skips tools asked about themselves", () => {
    const kinds = (line: string) => classifyCommand(line).map((check) => `${check.kind}:${check.ecosystem}`);
    expect(
      Object.fromEntries(
        [
          "cargo insta test --all-features --test-runner nextest",
          'cargo "+$MSRV" test --no-run --all-features',
          "cargo hack check --each-feature",
          "wasm-pack test --node",
          'SKIP=clippy uvx --python="3.13" pre-commit run --all-files',
          "pipx run nox -s tests",
          "bash scripts/lint.sh",
          "bash scripts/test.sh",
          "ruff --help",
          "python -m ruff --version",
          "ruff version",
          "pre-commit install",
          "./mvnw -B install",
        ].map((line) => [line, kinds(line)]),
      ),
    ).toEqual({
      "cargo insta test --all-features --test-runner nextest": ["test:rust"],
      'cargo "+$MSRV" test --no-run --all-features': ["build:rust"],
      "cargo hack check --each-feature": ["build:rust"],
      "wasm-pack test --node": ["test:rust"],
      'SKIP=clippy uvx --python="3.13" pre-commit run --all-files': ["lint:python"],
      "pipx run nox -s tests": ["test:python"],
      "bash scripts/lint.sh": ["lint:any"],
      "bash scripts/test.sh": ["test:any"],
      "ruff --help": [],
      "python -m ruff --version": [],
      "ruff version": [],
      "pre-commit install": [],
      "./mvnw -B install": ["test:jvm", "build:jvm"],
    });
  });

  it("rates a lenient extra run beside a strict run of the same checks as low", async () => {
    const workflow = `name: CI
on: [push, pull_request]
permissions:
  contents: read
jobs:
  rust:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
      - run: cargo test --workspace
      - run: cargo llvm-cov --workspace --lcov || true
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
      - run: pip-audit -r requirements.txt
      - run: npm audit --audit-level=high || true
`;
    const result = await scan({
      ".github/workflows/ci.yml": workflow,
      "Cargo.toml": '[package]\nname = "a"\nversion = "0.1.0"\n',
    });
    expect(
      result.findings
        .filter((finding) => finding.ruleId === "ci/failure-ignored")
        .map((finding) => [finding.severity, finding.location?.startLine]),
    ).toEqual([
      ["low", 11],
      ["medium", 17],
    ]);
  });

  it("spares pull_request_target checkouts limited to this repository's branches and rates injection by trigger", async () => {
    const guarded = `name: Bench
on: pull_request_target
permissions:
  contents: read
jobs:
  bench:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          ref: \${{ github.event.pull_request.head.sha }}
  open:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
        with:
          ref: \${{ github.event.pull_request.head.sha }}
`;
    const review = `name: Review
on: pull_request
permissions:
  contents: read
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - run: ./review --branch \${{ github.head_ref }}
`;
    const comment = `name: Comment
on: issue_comment
permissions:
  contents: read
jobs:
  reply:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.comment.body }}"
`;
    const result = await scan({
      ".github/workflows/bench.yml": guarded,
      ".github/workflows/review.yml": review,
      ".github/workflows/comment.yml": comment,
    });
    expect(
      result.findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        finding.location?.file,
        finding.location?.startLine,
      ]),
    ).toEqual([
      ["ci/privileged-checkout", "critical", ".github/workflows/bench.yml", 18],
      ["ci/script-injection", "high", ".github/workflows/comment.yml", 9],
      ["ci/script-injection", "medium", ".github/workflows/review.yml", 9],
    ]);
  });

  it("reads GitLab templates, merge keys, manual jobs and included files", async () => {
    const gitlab = `include:
  - local: /ci/extra.yml
.python: &python
  image: python:3.12
  before_script:
    - mypy src
.tests:
  script:
    - pytest tests
unit:
  extends: .tests
lint:
  <<: *python
  script:
    - ruff check .
publish:
  script:
    - npm audit
  when: manual
`;
    const result = await scan({
      ".gitlab-ci.yml": gitlab,
      "requirements.txt": "fastapi\n",
      "tests/test_a.py": "def test_a():\n    pass\n",
      "web/package.json": '{ "name": "web" }\n',
      "web/a.test.js": 'it("a", () => {});\n',
    });
    expect(result.facts.workflows[0]?.jobs.map((job) => [job.id, job.line, job.checks])).toEqual([
      ["unit", 10, ["test"]],
      ["lint", 12, ["lint", "type-check"]],
      ["publish", 16, ["dependency-audit"]],
    ]);
    expect(result.facts.checks.map((check) => [check.job, check.line, check.manual])).toEqual([
      ["unit", 9, false],
      ["lint", 6, false],
      ["lint", 15, false],
      ["publish", 18, true],
    ]);
    // Jobs in the included file are unknown, so the web suite is only possibly run.
    expect(result.facts.suites.map((suite) => [suite.ecosystem, suite.root, suite.runInCi])).toEqual([
      ["node", "web", "indirect"],
      ["python", "", "yes"],
    ]);
  });

  it("does not ask to pin the SLSA generator and names branches in the first-party pinning finding", async () => {
    const workflow = `name: Publish
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@main
  provenance:
    needs: [build]
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v1.9.0
  other:
    uses: acme/workflows/.github/workflows/release.yml@v2
`;
    const result = await scan({ ".github/workflows/publish.yml": workflow });
    expect(result.findings.map((finding) => [finding.ruleId, finding.title])).toEqual([
      [
        "ci/unpinned-action",
        "Third-party action not pinned to a commit SHA: acme/workflows/.github/workflows/release.yml@v2",
      ],
      [
        "ci/unpinned-first-party-action",
        "1 GitHub-owned action reference not pinned to a commit SHA in .github/workflows/publish.yml",
      ],
    ]);
  });
  it("classifies make, just, task and package-script steps by the commands their targets run", async () => {
    const result = await scan({
      ".github/workflows/ci.yml": `name: CI
on: [push]
jobs:
  go:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
      - run: make lint
      - run: make ci
      - run: make -C legacy test
      - run: just t
      - run: task lint
      - run: npm test --prefix empty
  web:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: web
    steps:
      - uses: actions/checkout@v4
      - run: npm run check
      - run: npm run verify
`,
      Makefile: [
        "GO ?= go",
        ".PHONY: test lint ci",
        "# test: a comment, not a rule",
        "test:",
        "\t@$(GO) test ./...",
        "lint:",
        "\t# go test ./... belongs to the test target",
        "\tgolangci-lint run",
        "ci: lint",
        "\t$(MAKE) test",
        "",
      ].join("\n"),
      "legacy/Makefile": "build:\n\tgo build ./...\n",
      justfile: "alias t := test\n\ntest:\n    pytest -q\n",
      "Taskfile.yml": "version: '3'\ntasks:\n  lint:\n    cmds:\n      - ruff check .\n",
      "empty/package.json": JSON.stringify({
        name: "empty",
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
      }),
      "web/package.json": JSON.stringify({
        name: "web",
        scripts: {
          check: "tsc --noEmit",
          verify: "npm run lint && npm run test",
          lint: "eslint .",
          test: "vitest run",
        },
      }),
    });
    expect(
      result.facts.checks.map((check) => ({
        line: check.line,
        kind: check.kind,
        ecosystem: check.ecosystem,
        tool: check.tool,
        folders: check.folders,
        via: check.via,
      })),
    ).toEqual([
      {
        line: 8,
        kind: "test",
        ecosystem: "go",
        tool: "go test",
        folders: [""],
        via: "make test -> go test ./...",
      },
      {
        line: 9,
        kind: "lint",
        ecosystem: "go",
        tool: "golangci-lint",
        folders: [""],
        via: "make lint -> golangci-lint run",
      },
      {
        line: 10,
        kind: "lint",
        ecosystem: "go",
        tool: "golangci-lint",
        folders: [""],
        via: "make ci -> make lint -> golangci-lint run",
      },
      {
        line: 10,
        kind: "test",
        ecosystem: "go",
        tool: "go test",
        folders: [""],
        via: "make ci -> make test -> go test ./...",
      },
      // No `test` target in legacy/Makefile: the target name is all there is to go on.
      {
        line: 11,
        kind: "test",
        ecosystem: "any",
        tool: "make/just test",
        folders: ["legacy"],
        via: undefined,
      },
      {
        line: 12,
        kind: "test",
        ecosystem: "python",
        tool: "pytest",
        folders: [""],
        via: "just t -> pytest -q",
      },
      {
        line: 13,
        kind: "lint",
        ecosystem: "python",
        tool: "ruff",
        folders: [""],
        via: "task lint -> ruff check .",
      },
      {
        line: 22,
        kind: "type-check",
        ecosystem: "node",
        tool: "tsc",
        folders: ["web"],
        via: "npm run check -> tsc --noEmit",
      },
      {
        line: 23,
        kind: "lint",
        ecosystem: "node",
        tool: "eslint",
        folders: ["web"],
        via: "npm run verify -> npm run lint -> eslint .",
      },
      {
        line: 23,
        kind: "test",
        ecosystem: "node",
        tool: "vitest/jest",
        folders: ["web"],
        via: "npm run verify -> npm run test -> vitest run",
      },
    ]);
  });
  it("follows pre and post scripts and npm-run-all lists, and falls back to the name for unknown commands", () => {
    const book = parsePackageScripts(
      JSON.stringify({
        scripts: {
          pretest: "tsc -p .",
          test: "node ./run.js",
          posttest: "eslint .",
          "lint:js": "eslint .",
          "lint:css": "stylelint '**/*.css'",
          all: "run-p lint:* && run-s pretest",
          unit: "./custom-runner",
        },
      }),
    );
    if (!book) throw new Error("scripts not parsed");
    const resolver = targetResolver(new Map([["pkg/package.json", book]]));
    const summary = (segment: string) =>
      resolvedChecks(segment, "pkg", resolver)?.map(
        (check) => `${check.kind}:${check.tool} via ${check.via}`,
      );
    expect({
      test: summary("npm test"),
      all: summary("yarn all"),
      unit: summary("npm run unit"),
      missing: summary("npm run e2e"),
    }).toEqual({
      test: [
        "type-check:tsc via npm test -> npm run pretest -> tsc -p .",
        "lint:eslint via npm test -> npm run posttest -> eslint .",
        "test:test script via undefined",
      ],
      all: [
        "lint:eslint via yarn all -> run-p lint:* -> eslint .",
        "type-check:tsc via yarn all -> run-s pretest -> tsc -p .",
      ],
      // An unknown command and a missing script leave the step to be judged by its name.
      unit: undefined,
      missing: undefined,
    });
  });
});
