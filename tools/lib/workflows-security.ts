import type { RawFindingInput } from "../../schemas/index.js";
import { linesOf } from "./evidence.js";
import type { Workflow, WorkflowStep } from "./workflows.js";

/** A `uses:` reference and how it is pinned. */
export interface ActionReference {
  uses: string;
  file: string;
  line: number;
  pin: "sha" | "tag" | "branch" | "none" | "local" | "docker-digest" | "docker-tag";
  firstParty: boolean;
}

const SHA = /^[0-9a-f]{40}$/;

/** How one `uses:` value is pinned: a full commit SHA, a tag, a branch, or not at all. */
export function actionReference(uses: string, file: string, line: number): ActionReference {
  const base = { uses, file, line, firstParty: /^(?:actions|github)\//.test(uses) };
  if (uses.startsWith("./")) return { ...base, pin: "local" };
  if (uses.startsWith("docker://"))
    return { ...base, pin: uses.includes("@sha256:") ? "docker-digest" : "docker-tag" };
  const at = uses.lastIndexOf("@");
  if (at === -1) return { ...base, pin: "none" };
  const ref = uses.slice(at + 1);
  if (SHA.test(ref)) return { ...base, pin: "sha" };
  return { ...base, pin: /^v?\d+(?:\.\d+)*(?:[-+][\w.]+)?$/.test(ref) ? "tag" : "branch" };
}

/** Every `uses:` of a workflow (steps and reusable-workflow jobs) with its pinning. */
export function actionReferences(workflow: Workflow): ActionReference[] {
  const out: ActionReference[] = [];
  for (const job of workflow.jobs) {
    if (job.uses) out.push(actionReference(job.uses.value, workflow.file, job.uses.line));
    for (const step of job.steps)
      if (step.uses) out.push(actionReference(step.uses.value, workflow.file, step.uses.line));
  }
  return out;
}

/** Findings for actions not pinned to a commit: third-party ones one by one, first-party ones per file. */
export function pinningFindings(
  references: ActionReference[],
  texts: Map<string, string>,
): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  const unpinned = references.filter((reference) => ["tag", "branch", "none"].includes(reference.pin));
  const seen = new Set<string>();
  // The SLSA generator verifies its own ref and documents that it must be called by tag, not SHA.
  const pinnable = unpinned.filter((entry) => !/^slsa-framework\/slsa-github-generator\//.test(entry.uses));
  for (const reference of pinnable.filter((entry) => !entry.firstParty)) {
    const key = `${reference.file}\n${reference.uses}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const others = unpinned.filter((entry) => entry.file === reference.file && entry.uses === reference.uses);
    findings.push({
      ruleId: "ci/unpinned-action",
      area: "ci-cd",
      severity: "medium",
      title: `Third-party action not pinned to a commit SHA: ${reference.uses}`,
      description: `${reference.file} runs \`${reference.uses}\`${others.length > 1 ? ` (${others.length} times, lines ${others.map((entry) => entry.line).join(", ")})` : ""}, pinned to a ${reference.pin === "tag" ? "tag" : reference.pin === "branch" ? "branch" : "default branch"} that its owner can move; a compromised or re-tagged action runs with the job's token and secrets.`,
      recommendation:
        "Pin the action to a full 40-character commit SHA (with the tag in a comment) and let Dependabot or Renovate update it.",
      location: { file: reference.file, startLine: reference.line, endLine: reference.line },
      evidence: linesOf(texts.get(reference.file) ?? "", reference.line),
    });
  }
  const firstParty = unpinned.filter((entry) => entry.firstParty);
  for (const file of [...new Set(firstParty.map((entry) => entry.file))]) {
    const inFile = firstParty.filter((entry) => entry.file === file);
    const first = inFile[0];
    if (!first) continue;
    findings.push({
      ruleId: "ci/unpinned-first-party-action",
      area: "ci-cd",
      severity: "low",
      title: `${inFile.length} GitHub-owned action reference${inFile.length === 1 ? "" : "s"} not pinned to a commit SHA in ${file}`,
      description: `${[...new Set(inFile.map((entry) => entry.uses))].join(", ")} (lines ${inFile.map((entry) => entry.line).join(", ")}) follow movable tags or branches rather than commit SHAs.`,
      recommendation: "Pin actions to full commit SHAs for reproducible, tamper-evident workflows.",
      location: { file, startLine: first.line, endLine: first.line },
      evidence: linesOf(texts.get(file) ?? "", first.line),
    });
  }
  return findings;
}

