import type { CiFacts } from "../../../../tools/ci.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

const COLUMNS = ["test", "lint", "type-check", "build", "dependency-audit", "code-scanning"] as const;
const HOW = {
  "or-true": "`|| true`",
  "continue-on-error": "`continue-on-error`",
  "allow-failure": "`allow_failure`",
};
const RUN = { yes: "✅ yes", indirect: "⚠️ indirectly (opaque runner)", no: "❌ no" };

export const ciSection: FactsSection<CiFacts> = {
  render(facts) {
    const parts = ["### CI pipelines"];
    if (facts.workflows.length === 0) {
      parts.push(
        "",
        facts.unsupported.length > 0
          ? `No GitHub Actions or GitLab CI files; other CI configuration (${facts.unsupported.map(code).join(", ")}) was not analysed.`
          : "No GitHub Actions or GitLab CI configuration.",
      );
      return parts.join("\n");
    }
    const rows = facts.workflows.flatMap((workflow) =>
      workflow.jobs.map((job) => [
        code(workflow.file),
        `${job.id} (line ${job.line})${workflow.manualOnly ? ", manual only" : ""}`,
        ...COLUMNS.map((kind) => (job.checks.includes(kind) ? "✅" : "—")),
      ]),
    );
    parts.push(
      table(["Workflow", "Job", "Tests", "Lint", "Type-check", "Build", "Dep. audit", "Code scanning"], rows),
    );
    if (facts.suites.length > 0)
      parts.push(
        "",
        "Test suites in the repository and whether a CI job runs them:",
        "",
        table(
          ["Suite", "Ecosystem", "Test files", "Tests", "Run in CI"],
          facts.suites.map((suite) => [
            code(suite.root === "" ? "." : suite.root),
            suite.ecosystem,
            suite.testFiles,
            suite.tests,
            RUN[suite.runInCi],
          ]),
        ),
      );
    const ignored = facts.swallowed.filter((site) => site.checks.length > 0);
    if (ignored.length > 0)
      parts.push(
        "",
        "Failures ignored:",
        "",
        ...ignored.map(
          (site) =>
            `- ${code(`${site.file}:${site.line}`)} job ${code(site.job)}: ${site.checks.join(", ")} (${HOW[site.how]})`,
        ),
      );
    if (facts.disabled.length > 0)
      parts.push(
        "",
        "Checks written down but not run:",
        "",
        ...facts.disabled.map(
          (entry) => `- ${code(`${entry.file}:${entry.line}`)} ${entry.kind}: ${code(entry.text)}`,
        ),
      );
    const actions = facts.actions;
    if (actions.total > 0)
      parts.push(
        "",
        `Action references: ${actions.total} (${actions.pinnedToSha} pinned to a commit SHA, ${actions.local} local, ${actions.unpinnedFirstParty} GitHub-owned on tags, ${actions.unpinnedThirdParty} third-party on tags or branches).`,
      );
    const audit = facts.dependencyAudit;
    if (audit.audited.length + audit.unaudited.length > 0)
      parts.push(
        "",
        `Dependency audit in CI: ${audit.audited.length > 0 ? audit.audited.join(", ") : "none"}${audit.unaudited.length > 0 ? `; not audited: ${audit.unaudited.join(", ")}` : ""}.`,
      );
    return parts.join("\n");
  },
  checklist(facts) {
    const audit = facts.dependencyAudit;
    if (facts.workflows.length === 0)
      return facts.unsupported.length === 0 && audit.unaudited.length > 0
        ? [
            {
              category: "Dependency audit",
              status: "❌ Missing",
              notes: "No CI pipeline runs a dependency audit",
            },
          ]
        : [];
    const items: ChecklistItem[] = [];
    const running = facts.checks.filter((check) => check.kind === "test" && !check.disabled && !check.manual);
    const manualTests = facts.checks.some(
      (check) => check.kind === "test" && !check.disabled && check.manual,
    );
    const missed = facts.suites.filter((suite) => suite.runInCi === "no");
    const swallowed = running.some((check) => check.swallowed);
    items.push({
      category: "CI test gate",
      status: running.length === 0 ? "❌ Missing" : missed.length > 0 || swallowed ? "⚠️ Partial" : "✅ Good",
      notes:
        running.length === 0
          ? manualTests
            ? "Tests run only in workflows started by hand"
            : "No CI job runs the tests"
          : [
              `${new Set(running.map((check) => check.job)).size} job(s) run tests`,
              ...(missed.length > 0
                ? [`not run: ${missed.map((suite) => suite.root || ".").join(", ")}`]
                : []),
              ...(swallowed ? ["test failures ignored"] : []),
            ].join("; "),
    });
    if (audit.audited.length + audit.unaudited.length > 0)
      items.push({
        category: "Dependency audit",
        status:
          audit.unaudited.length === 0 ? "✅ Good" : audit.audited.length > 0 ? "⚠️ Partial" : "❌ Missing",
        notes:
          audit.unaudited.length === 0
            ? `Audited in CI: ${audit.audited.join(", ")}`
            : facts.checks.some(
                  (check) =>
                    check.kind === "dependency-audit" && !check.disabled && (check.swallowed || check.manual),
                )
              ? `No audit that can fail the build for ${audit.unaudited.join(", ")}`
              : `No audit step for ${audit.unaudited.join(", ")}`,
      });
    const github = facts.workflows.filter((workflow) => workflow.permissions !== "n/a");
    if (github.length > 0) {
      const unpinned = facts.actions.unpinnedFirstParty + facts.actions.unpinnedThirdParty;
      const open = github.filter(
        (workflow) => workflow.permissions === "none" || workflow.permissions === "partial",
      );
      items.push({
        category: "CI supply chain",
        status: unpinned === 0 && open.length === 0 ? "✅ Good" : "⚠️ Partial",
        notes: `${unpinned} action reference(s) not pinned to a SHA; ${open.length} workflow(s) without token permissions`,
      });
    }
    return items;
  },
};
