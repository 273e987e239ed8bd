import { isInside } from "./packages.js";
import { isManualOnly, type Workflow, type WorkflowJob, type WorkflowStep } from "./workflows.js";
import {
  type CheckKind,
  type CommandCheck,
  classifyAction,
  classifySegment,
  commandSegments,
  isWrapped,
  packageScript,
} from "./workflows-commands.js";
import { resolvedChecks, type TargetResolver } from "./workflows-targets.js";

/** A check a CI job runs, where it is written, and the folders it applies to. */
export interface CheckSite extends CommandCheck {
  file: string;
  job: string;
  line: number;
  command: string;
  /** Folders the command runs in or names ("" is the repository root). */
  folders: string[];
  /** The step or job ignores the command's failure. */
  swallowed: boolean;
  /** The step or job can never run. */
  disabled: boolean;
  /** The workflow runs only when started by hand, so the check gates no push or pull request. */
  manual: boolean;
  /** How a runner target was followed to the command that checks (`make test -> go test ./...`). */
  via?: string;
}

/** A place where CI carries on after a failure. */
export interface SwallowSite {
  file: string;
  job: string;
  line: number;
  how: "or-true" | "continue-on-error" | "allow-failure";
  checks: CheckKind[];
}

/** A step defined in another file (a local composite action) that a job runs in place of one step. */
export type LocalActionResolver = (uses: string) => { file: string; steps: WorkflowStep[] } | undefined;

/** Everything the checks of one job say. */
export interface JobAnalysis {
  checks: CheckSite[];
  swallowed: SwallowSite[];
}

// `|| true` and friends, and linters told to succeed whatever they find (`flake8 --exit-zero`).
const OR_TRUE = /\|\|\s*(?:true|:|exit\s+0|echo\b)|\s--exit-zero\b/;

/** Classifies every step of a job: what it checks, where, and whether failures are ignored. */
export function analyseJob(
  workflow: Workflow,
  job: WorkflowJob,
  isFolder: (path: string) => boolean,
  resolveLocal: LocalActionResolver,
  resolveTarget?: TargetResolver,
): JobAnalysis {
  const analysis: JobAnalysis = { checks: [], swallowed: [] };
  const manual = isManualOnly(workflow) || job.manual !== undefined;
  const layout = checkoutLayout(job);
  const inRepository = (path: string) => {
    const mapped = layout(path);
    return mapped !== undefined && isFolder(mapped);
  };
  const visit = (file: string, steps: WorkflowStep[], depth: number) => {
    for (const step of steps) {
      const before = analysis.checks.length;
      const base = normalise(step.workingDirectory ?? job.workingDirectory ?? "");
      const context = {
        file,
        job: job.id,
        disabled: step.disabled !== undefined || job.disabled !== undefined,
        manual,
      };
      if (step.run) runChecks(step, base, context, inRepository, analysis, resolveTarget);
      if (step.uses) {
        const local =
          step.uses.value.startsWith("./") && depth < 3 ? resolveLocal(step.uses.value) : undefined;
        if (local) visit(local.file, local.steps, depth + 1);
        const inputs = Object.fromEntries(
          Object.entries(step.with).map(([key, entry]) => [key, entry.value]),
        );
        for (const check of classifyAction(step.uses.value, inputs))
          analysis.checks.push({
            ...check,
            ...context,
            line: step.uses.line,
            command: step.uses.value,
            folders: [base],
            swallowed: false,
          });
      }
      const added = analysis.checks.slice(before);
      const failureLine = step.continueOnError;
      if (failureLine !== undefined) {
        for (const check of added) check.swallowed = true;
        analysis.swallowed.push({
          file,
          job: job.id,
          line: failureLine,
          how: "continue-on-error",
          checks: kinds(added),
        });
      }
    }
  };
  visit(workflow.file, job.steps, 0);
  // Folders are workspace paths; a check in another repository's checkout covers none of ours.
  for (const check of analysis.checks)
    check.folders = check.folders.flatMap((folder) => {
      const mapped = layout(folder);
      return mapped === undefined ? [] : [mapped];
    });
  if (job.failureAllowed !== undefined) {
    for (const check of analysis.checks) check.swallowed = true;
    analysis.swallowed.push({
      file: workflow.file,
      job: job.id,
      line: job.failureAllowed,
      how: workflow.system === "gitlab-ci" ? "allow-failure" : "continue-on-error",
      checks: kinds(analysis.checks),
    });
  }
  return analysis;
}

