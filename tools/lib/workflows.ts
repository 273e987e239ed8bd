import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLMap,
} from "yaml";
import { splitLines } from "./evidence.js";
import { type Located, NodeReader, type ScriptLine } from "./workflows-yaml.js";

export { type Located, NodeReader, type ScriptLine } from "./workflows-yaml.js";

/** A GitHub Actions step, a GitLab script entry, or a step of a local composite action. */
export interface WorkflowStep {
  line: number;
  name?: string;
  uses?: Located;
  run?: ScriptLine[];
  /** Inputs of a `uses:` step (`with:`), by name. */
  with: Record<string, Located>;
  workingDirectory?: string;
  /** Set when the step carries `continue-on-error: true`. */
  continueOnError?: number;
  /** Set when the step can never run (`if: false`). */
  disabled?: number;
  /** The step's `if:` expression. */
  condition?: string;
}

/** A CI job with its steps in order. */
export interface WorkflowJob {
  id: string;
  line: number;
  steps: WorkflowStep[];
  /** Line of the job's `permissions:` (GitHub). */
  permissions?: number;
  /** Line of `continue-on-error: true` (GitHub) or `allow_failure: true` (GitLab). */
  failureAllowed?: number;
  disabled?: number;
  workingDirectory?: string;
  /** A reusable workflow the job calls instead of running steps (GitHub). */
  uses?: Located;
  /** The job's `if:` expression (GitHub). */
  condition?: string;
  /** Line of `when: manual` (GitLab): the job waits for someone to start it. */
  manual?: number;
}

/** A parsed CI file. */
export interface Workflow {
  file: string;
  system: "github-actions" | "gitlab-ci";
  name?: string;
  triggers: string[];
  /** Line of the `on:` key (GitHub). */
  triggersLine?: number;
  /** Line of the top-level `permissions:` (GitHub). */
  permissions?: number;
  firstLine: number;
  jobs: WorkflowJob[];
  /** GitLab `include:` entries (templates, files, remote configs). */
  includes: Located[];
}

/** Parses a CI file; undefined when it is not valid YAML or not a mapping. */
export function parseWorkflow(
  file: string,
  text: string,
  system: Workflow["system"],
): { workflow?: Workflow; error?: string } {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter });
  if (document.errors.length > 0)
    return { error: document.errors[0]?.message.split("\n")[0] ?? "invalid YAML" };
  const root = document.contents;
  if (!isMap(root)) return { error: "the file is not a YAML mapping" };
  const reader = new NodeReader(counter, splitLines(text));
  const firstKey = root.items[0]?.key;
  const base = {
    file,
    system,
    firstLine: isScalar(firstKey) ? reader.line(firstKey) : 1,
    includes: [] as Located[],
  };
  if (system === "github-actions") return { workflow: { ...base, ...readGithub(root, reader) } };
  return { workflow: { ...base, ...readGitlab(root, reader, document) } };
}

const MANUAL_TRIGGERS = new Set(["workflow_dispatch", "repository_dispatch"]);

/** A GitHub workflow that only runs when someone starts it (by hand or by API), never on a push or pull request. */
export function isManualOnly(workflow: Workflow): boolean {
  return workflow.triggers.length > 0 && workflow.triggers.every((trigger) => MANUAL_TRIGGERS.has(trigger));
}

/** Reads the steps of a GitHub `steps:` sequence (also used for local composite actions). */
export function readGithubSteps(steps: unknown, reader: NodeReader): WorkflowStep[] {
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((item): WorkflowStep[] => {
    if (!isMap(item)) return [];
    const run = item.get("run", true);
    const withMap = item.get("with", true);
    const inputs: Record<string, Located> = {};
    if (isMap(withMap))
      for (const pair of withMap.items) {
        const value = reader.located(pair.value);
        if (isScalar(pair.key) && value) inputs[String(pair.key.value)] = value;
      }
    return [
      {
        line: reader.line(item),
        name: reader.text(item.get("name", true)),
        uses: reader.located(item.get("uses", true)),
        run: run ? reader.script(run) : undefined,
        with: inputs,
        workingDirectory: reader.text(item.get("working-directory", true)),
        continueOnError: reader.trueLine(item.get("continue-on-error", true)),
        disabled: reader.falseLine(item.get("if", true)),
        condition: reader.text(item.get("if", true)),
      },
    ];
  });
}

