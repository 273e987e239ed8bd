import type { RawFindingInput } from "../../schemas/index.js";
import type { CiFacts } from "../ci.js";
import type { FactStrength } from "../scanner.js";
import { linesOf } from "./evidence.js";
import { lex, syntaxFor } from "./lexer.js";
import { folderLabel, isInside } from "./packages.js";
import { isManualOnly, type Workflow } from "./workflows.js";
import type { CheckSite } from "./workflows-analysis.js";
import { type CheckKind, classifyAction, classifyCommand } from "./workflows-commands.js";

const KIND_LABEL: Record<CheckKind, string> = {
  test: "test",
  lint: "lint",
  "type-check": "type-check",
  build: "build",
  "dependency-audit": "dependency audit",
  "code-scanning": "code scanning",
};
const GATES: CheckKind[] = ["test", "lint", "type-check", "dependency-audit"];

/** Checks that are written down but never run: commented out, or behind `if: false` / `when: never`. */
export function disabledChecks(workflow: Workflow, text: string, checks: CheckSite[]): CiFacts["disabled"] {
  const out: CiFacts["disabled"] = [];
  const syntax = syntaxFor("yaml");
  if (syntax)
    for (const comment of lex(text, syntax).comments) {
      const body = comment.text.trim();
      const prefixed = /^-?\s*(?:run|uses|script):\s*/.exec(body);
      const command = body.slice(prefixed?.[0].length ?? 0).replace(/^-\s+/, "");
      const looksLikeCommand =
        prefixed !== null ||
        /^(?:npm|pnpm|yarn|bun|cargo|go|make|just|npx|uv|poetry)\s+\S/.test(command) ||
        /\s(?:-{1,2}[\w-]+|\.?\.?\/\S*)/.test(command);
      if (!looksLikeCommand) continue;
      const found = /^uses:/.test(prefixed?.[0].trim() ?? "")
        ? classifyAction(command, {})
        : classifyCommand(command);
      for (const check of found)
        if (GATES.includes(check.kind))
          out.push({
            file: workflow.file,
            line: comment.line,
            kind: check.kind,
            how: "commented-out",
            text: body,
          });
    }
  for (const check of checks)
    if (check.disabled && check.file === workflow.file && GATES.includes(check.kind))
      out.push({
        file: check.file,
        line: check.line,
        kind: check.kind,
        how: "never-runs",
        text: check.command,
      });
  return out;
}

/** Findings about what CI checks: ignored failures, disabled checks, suites never run, no dependency audit. */
export function ciFindings(facts: CiFacts, texts: Map<string, string>, complete: boolean): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  for (const site of facts.swallowed) {
    if (site.checks.length === 0) continue;
    const serious = site.checks.some((kind) => kind === "test" || kind === "type-check");
    const what = site.checks.map((kind) => KIND_LABEL[kind]).join(", ");
    // A second, lenient run (coverage, annotations) beside a strict run of the same checks gates nothing less.
    const sameJob = facts.checks.filter((check) => check.file === site.file && check.job === site.job);
    const strict = sameJob
      .filter((check) => check.swallowed && check.line === site.line)
      .map((lenient) =>
        sameJob.find(
          (check) =>
            check.line !== site.line &&
            check.kind === lenient.kind &&
            check.ecosystem === lenient.ecosystem &&
            !check.swallowed &&
            !check.disabled &&
            lenient.folders.every((folder) => check.folders.some((covering) => isInside(folder, covering))),
        ),
      );
    const duplicated = strict.length > 0 && strict.every((check) => check !== undefined);
    const how =
      site.how === "or-true"
        ? "`|| true` (or an equivalent) after the command"
        : site.how === "continue-on-error"
          ? "`continue-on-error: true`"
          : "`allow_failure: true`";
    findings.push({
      ruleId: "ci/failure-ignored",
      area: "ci-cd",
      severity: duplicated ? "low" : serious ? "high" : "medium",
      title: `CI ignores ${what} failures (job ${site.job})`,
      description: duplicated
        ? `${how} in ${site.file} lets this ${what} step fail without failing the pipeline; the same job also runs the ${what} without the override (line${strict.length === 1 ? "" : "s"} ${[...new Set(strict.map((check) => check?.line))].join(", ")}), so only this extra run goes unchecked.`
        : `${how} in ${site.file} lets the ${what} step fail without failing the pipeline, so its errors are never acted on.`,
      recommendation:
        "Remove the override so failures block the merge; fix or explicitly baseline the current errors.",
      location: { file: site.file, startLine: site.line, endLine: site.line },
      evidence: linesOf(texts.get(site.file) ?? "", site.line),
    });
  }
  const active = facts.checks.filter((check) => !check.disabled);
  for (const entry of facts.disabled) {
    // Another step still running the same kind of check makes the disabled copy dead config, not a gap.
    if (active.some((check) => check.kind === entry.kind)) continue;
    findings.push({
      ruleId: "ci/check-disabled",
      area: "ci-cd",
      severity: "medium",
      title: `${capitalise(KIND_LABEL[entry.kind])} step is ${entry.how === "commented-out" ? "commented out" : "disabled"} in CI`,
      description: `${entry.file} holds a ${KIND_LABEL[entry.kind]} step that ${entry.how === "commented-out" ? "is commented out" : "can never run (`if: false` / `when: never`)"} and no other CI step runs one.`,
      recommendation: `Re-enable the ${KIND_LABEL[entry.kind]} step and fix what made it fail.`,
      location: { file: entry.file, startLine: entry.line, endLine: entry.line },
      evidence: linesOf(texts.get(entry.file) ?? "", entry.line),
    });
  }
  if (!complete) return findings;
  for (const suite of facts.suites) {
    if (suite.runInCi !== "no") continue;
    findings.push({
      ruleId: "ci/tests-not-run",
      area: "testing",
      severity: suite.tests >= 10 ? "high" : "medium",
      title: `${suite.tests} ${suite.ecosystem} test${suite.tests === 1 ? "" : "s"} in ${folderLabel(suite.root)} never run in CI`,
      description: `${suite.testFiles} test file${suite.testFiles === 1 ? "" : "s"} with ${suite.tests} test${suite.tests === 1 ? "" : "s"} under ${folderLabel(suite.root)} exist, but no CI job that runs on its own (on a push, pull request or schedule) runs a ${suite.ecosystem} test command in that folder or above it, so regressions there reach the main branch unnoticed.`,
      recommendation: `Add a CI job (or step) that runs the ${suite.ecosystem} tests in ${folderLabel(suite.root)} on every push and pull request.`,
    });
  }
  const { audited, unaudited } = facts.dependencyAudit;
  const inert = facts.checks.filter(
    (check) =>
      check.kind === "dependency-audit" &&
      !check.disabled &&
      (check.swallowed || check.manual) &&
      (check.ecosystem === "any" || unaudited.includes(check.ecosystem)),
  );
  if (unaudited.length > 0)
    findings.push({
      ruleId: "ci/no-dependency-audit",
      area: "dependencies",
      severity: "medium",
      title:
        audited.length === 0
          ? "No dependency vulnerability audit in CI"
          : `CI audits ${audited.join(", ")} dependencies but not ${unaudited.join(", ")}`,
      description: `No CI step checks the ${unaudited.join(", ")} dependencies against advisory databases (cargo audit/deny, pip-audit, npm audit, govulncheck, OSV-Scanner, Trivy, dependency-review…) in a way that can fail the build, so a known-vulnerable version can be merged and shipped.${inert.length > 0 ? ` The audit steps at ${inert.map((check) => `${check.file}:${check.line}`).join(", ")} ignore their failures or run only by hand.` : ""}`,
      recommendation:
        "Add a dependency audit step for each ecosystem (or one OSV-Scanner/Trivy step) that fails on known vulnerabilities.",
    });
  return findings;
}

