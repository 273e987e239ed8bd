import type { Ecosystem } from "./packages.js";

/** What a CI step checks. */
export const CHECK_KINDS = [
  "test",
  "lint",
  "type-check",
  "build",
  "dependency-audit",
  "code-scanning",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** A check one command or action performs; `any` when it covers every ecosystem or cannot be told. */
export interface CommandCheck {
  kind: CheckKind;
  ecosystem: Ecosystem | "any";
  tool: string;
}

/** A command pattern and the check it means. */
export interface Rule extends CommandCheck {
  pattern: RegExp;
}

// A tool name at the start of a command segment, after a runner prefix (npx, poetry run, python -m…).
const RUNNER = String.raw`^(?:sudo\s+)?(?:(?:npx|bunx|uvx|pipx\s+run|pnpm\s+(?:exec|dlx)|yarn(?:\s+dlx)?|poetry\s+run|uv\s+run|pipenv\s+run|pdm\s+run|hatch\s+run|rye\s+run|python[\d.]*\s+(?:-[A-Za-z]+\s+)*-[A-Za-z]*m|py\s+-m|bundle\s+exec|time)\s+(?:--?\S+\s+)*)?`;
// `cargo`, `cargo +nightly`, `cargo "+${MSRV}"`.
const CARGO = String.raw`^cargo\s+(?:"?\+\S+\s+)?`;
const tool = (name: string) => new RegExp(`${RUNNER}(?:\\S*/)?${name}(?![\\w-])`);
// tox/nox sessions that check something other than tests (one or a comma list of them).
const TOX_NON_TEST_NAME =
  "(?:mypy|pyright|typecheck|types?|lint|flake8|ruff|pre-commit|format|style|pylint|docs?)[\\w-]*";
const TOX_NON_TEST = `${TOX_NON_TEST_NAME}(?:,${TOX_NON_TEST_NAME})*`;

/** Shell command patterns, anchored at the start of a command segment. */
export const RULES: Rule[] = [
  // Tests.
  {
    kind: "test",
    ecosystem: "rust",
    tool: "cargo test",
    // `--no-run` only compiles the tests; `cargo insta test` and `cargo hack test` run them.
    pattern: new RegExp(
      `${CARGO}(?:(?:insta|hack|miri)\\s+(?:--?\\S+\\s+)*)?(?:test|nextest|llvm-cov|tarpaulin)\\b(?!.*\\s--no-run\\b)`,
    ),
  },
  { kind: "test", ecosystem: "rust", tool: "wasm-pack test", pattern: /^wasm-pack\s+test\b/ },
  { kind: "test", ecosystem: "python", tool: "pytest", pattern: tool("(?:pytest|py\\.test)") },
  { kind: "test", ecosystem: "python", tool: "unittest", pattern: tool("unittest") },
  // tox and nox run what their sessions say: `nox -s mypy` type-checks, `tox -e lint` lints.
  {
    kind: "test",
    ecosystem: "python",
    tool: "tox",
    pattern: tool(`(?:tox|nox)(?!.*\\s(?:-e|-s|--sessions?)\\s+${TOX_NON_TEST}(?:\\s|$))`),
  },
  {
    kind: "type-check",
    ecosystem: "python",
    tool: "tox",
    pattern: tool(
      `(?:tox|nox)\\s.*(?:-e|-s|--sessions?)\\s+[\\w,-]*\\b(?:mypy|pyright|typecheck|types?)[\\w-]*`,
    ),
  },
  {
    kind: "lint",
    ecosystem: "python",
    tool: "tox",
    pattern: tool(
      `(?:tox|nox)\\s.*(?:-e|-s|--sessions?)\\s+[\\w,-]*\\b(?:lint|flake8|ruff|pre-commit|format|style|pylint)[\\w-]*`,
    ),
  },
  { kind: "test", ecosystem: "python", tool: "coverage", pattern: tool("coverage\\s+run") },
  { kind: "test", ecosystem: "python", tool: "django test", pattern: /manage\.py\s+test\b/ },
  { kind: "test", ecosystem: "node", tool: "vitest/jest", pattern: tool("(?:vitest|jest|mocha|ava|c8|nyc)") },
  { kind: "test", ecosystem: "node", tool: "playwright", pattern: tool("playwright\\s+test") },
  { kind: "test", ecosystem: "node", tool: "cypress", pattern: tool("cypress\\s+run") },
  { kind: "test", ecosystem: "node", tool: "node --test", pattern: /^(?:node|deno)\s+(?:--test\b|test\b)/ },
  { kind: "test", ecosystem: "go", tool: "go test", pattern: /^(?:go\s+test|gotestsum|ginkgo)\b/ },
  {
    kind: "test",
    ecosystem: "jvm",
    tool: "maven",
    pattern:
      /^(?:\S*\/)?mvnw?\b(?!.*-D(?:skipTests|maven\.test\.skip)\b).*\s(?:test|verify|install|package)\b/,
  },
  {
    kind: "test",
    ecosystem: "jvm",
    tool: "gradle",
    pattern: /^(?:\S*\/)?gradlew?\b(?!.*-x\s+test\b).*\s(?:test|check|build)\b/,
  },
  {
    kind: "test",
    ecosystem: "any",
    tool: "make/just test",
    pattern: /^(?:make|just|task|mise\s+run)\b.*\s(?:test|tests|check|ci)(?:[-:_][\w-]*)?(?![\w-])/,
  },
  {
    kind: "test",
    ecosystem: "any",
    tool: "test script",
    // `ci/test.sh`, `script/test -sv` (scripts-to-rule-them-all), `./run-tests.py`.
    pattern: /^(?:(?:ba|z)?sh\s+)?\S*\/(?:\S*test\S*\.(?:sh|bash|py)\b|test(?:s)?(?:\s|$))/,
  },
  {
    kind: "test",
    ecosystem: "rust",
    tool: "xtask",
    // A project's own task runner (`cargo xtask ci`, `cargo run -p xtask -- test`) usually runs the tests.
    pattern: new RegExp(`${CARGO}(?:xtask|run\\s+(?:--?\\S+\\s+)*-p\\s+xtask)\\b.*\\b(?:ci|test)\\b`),
  },
  {
    kind: "lint",
    ecosystem: "any",
    tool: "lint script",
    pattern: /^(?:(?:ba|z)?sh\s+)?\S*\/(?:\S*[/_-])?(?:lint|format-check|check-format)\S*\.(?:sh|bash|py)\b/,
  },
  {
    kind: "test",
    ecosystem: "any",
    tool: "other test runner",
    pattern:
      /^(?:ctest|dotnet\s+test|rspec|rake\s+(?:test|spec)|mix\s+test|phpunit|swift\s+test|flutter\s+test|zig\s+build\s+test)\b/,
  },
  // Lint and format checks.
  { kind: "lint", ecosystem: "rust", tool: "clippy", pattern: new RegExp(`${CARGO}(?:clippy|fmt)\\b`) },
  {
    kind: "lint",
    ecosystem: "python",
    tool: "ruff",
    pattern: tool("(?:ruff|flake8|pylint|black|isort|pycodestyle|pydocstyle|pre-commit)"),
  },
  {
    kind: "lint",
    ecosystem: "node",
    tool: "eslint",
    pattern: tool("(?:eslint|biome|prettier|stylelint|oxlint|xo)"),
  },
  {
    kind: "lint",
    ecosystem: "go",
    tool: "golangci-lint",
    pattern: /^(?:golangci-lint|go\s+vet|gofmt|staticcheck|revive)\b/,
  },
  {
    kind: "lint",
    ecosystem: "jvm",
    tool: "checkstyle",
    pattern:
      /^(?:(?:\S*\/)?(?:mvnw?|gradlew?)\b.*\b(?:checkstyle|spotlessCheck|spotless:check|ktlintCheck|detekt)|ktlint|detekt)\b/,
  },
  {
    kind: "lint",
    ecosystem: "any",
    tool: "linters",
    pattern:
      /^(?:shellcheck|hadolint|actionlint|yamllint|markdownlint\S*|rubocop|(?:make|just)\s+(?:lint|fmt-check|format-check)\S*)\b/,
  },
  // Type checks.
  { kind: "type-check", ecosystem: "node", tool: "tsc", pattern: tool("(?:tsc|vue-tsc|svelte-check)") },
  {
    kind: "type-check",
    ecosystem: "python",
    tool: "mypy",
    pattern: tool("(?:mypy|pyright|basedpyright|pytype|pyre)"),
  },
  {
    kind: "type-check",
    ecosystem: "any",
    tool: "make typecheck",
    pattern: /^(?:make|just)\s+(?:typecheck|type-check|types|mypy)\b/,
  },
  // Builds.
  {
    kind: "build",
    ecosystem: "rust",
    tool: "cargo build",
    pattern: new RegExp(
      `${CARGO}(?:hack\\s+(?:--?\\S+\\s+)*)?(?:build|check)\\b|${CARGO}test\\b.*\\s--no-run\\b`,
    ),
  },
  {
    kind: "build",
    ecosystem: "node",
    tool: "bundler",
    pattern: tool("(?:vite|next|webpack|rollup|esbuild|tsup)\\s+build"),
  },
  { kind: "build", ecosystem: "go", tool: "go build", pattern: /^go\s+build\b/ },
  {
    kind: "build",
    ecosystem: "jvm",
    tool: "maven",
    pattern: /^(?:\S*\/)?mvnw?\b.*\s(?:package|install|compile)\b/,
  },
  {
    kind: "build",
    ecosystem: "jvm",
    tool: "gradle",
    pattern: /^(?:\S*\/)?gradlew?\b.*\s(?:build|assemble)\b/,
  },
  {
    kind: "build",
    ecosystem: "python",
    tool: "python build",
    pattern: /^(?:python[\d.]*\s+-m\s+build|poetry\s+build|uv\s+build|hatch\s+build|pdm\s+build)\b/,
  },
  {
    kind: "build",
    ecosystem: "any",
    tool: "docker build",
    pattern: /^docker\s+(?:buildx\s+)?(?:build|compose\s+build|bake)\b|^docker-compose\s+build\b/,
  },
  {
    kind: "build",
    ecosystem: "any",
    tool: "make build",
    pattern:
      /^(?:make|just)\s+(?:build|all|release)\b|^(?:cmake\s+--build|dotnet\s+build|wasm-pack\s+build|trunk\s+build)\b/,
  },
  // Dependency audits.
  {
    kind: "dependency-audit",
    ecosystem: "rust",
    tool: "cargo audit",
    pattern: /^cargo\s+(?:audit|deny|vet)\b/,
  },
  {
    kind: "dependency-audit",
    ecosystem: "python",
    tool: "pip-audit",
    pattern: tool("(?:pip-audit|safety\\s+(?:check|scan))"),
  },
  {
    kind: "dependency-audit",
    ecosystem: "node",
    tool: "npm audit",
    pattern: /^(?:npm|pnpm|yarn|bun)\s+(?:npm\s+)?audit\b|^(?:npx\s+)?(?:audit-ci|better-npm-audit)\b/,
  },
  {
    kind: "dependency-audit",
    ecosystem: "go",
    tool: "govulncheck",
    pattern: /^(?:\S*\/)?(?:govulncheck|nancy)\b/,
  },
  {
    kind: "dependency-audit",
    ecosystem: "any",
    tool: "vulnerability scanner",
    pattern:
      /^(?:osv-scanner|trivy|grype|snyk\s+(?:test|monitor)|dependency-check(?:\.sh)?|bundle(?:r)?[-\s]audit|composer\s+audit)\b/,
  },
  // Code scanning.
  {
    kind: "code-scanning",
    ecosystem: "any",
    tool: "static analysis",
    pattern: tool("(?:semgrep|bandit|gosec|gitleaks|trufflehog|codeql|sonar-scanner|brakeman)"),
  },
];

/** `uses:` actions (by name, without the ref) and the check each performs. */
export const ACTION_RULES: Array<[RegExp, CommandCheck]> = [
  [/^golangci\/golangci-lint-action\b/, { kind: "lint", ecosystem: "go", tool: "golangci-lint" }],
  [/^(?:astral-sh|chartboost)\/ruff-action\b/, { kind: "lint", ecosystem: "python", tool: "ruff" }],
  [/^psf\/black\b/, { kind: "lint", ecosystem: "python", tool: "black" }],
  [
    /^(?:actions-rs\/clippy-check|giraffate\/clippy-action|actions-rust-lang\/rustfmt)\b/,
    { kind: "lint", ecosystem: "rust", tool: "clippy" },
  ],
  [
    /^(?:pre-commit\/action|reviewdog\/|(?:github|super-linter)\/super-linter|wearerequired\/lint-action|rhysd\/actionlint|ludeeus\/action-shellcheck|hadolint\/hadolint-action|DavidAnson\/markdownlint)/,
    { kind: "lint", ecosystem: "any", tool: "linter action" },
  ],
  [/^jakebailey\/pyright-action\b/, { kind: "type-check", ecosystem: "python", tool: "pyright" }],
  [/^cypress-io\/github-action\b/, { kind: "test", ecosystem: "node", tool: "cypress" }],
  [
    /^(?:docker\/build-push-action|docker\/bake-action|goreleaser\/goreleaser-action)\b/,
    { kind: "build", ecosystem: "any", tool: "docker build" },
  ],
  [
    /^(?:rustsec|actions-rs)\/audit-check\b|^EmbarkStudios\/cargo-deny-action\b/,
    { kind: "dependency-audit", ecosystem: "rust", tool: "cargo audit" },
  ],
  [/^pypa\/gh-action-pip-audit\b/, { kind: "dependency-audit", ecosystem: "python", tool: "pip-audit" }],
  [/^golang\/govulncheck-action\b/, { kind: "dependency-audit", ecosystem: "go", tool: "govulncheck" }],
  [/^oke-py\/npm-audit-action\b/, { kind: "dependency-audit", ecosystem: "node", tool: "npm audit" }],
  [
    /^(?:actions\/dependency-review-action|aquasecurity\/trivy-action|snyk\/actions|google\/osv-scanner-action|anchore\/scan-action|dependency-check\/Dependency-Check_Action)/,
    { kind: "dependency-audit", ecosystem: "any", tool: "vulnerability scanner action" },
  ],
  [
    /^(?:github\/codeql-action|returntocorp\/semgrep-action|semgrep\/semgrep-action|securego\/gosec|gitleaks\/gitleaks-action|trufflesecurity\/trufflehog|SonarSource\/|ossf\/scorecard-action)/,
    { kind: "code-scanning", ecosystem: "any", tool: "code scanning action" },
  ],
];