const UNTRUSTED_CONTEXT = new RegExp(
  [
    String.raw`github\.event\.(?:issue|pull_request|discussion)\.(?:title|body)`,
    String.raw`github\.event\.(?:comment|review|review_comment)\.body`,
    String.raw`github\.event\.pages\.[\w*\[\]]+\.page_name`,
    String.raw`github\.event\.(?:commits\.[\w*\[\]]+|head_commit)\.(?:message|author\.(?:email|name))`,
    String.raw`github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)`,
    String.raw`github\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))`,
    String.raw`github\.head_ref`,
  ].join("|"),
);
const EXPRESSION = /\$\{\{([^}]*)\}\}/g;

/** `${{ github.event.… }}` values an outsider controls, expanded inside a `run:` script or github-script. */
export function injectionFindings(workflow: Workflow, text: string): RawFindingInput[] {
  if (workflow.system !== "github-actions") return [];
  const findings: RawFindingInput[] = [];
  const lines = new Set<number>();
  for (const job of workflow.jobs)
    for (const step of job.steps) {
      const scriptLines = [
        ...(step.run ?? []).map((entry) => entry.line),
        ...(/^actions\/github-script@/.test(step.uses?.value ?? "") && step.with.script
          ? scriptRange(step, text)
          : []),
      ];
      for (const line of scriptLines) {
        if (lines.has(line)) continue;
        const source = linesOf(text, line);
        const expression = [...source.matchAll(EXPRESSION)].find((match) =>
          UNTRUSTED_CONTEXT.test(match[1] ?? ""),
        );
        if (!expression) continue;
        lines.add(line);
        const unprivileged = unprivilegedPullRequestData(workflow, expression[1] ?? "");
        findings.push({
          ruleId: "ci/script-injection",
          area: "security",
          severity: unprivileged ? "medium" : "high",
          title: "Untrusted event data expanded inside a workflow script",
          description: unprivileged
            ? `\`${expression[0].trim()}\` in job \`${job.id}\` is pasted into the script before it runs, so a crafted pull-request title, body or branch name runs as shell commands; the workflow triggers only on \`${workflow.triggers.join("`, `")}\`, where a fork's run gets a read-only token and no secrets, which limits the damage.`
            : `\`${expression[0].trim()}\` in job \`${job.id}\` is pasted into the script before it runs, so a crafted title, body, branch name or commit message can run commands with the job's token and secrets.`,
          recommendation: `Pass the value through an environment variable (\`env: TITLE: \${{ … }}\`) and use "$TITLE" in the script.`,
          location: { file: workflow.file, startLine: line, endLine: line },
          evidence: source,
        });
      }
    }
  return findings;
}

const UNPRIVILEGED_TRIGGERS = new Set([
  "pull_request",
  "push",
  "merge_group",
  "workflow_dispatch",
  "schedule",
]);

/** Pull-request data in a workflow no privileged event starts: a fork's run has a read-only token and no secrets. */
function unprivilegedPullRequestData(workflow: Workflow, expression: string): boolean {
  return (
    /github\.(?:event\.pull_request\.|head_ref)/.test(expression) &&
    workflow.triggers.length > 0 &&
    workflow.triggers.every((trigger) => UNPRIVILEGED_TRIGGERS.has(trigger))
  );
}

function scriptRange(step: WorkflowStep, text: string): number[] {
  const start = step.with.script?.line ?? step.line;
  const lines = text.split("\n");
  const indent = (line: string) => line.length - line.trimStart().length;
  const keyIndent = indent(lines[start - 1] ?? "");
  const out = [start];
  for (let line = start + 1; line <= lines.length; line++) {
    const content = lines[line - 1] ?? "";
    if (content.trim() !== "" && indent(content) <= keyIndent) break;
    out.push(line);
  }
  return out;
}

