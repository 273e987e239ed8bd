import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { dirName } from "./lib/files.js";
import { ECOSYSTEMS, packageRoots } from "./lib/packages.js";
import { isManualOnly, parseWorkflow, type Workflow } from "./lib/workflows.js";
import { analyseJob, type CheckSite, includeChecks, type SwallowSite } from "./lib/workflows-analysis.js";
import { CHECK_KINDS } from "./lib/workflows-commands.js";
import { ciFindings, ciStrengths, disabledChecks, manualOnlyFindings } from "./lib/workflows-findings.js";
import { localActionResolver, localActionTexts } from "./lib/workflows-local.js";
import {
  type ActionReference,
  actionReferences,
  injectionFindings,
  permissionsFinding,
  permissionsMode,
  pinningFindings,
  privilegedCheckoutFindings,
} from "./lib/workflows-security.js";
import { suiteCoverage, testSuites } from "./lib/workflows-suites.js";
import { targetBooks, targetResolver } from "./lib/workflows-targets.js";
import { defineScanner } from "./scanner.js";

const CheckKind = z.enum(CHECK_KINDS);
const EcosystemOrAny = z.enum([...ECOSYSTEMS, "any"]);

export const CiFacts = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      system: z.enum(["github-actions", "gitlab-ci"]),
      parsed: z.boolean(),
      error: z.string().optional(),
    }),
  ),
  /** CI files of systems this scanner does not read (Jenkins, CircleCI…); absence findings are withheld when any exist. */
  unsupported: z.array(z.string()),
  workflows: z.array(
    z.object({
      file: z.string(),
      name: z.string().nullable(),
      triggers: z.array(z.string()),
      /** Only `workflow_dispatch` / `repository_dispatch`: it never runs on a push or pull request. */
      manualOnly: z.boolean(),
      permissions: z.enum(["workflow", "per-job", "partial", "none", "n/a"]),
      jobs: z.array(
        z.object({
          id: z.string(),
          line: z.number().int(),
          steps: z.number().int(),
          checks: z.array(CheckKind),
        }),
      ),
    }),
  ),
  checks: z.array(
    z.object({
      kind: CheckKind,
      ecosystem: EcosystemOrAny,
      tool: z.string(),
      file: z.string(),
      job: z.string(),
      line: z.number().int(),
      command: z.string(),
      folders: z.array(z.string()),
      swallowed: z.boolean(),
      disabled: z.boolean(),
      manual: z.boolean(),
      /** How a `make`/`just`/`task` target or package script was followed to this command. */
      via: z.string().optional(),
    }),
  ),
  suites: z.array(
    z.object({
      ecosystem: z.enum(ECOSYSTEMS),
      root: z.string(),
      testFiles: z.number().int(),
      tests: z.number().int(),
      runInCi: z.enum(["yes", "indirect", "no"]),
    }),
  ),
  swallowed: z.array(
    z.object({
      file: z.string(),
      job: z.string(),
      line: z.number().int(),
      how: z.enum(["or-true", "continue-on-error", "allow-failure"]),
      checks: z.array(CheckKind),
    }),
  ),
  disabled: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      kind: CheckKind,
      how: z.enum(["commented-out", "never-runs"]),
      text: z.string(),
    }),
  ),
  dependencyAudit: z.object({ audited: z.array(z.string()), unaudited: z.array(z.string()) }),
  actions: z.object({
    total: z.number().int(),
    pinnedToSha: z.number().int(),
    local: z.number().int(),
    unpinnedFirstParty: z.number().int(),
    unpinnedThirdParty: z.number().int(),
  }),
});
export type CiFacts = z.infer<typeof CiFacts>;

const UNSUPPORTED_CI =
  /^(?:Jenkinsfile|.*\/Jenkinsfile|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|\.azure-pipelines\/.+\.ya?ml|bitbucket-pipelines\.yml|\.travis\.yml|\.drone\.yml|\.buildkite\/.+\.ya?ml)$/;