/** Workflows that only run when started by hand although they hold checks no automatic workflow runs. */
export function manualOnlyFindings(
  workflows: readonly Workflow[],
  checks: readonly CheckSite[],
  texts: Map<string, string>,
): RawFindingInput[] {
  const automatic = new Set(
    checks.filter((check) => !check.disabled && !check.manual).map((check) => check.kind),
  );
  return workflows.flatMap((workflow): RawFindingInput[] => {
    if (!isManualOnly(workflow)) return [];
    const held = checks.filter(
      (check) =>
        check.file === workflow.file && check.manual && !check.disabled && GATES.includes(check.kind),
    );
    const kinds = GATES.filter((kind) => held.some((check) => check.kind === kind) && !automatic.has(kind));
    if (kinds.length === 0) return [];
    const jobs = [...new Set(held.filter((check) => kinds.includes(check.kind)).map((check) => check.job))];
    const line = workflow.triggersLine ?? workflow.firstLine;
    return [
      {
        ruleId: "ci/manual-only-workflow",
        area: "ci-cd",
        severity: kinds.includes("test") ? "medium" : "low",
        title: `Workflow ${workflow.name ? `\`${workflow.name}\`` : workflow.file} runs only when started by hand`,
        description: `${workflow.file} triggers only on ${workflow.triggers.join(", ")}, so its ${kinds.map((kind) => KIND_LABEL[kind]).join(", ")} steps (job${jobs.length === 1 ? "" : "s"} ${jobs.join(", ")}) never run on a push or pull request, and no other workflow runs them automatically.`,
        recommendation:
          "Trigger the workflow on `push` and `pull_request` (keep `workflow_dispatch` for manual runs) and make its jobs required status checks.",
        location: { file: workflow.file, startLine: line, endLine: line },
        evidence: linesOf(texts.get(workflow.file) ?? "", line),
      },
    ];
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Strengths the CI facts prove. */
export function ciStrengths(facts: CiFacts, complete: boolean): FactStrength[] {
  const out: FactStrength[] = [];
  const running = (kind: string) =>
    facts.checks.some((check) => check.kind === kind && !check.disabled && !check.swallowed && !check.manual);
  const gates = (["test", "lint", "type-check"] as const).filter(running);
  if (gates.length === 3) out.push({ area: "ci-cd", text: "CI runs the tests, linters and type checks." });
  if (complete && facts.suites.length > 0 && facts.suites.every((suite) => suite.runInCi === "yes"))
    out.push({
      area: "testing",
      text: `CI runs every test suite in the repository (${facts.suites.map((suite) => `${suite.ecosystem} ${folderLabel(suite.root)}`).join(", ")}).`,
    });
  if (facts.dependencyAudit.audited.length > 0 && facts.dependencyAudit.unaudited.length === 0)
    out.push({
      area: "dependencies",
      text: `CI audits dependencies for known vulnerabilities (${facts.dependencyAudit.audited.join(", ")}).`,
    });
  const external = facts.actions.total - facts.actions.local;
  if (external > 0 && facts.actions.pinnedToSha === external)
    out.push({ area: "security", text: "Every GitHub Action is pinned to a full commit SHA." });
  const github = facts.workflows.filter((workflow) => workflow.permissions !== "n/a");
  if (github.length > 0 && github.every((workflow) => ["workflow", "per-job"].includes(workflow.permissions)))
    out.push({ area: "security", text: "Every workflow limits its GITHUB_TOKEN permissions." });
  return out;
}