function runChecks(
  step: WorkflowStep,
  base: string,
  context: { file: string; job: string; disabled: boolean; manual: boolean },
  isFolder: (path: string) => boolean,
  analysis: JobAnalysis,
  resolveTarget: TargetResolver | undefined,
): void {
  let cwd = base;
  for (const scriptLine of step.run ?? []) {
    if (scriptLine.text.startsWith("#")) continue;
    const swallowed = OR_TRUE.test(scriptLine.text);
    const lineChecks: CheckSite[] = [];
    for (const segment of commandSegments(scriptLine.text)) {
      const cd = /^(?:cd|pushd)\s+(\S+)$/.exec(segment);
      if (cd) {
        cwd = /[$`~]/.test(cd[1] ?? "") ? "" : join(cwd, unquote(cd[1] ?? ""));
        continue;
      }
      const resolved = resolvedChecks(segment, cwd, resolveTarget);
      for (const check of resolved ?? [])
        lineChecks.push({
          kind: check.kind,
          ecosystem: check.ecosystem,
          tool: check.tool,
          ...context,
          line: scriptLine.line,
          command: scriptLine.text,
          folders: isWrapped(check.text) ? [""] : targetFolders(check.text, check.folder, isFolder),
          swallowed,
          via: check.via,
        });
      if (resolved) continue;
      for (const check of classifySegment(segment))
        lineChecks.push({
          ...check,
          ...context,
          line: scriptLine.line,
          command: scriptLine.text,
          // Inside a container or wrapper the folder is unknown: treat it as the whole repository.
          folders: isWrapped(segment) ? [""] : targetFolders(segment, cwd, isFolder),
          swallowed,
        });
    }
    analysis.checks.push(...lineChecks);
    if (swallowed && lineChecks.length > 0)
      analysis.swallowed.push({
        file: context.file,
        job: context.job,
        line: scriptLine.line,
        how: "or-true",
        checks: kinds(lineChecks),
      });
  }
}

// Tools whose first word is a subcommand (`cargo test`, `ruff check`), and runners whose words are target names.
const SUBCOMMAND_TOOL =
  /^(?:\S*\/)?(?:cargo|go|uv|poetry|pipenv|pdm|hatch|rye|tox|nox|dotnet|docker|deno|ruff|gradlew?|mvnw?|git|golangci-lint)$/;
const TARGET_TOOL = /^(?:make|just|task|mise|rake)$/;

/** The folders a command works on: a package-manager folder flag, path arguments, or the working folder. */
export function targetFolders(segment: string, cwd: string, isFolder: (path: string) => boolean): string[] {
  const script = packageScript(segment);
  if (script) return [script.folder ? join(cwd, unquote(script.folder)) : cwd];
  const manifest = /--manifest-path[= ](\S+)/.exec(segment);
  if (manifest) return [join(cwd, dirOf(unquote(manifest[1] ?? "")))];
  const tokens = segment.split(/\s+/);
  if (TARGET_TOOL.test(tokens[0] ?? "")) {
    const directory = /(?:^|\s)(?:-C\s*|--directory[= ]|--working-directory[= ])(\S+)/.exec(segment);
    return [directory ? join(cwd, unquote(directory[1] ?? "")) : cwd];
  }
  const positional = tokens.slice(1).filter((token) => !token.startsWith("-") && !token.includes("="));
  if (SUBCOMMAND_TOOL.test(tokens[0] ?? "")) positional.shift();
  const paths = positional
    .map((token) => join(cwd, unquote(token).replace(/\/\.\.\.$/, "")))
    .filter((path) => path !== cwd && isFolder(path));
  return paths.length > 0 ? paths : [cwd];
}

function kinds(checks: CommandCheck[]): CheckKind[] {
  return [...new Set(checks.map((check) => check.kind))];
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}

function normalise(path: string): string {
  return /\$\{\{/.test(path) ? "" : join("", path);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** Joins a relative path onto a folder, resolving `.` and `..` (never above the root). */
export function join(folder: string, relative: string): string {
  if (relative.startsWith("/")) return "";
  const parts = folder === "" ? [] : folder.split("/");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/**
 * Maps a workspace folder of a GitHub job to a repository folder. `actions/checkout` with `path:` puts the
 * repository in a subfolder, and with a literal `repository:` it fetches another project: folders inside
 * such a checkout are not ours (undefined).
 */
export function checkoutLayout(job: WorkflowJob): (folder: string) => string | undefined {
  const checkouts = job.steps.flatMap((step) => {
    if (!/^actions\/checkout(?:@|$)/.test(step.uses?.value ?? "")) return [];
    const repository = step.with.repository?.value;
    const path = step.with.path?.value ?? "";
    // An expression (`${{ github.repository }}`, the pull request's fork) is this repository as far as can be told.
    const foreign = repository !== undefined && !repository.includes("${{");
    return /\$\{\{/.test(path) ? [] : [{ path: join("", path), foreign }];
  });
  const deepestFirst = checkouts.sort((a, b) => b.path.length - a.path.length);
  return (folder) => {
    const holder = deepestFirst.find((checkout) => isInside(folder, checkout.path));
    if (!holder) return folder;
    if (holder.foreign) return undefined;
    return holder.path === "" ? folder : folder.slice(holder.path.length).replace(/^\//, "");
  };
}

/** GitLab security templates pulled in with `include:` act as audit and scanning jobs. */
export function includeChecks(workflow: Workflow): CheckSite[] {
  return workflow.includes.flatMap((include): CheckSite[] => {
    const kind = /Dependency-Scanning|Container-Scanning/i.test(include.value)
      ? "dependency-audit"
      : /SAST|Secret-Detection/i.test(include.value)
        ? "code-scanning"
        : undefined;
    if (!kind) return [];
    return [
      {
        kind,
        ecosystem: "any",
        tool: "GitLab security template",
        file: workflow.file,
        job: "include",
        line: include.line,
        command: include.value,
        folders: [""],
        swallowed: false,
        disabled: false,
        manual: false,
      },
    ];
  });
}