const PR_HEAD = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\//;
const SAME_REPOSITORY =
  /head(?:\.repo|_repository)\.full_name\s*==\s*github\.repository\b|github\.repository\s*==\s*github\.event\.\w+\.head(?:\.repo|_repository)\.full_name|head(?:\.repo|_repository)\.fork\s*==\s*false|!\s*github\.event\.\w+\.head(?:\.repo|_repository)\.fork\b/;
const RUN_HEAD = /github\.event\.workflow_run\.head_(?:sha|branch)/;

/** `pull_request_target` / `workflow_run` workflows that check out the untrusted pull-request code. */
export function privilegedCheckoutFindings(workflow: Workflow, text: string): RawFindingInput[] {
  const prTarget = workflow.triggers.includes("pull_request_target");
  const workflowRun = workflow.triggers.includes("workflow_run");
  if (!prTarget && !workflowRun) return [];
  const findings: RawFindingInput[] = [];
  for (const job of workflow.jobs)
    for (const step of job.steps) {
      const ref = step.with.ref;
      if (!/^actions\/checkout@/.test(step.uses?.value ?? "") || !ref) continue;
      const untrusted = (prTarget && PR_HEAD.test(ref.value)) || (workflowRun && RUN_HEAD.test(ref.value));
      // Runs limited to branches of this repository never check out a fork's code.
      if (!untrusted || SAME_REPOSITORY.test(`${job.condition ?? ""}\n${step.condition ?? ""}`)) continue;
      const trigger = prTarget && PR_HEAD.test(ref.value) ? "pull_request_target" : "workflow_run";
      findings.push({
        ruleId: "ci/privileged-checkout",
        area: "security",
        severity: trigger === "pull_request_target" ? "critical" : "high",
        title: `${trigger} workflow checks out untrusted pull-request code`,
        description: `Job \`${job.id}\` runs on \`${trigger}\`, which has a write token and the repository's secrets, and checks out \`${ref.value}\`; any build, install or test step then runs code from a fork with those privileges.`,
        recommendation:
          "Use the `pull_request` trigger for building and testing contributions; if privileges are needed, split the work so the privileged workflow never runs code from the pull request.",
        location: { file: workflow.file, startLine: ref.line, endLine: ref.line },
        evidence: linesOf(text, ref.line),
      });
    }
  return findings;
}

/** How a GitHub workflow limits its token: at the top, on every job, on some jobs, or not at all. */
export function permissionsMode(workflow: Workflow): "workflow" | "per-job" | "partial" | "none" | "n/a" {
  if (workflow.system !== "github-actions") return "n/a";
  if (workflow.permissions !== undefined) return "workflow";
  const withPermissions = workflow.jobs.filter((job) => job.permissions !== undefined).length;
  if (workflow.jobs.length > 0 && withPermissions === workflow.jobs.length) return "per-job";
  return withPermissions > 0 ? "partial" : "none";
}

/** A finding for a GitHub workflow whose token keeps the repository's default (often write-all) permissions. */
export function permissionsFinding(workflow: Workflow, text: string): RawFindingInput | undefined {
  const mode = permissionsMode(workflow);
  if (mode !== "none" && mode !== "partial") return undefined;
  const open = workflow.jobs.filter((job) => job.permissions === undefined).map((job) => job.id);
  return {
    ruleId: "ci/missing-permissions",
    area: "ci-cd",
    severity: "medium",
    title: `Workflow does not limit its token permissions: ${workflow.file}`,
    description: `There is no top-level \`permissions:\` block and job${open.length === 1 ? "" : "s"} ${open.map((id) => `\`${id}\``).join(", ")} set none, so the GITHUB_TOKEN gets the repository default, which is write access on older repositories and organisations.`,
    recommendation:
      "Add `permissions: contents: read` at the top of the workflow and grant more per job only where needed.",
    location: { file: workflow.file, startLine: workflow.firstLine, endLine: workflow.firstLine },
    evidence: linesOf(text, workflow.firstLine),
  };
}