function readGithub(root: YAMLMap, reader: NodeReader) {
  const on = root.get("on", true) ?? root.get(true, true);
  const triggers = isMap(on)
    ? on.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []))
    : isSeq(on)
      ? on.items.flatMap((item) => (isScalar(item) ? [String(item.value)] : []))
      : isScalar(on)
        ? [String(on.value)]
        : [];
  const defaults = reader.text(getIn(root, ["defaults", "run", "working-directory"]));
  const jobsNode = root.get("jobs", true);
  const jobs: WorkflowJob[] = [];
  if (isMap(jobsNode))
    for (const pair of jobsNode.items) {
      const job = pair.value;
      if (!isScalar(pair.key) || !isMap(job)) continue;
      jobs.push({
        id: String(pair.key.value),
        line: reader.line(pair.key),
        steps: readGithubSteps(job.get("steps", true), reader),
        permissions: keyLine(job, "permissions", reader),
        failureAllowed: reader.trueLine(job.get("continue-on-error", true)),
        disabled: reader.falseLine(job.get("if", true)),
        workingDirectory: reader.text(getIn(job, ["defaults", "run", "working-directory"])) ?? defaults,
        uses: reader.located(job.get("uses", true)),
        condition: reader.text(job.get("if", true)),
      });
    }
  // YAML 1.1 readers turn a bare `on` key into `true`.
  const onPair = root.items.find(
    (pair) => isScalar(pair.key) && (pair.key.value === "on" || pair.key.value === true),
  );
  return {
    name: reader.text(root.get("name", true)),
    triggers,
    triggersLine: onPair && isScalar(onPair.key) ? reader.line(onPair.key) : undefined,
    permissions: keyLine(root, "permissions", reader),
    jobs,
  };
}

const GITLAB_RESERVED = new Set([
  "stages",
  "variables",
  "default",
  "include",
  "workflow",
  "image",
  "services",
  "before_script",
  "after_script",
  "cache",
  "types",
]);

function readGitlab(root: YAMLMap, reader: NodeReader, document: Document) {
  const definitions = new Map<string, YAMLMap>();
  for (const pair of root.items)
    if (isScalar(pair.key) && isMap(pair.value)) definitions.set(String(pair.key.value), pair.value);
  const jobs: WorkflowJob[] = [];
  for (const [id, job] of definitions) {
    // Hidden keys (`.template:`) are templates that only run through `extends:` of a real job.
    if (GITLAB_RESERVED.has(id) || id.startsWith(".")) continue;
    const lookup = (key: string) => gitlabKey(job, key, { definitions, document }, new Set([id]));
    const steps: WorkflowStep[] = [];
    for (const key of ["before_script", "script", "after_script"]) {
      const script = lookup(key);
      const entries = isSeq(script) ? script.items : script ? [script] : [];
      for (const entry of entries) {
        const lines = reader.script(entry);
        if (lines.length > 0)
          steps.push({ line: lines[0]?.line ?? reader.line(entry), run: lines, with: {} });
      }
    }
    const whenNode = lookup("when");
    const when = reader.text(whenNode);
    jobs.push({
      id,
      line: reader.line(keyNode(root, id)),
      steps,
      failureAllowed: reader.trueLine(lookup("allow_failure")),
      disabled: when === "never" ? reader.line(whenNode) : undefined,
      manual: when === "manual" ? reader.line(whenNode) : undefined,
    });
  }
  const include = root.get("include", true);
  const includes: Located[] = [];
  const collect = (node: unknown) => {
    if (isScalar(node)) {
      const located = reader.located(node);
      if (located) includes.push(located);
    } else if (isMap(node)) for (const pair of node.items) collect(pair.value);
    else if (isSeq(node)) for (const item of node.items) collect(item);
  };
  collect(include);
  return { name: undefined, triggers: [], jobs, includes };
}

/**
 * A GitLab job key: its own, else from `<<: *anchor` merge keys, else inherited through `extends:` (a name or
 * a list, the last one winning).
 */
function gitlabKey(
  job: YAMLMap,
  key: string,
  context: { definitions: Map<string, YAMLMap>; document: Document },
  seen: Set<string>,
): unknown {
  if (job.has(key)) return job.get(key, true);
  const merged = job.items.find((pair) => isScalar(pair.key) && pair.key.value === "<<")?.value;
  const sources = isSeq(merged) ? merged.items : merged ? [merged] : [];
  for (const source of sources) {
    const target = isAlias(source) ? source.resolve(context.document) : source;
    if (isMap(target) && target.has(key)) return target.get(key, true);
  }
  const extended = job.get("extends", true);
  const parents = isSeq(extended) ? [...extended.items].reverse() : extended ? [extended] : [];
  for (const parent of parents) {
    const name = isScalar(parent) ? String(parent.value) : undefined;
    const template = name === undefined || seen.has(name) ? undefined : context.definitions.get(name);
    if (!name || !template) continue;
    const found = gitlabKey(template, key, context, new Set([...seen, name]));
    if (found !== undefined) return found;
  }
  return undefined;
}

function keyNode(map: YAMLMap, key: string): unknown {
  return map.items.find((item) => isScalar(item.key) && String(item.key.value) === key)?.key;
}

function getIn(map: YAMLMap, path: string[]): unknown {
  let node: unknown = map;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return node;
}

function keyLine(map: YAMLMap, key: string, reader: NodeReader): number | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? reader.line(pair.key) : undefined;
}