/** GitHub Actions and GitLab CI: what each job checks, ignored failures, tests CI never runs, and workflow security. */
export const ciScanner = defineScanner({
  id: "ci",
  version: "1.3.0",
  title: "CI pipelines",
  description:
    "Parses GitHub Actions workflows and GitLab CI: which jobs test, lint, type-check, build and audit dependencies; ignored failures; test suites no job runs; unpinned actions, pull_request_target checkouts, script injection and token permissions.",
  areas: ["ci-cd", "testing", "security", "dependencies"],
  facts: CiFacts,
  async run(snapshot) {
    const files: CiFacts["files"] = [];
    const workflows: Workflow[] = [];
    const texts = new Map<string, string>();
    for (const file of snapshot.files) {
      const system = /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file.path)
        ? "github-actions"
        : /^\.gitlab-ci\.ya?ml$/.test(file.path)
          ? "gitlab-ci"
          : undefined;
      if (!system) continue;
      const text = await snapshot.read(file.path);
      texts.set(file.path, text);
      const parsed = parseWorkflow(file.path, text, system);
      files.push({ file: file.path, system, parsed: parsed.workflow !== undefined, error: parsed.error });
      if (parsed.workflow) workflows.push(parsed.workflow);
    }
    const unsupported = snapshot.files.map((file) => file.path).filter((path) => UNSUPPORTED_CI.test(path));
    const folders = new Set(snapshot.files.flatMap((file) => ancestors(file.path)));
    const resolveLocal = localActionResolver(snapshot, texts, await localActionTexts(snapshot));
    const resolveTarget = workflows.length > 0 ? targetResolver(await targetBooks(snapshot)) : undefined;

    const checks: CheckSite[] = [];
    const swallowed: SwallowSite[] = [];
    const workflowFacts: CiFacts["workflows"] = [];
    for (const workflow of workflows) {
      const jobs: CiFacts["workflows"][number]["jobs"] = [];
      for (const job of workflow.jobs) {
        const analysis = analyseJob(workflow, job, (path) => folders.has(path), resolveLocal, resolveTarget);
        checks.push(...analysis.checks);
        swallowed.push(...analysis.swallowed);
        const running = analysis.checks.filter((check) => !check.disabled);
        jobs.push({
          id: job.id,
          line: job.line,
          steps: job.steps.length,
          checks: CHECK_KINDS.filter((kind) => running.some((check) => check.kind === kind)),
        });
      }
      checks.push(...includeChecks(workflow));
      workflowFacts.push({
        file: workflow.file,
        name: workflow.name ?? null,
        triggers: workflow.triggers,
        manualOnly: isManualOnly(workflow),
        permissions: permissionsMode(workflow),
        jobs,
      });
    }

    const roots = packageRoots(snapshot);
    // Reusable workflows of other repositories and GitLab `include:` files define jobs this scan cannot read.
    const opaqueJobs = workflows.some(
      (workflow) =>
        (!isManualOnly(workflow) &&
          workflow.jobs.some((job) => job.uses && !job.uses.value.startsWith("./"))) ||
        workflow.includes.some((include) => isIncludedFile(include.value)),
    );
    // Without a pipeline every suite is trivially unrun; hygiene already reports the missing CI.
    const suites = (workflows.length > 0 ? await testSuites(snapshot, roots) : []).map((suite) => ({
      ...suite,
      runInCi: suiteCoverage(suite, checks, opaqueJobs).runInCi,
    }));
    const ecosystems = ECOSYSTEMS.filter((ecosystem) => roots[ecosystem].length > 0);
    // An audit whose failure is ignored, or that runs only by hand, blocks nothing.
    const audits = checks.filter(
      (check) => check.kind === "dependency-audit" && !check.disabled && !check.swallowed && !check.manual,
    );
    const audited = ecosystems.filter((ecosystem) =>
      audits.some((check) => check.ecosystem === ecosystem || check.ecosystem === "any"),
    );
    const references = workflows.flatMap(actionReferences);
    const disabled = workflows.flatMap((workflow) =>
      disabledChecks(workflow, texts.get(workflow.file) ?? "", checks),
    );

    const facts: CiFacts = {
      files,
      unsupported,
      workflows: workflowFacts,
      checks,
      suites,
      swallowed,
      disabled,
      dependencyAudit: {
        audited,
        unaudited: ecosystems.filter((ecosystem) => !audited.includes(ecosystem)),
      },
      actions: actionCounts(references),
    };
    const complete = unsupported.length === 0 && files.every((file) => file.parsed) && workflows.length > 0;
    const findings: RawFindingInput[] = [
      ...ciFindings(facts, texts, complete),
      ...manualOnlyFindings(workflows, checks, texts),
      ...workflows.flatMap((workflow) => {
        const text = texts.get(workflow.file) ?? "";
        const permissions = workflow.jobs.length > 0 ? permissionsFinding(workflow, text) : undefined;
        return [
          ...privilegedCheckoutFindings(workflow, text),
          ...injectionFindings(workflow, text),
          ...(permissions ? [permissions] : []),
        ];
      }),
      ...pinningFindings(references, texts),
    ];
    return { facts, findings, strengths: ciStrengths(facts, complete) };
  },
});

/** A GitLab `include:` of a local, project or remote file (GitLab's own templates are named `Name.gitlab-ci.yml`). */
function isIncludedFile(value: string): boolean {
  if (/^https?:\/\//.test(value)) return true;
  return /\.ya?ml$/i.test(value) && !/^[\w-]+(?:\/[\w.-]+)*\.gitlab-ci\.yml$/.test(value);
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let folder = dirName(path); folder !== ""; folder = dirName(folder)) out.push(folder);
  return out;
}

function actionCounts(references: ActionReference[]): CiFacts["actions"] {
  const unpinned = references.filter((reference) => ["tag", "branch", "none"].includes(reference.pin));
  return {
    total: references.length,
    pinnedToSha: references.filter(
      (reference) => reference.pin === "sha" || reference.pin === "docker-digest",
    ).length,
    local: references.filter((reference) => reference.pin === "local").length,
    unpinnedFirstParty: unpinned.filter((reference) => reference.firstParty).length,
    unpinnedThirdParty: unpinned.filter((reference) => !reference.firstParty).length,
  };
}
