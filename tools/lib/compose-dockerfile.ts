import { Add, Arg, DockerfileParser, Env, type Instruction } from "dockerfile-ast";
import { runIssues } from "./compose-dockerfile-run.js";
import { type ContainerIssue, imageIssue, splitImage } from "./compose-issues.js";
import { secretNameKind } from "./entropy.js";

/** What codeaudit established about one Dockerfile. */
export interface DockerfileFacts {
  file: string;
  stages: number;
  baseImages: Array<{ image: string; line: number; pinned: boolean }>;
  /** The user the final stage runs as, if a USER instruction (in it or a stage it builds on) sets one. */
  finalUser: string | null;
  healthcheck: boolean;
  exposesPorts: boolean;
  error?: string;
}

interface Stage {
  name?: string;
  fromLine: number;
  image: string;
  /** As written, and with ARG defaults filled in (`USER $UID` with `ARG UID=0` is root). */
  user?: { value: string; resolved: string; line: number };
  args: Map<string, string>;
  healthcheck?: boolean;
  exposes: boolean;
}

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

/**
 * Dockerfile rules over the dockerfile-ast parse: unpinned base images, root or missing USER,
 * sudo and NOPASSWD, `curl | sh`, remote ADD, unpinned package installs, version specifiers the shell
 * reads as redirects, secrets in ARG/ENV, and a service image without a HEALTHCHECK.
 */
export function analyseDockerfile(
  file: string,
  text: string,
): { facts: DockerfileFacts; issues: ContainerIssue[] } {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const issues: ContainerIssue[] = [];
  const stages: Stage[] = [];
  const baseImages: DockerfileFacts["baseImages"] = [];
  // ARGs declared before the first FROM parameterise FROM lines; their defaults say which image a plain build uses.
  const globalArgs = new Map<string, string>();
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = lineOf(instruction);
    if (keyword === "ARG" && stages.length === 0 && instruction instanceof Arg)
      for (const property of instruction.getProperties())
        globalArgs.set(property.getName(), expandArgs(property.getValue() ?? "", globalArgs));
    if (keyword === "FROM") {
      const from = dockerfile.getFROMs().find((candidate) => lineOf(candidate) === line);
      const image = from?.getImage() ?? "";
      const resolved = expandArgs(image, globalArgs);
      const parent = stages.find(
        (stage) => stage.name !== undefined && stage.name === resolved.toLowerCase(),
      );
      stages.push({
        ...(from?.getBuildStage() ? { name: (from.getBuildStage() as string).toLowerCase() } : {}),
        fromLine: line,
        image: resolved,
        ...(parent?.user ? { user: parent.user } : {}),
        args: new Map(parent?.args),
        ...(parent?.healthcheck !== undefined ? { healthcheck: parent.healthcheck } : {}),
        exposes: parent?.exposes ?? false,
      });
      if (parent || resolved.toLowerCase() === "scratch" || resolved === "") continue;
      const issue = imageIssue(resolved, {
        file,
        line,
        rule: "containers/base-image-tag",
        what: "Base image",
      });
      baseImages.push({ image, line, pinned: issue === undefined && !resolved.includes("$") });
      if (issue) issues.push(issue);
      continue;
    }
    // Global ARGs (before the first FROM) are recorded in the history too.
    if (keyword === "ARG" || keyword === "ENV") issues.push(...secretIssues(file, keyword, instruction));
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (keyword === "ARG" && instruction instanceof Arg)
      for (const property of instruction.getProperties()) {
        const value = property.getValue();
        const known = value === null ? globalArgs.get(property.getName()) : expandArgs(value, stage.args);
        if (known !== undefined) stage.args.set(property.getName(), known);
      }
    else if (keyword === "USER") {
      const value = instruction.getArgumentsContent()?.trim() ?? "";
      stage.user = { value, resolved: expandArgs(value, stage.args), line };
    } else if (keyword === "HEALTHCHECK")
      stage.healthcheck = !/^NONE$/i.test(instruction.getArgumentsContent()?.trim() ?? "");
    else if (keyword === "EXPOSE") stage.exposes = true;
    else if (keyword === "RUN") issues.push(...runIssues(file, lines, instruction));
    else if (keyword === "ADD") issues.push(...addIssues(file, instruction));
  }
  const final = stages[stages.length - 1];
  if (final) issues.push(...finalStageIssues(file, final));
  return {
    facts: {
      file,
      stages: stages.length,
      baseImages,
      finalUser: final?.user?.value ?? null,
      healthcheck: final?.healthcheck ?? false,
      exposesPorts: final?.exposes ?? false,
    },
    issues,
  };
}

/** `$NAME` and `${NAME}` replaced by known ARG defaults; unknown names stay as written. */
function expandArgs(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const value = args.get(braced ?? bare ?? "");
    return value === undefined || value === "" ? whole : value;
  });
}

function finalStageIssues(file: string, final: Stage): ContainerIssue[] {
  const issues: ContainerIssue[] = [];
  const image = final.image.toLowerCase();
  const nonRootBase =
    image === "scratch" || /nonroot|rootless/.test(splitImage(image).tag ?? "") || /nonroot/.test(image);
  if (!final.user && !nonRootBase)
    issues.push({
      rule: "containers/no-user",
      severity: "medium",
      area: "security",
      title: "Image runs as root (no USER instruction)",
      description: `The final stage of ${file} (FROM at line ${final.fromLine}) never sets USER, so the process runs as root inside the container; a compromise of the process is root in the container and one kernel bug away from the host.`,
      recommendation:
        "Create an unprivileged user and switch to it (`RUN useradd -r app` then `USER app`) before CMD/ENTRYPOINT.",
      file,
      line: final.fromLine,
    });
  else if (final.user && /^(root|0)(:|$)/.test(final.user.resolved))
    issues.push({
      rule: "containers/root-user",
      severity: "medium",
      area: "security",
      title: "Image explicitly runs as root",
      description: `${file}:${final.user.line} sets \`USER ${final.user.value}\`${final.user.resolved === final.user.value ? "" : ` (\`${final.user.resolved}\` with the ARG defaults)`} as the last user of the final stage, so the container's process runs as root.`,
      recommendation: "Switch to an unprivileged user after the steps that need root (`USER app`).",
      file,
      line: final.user.line,
    });
  if (final.exposes && !final.healthcheck)
    issues.push({
      rule: "containers/no-healthcheck",
      severity: "low",
      area: "reliability",
      title: "Service image without HEALTHCHECK",
      description: `The final stage of ${file} (FROM at line ${final.fromLine}) exposes a port but declares no HEALTHCHECK, so Docker and compose cannot tell a hung service from a healthy one.`,
      recommendation:
        "Add a HEALTHCHECK that probes the service (e.g. `HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1`), or define one in the orchestrator.",
      file,
      line: final.fromLine,
    });
  return issues;
}

function addIssues(file: string, instruction: Instruction): ContainerIssue[] {
  if (instruction instanceof Add && instruction.getFlags().some((flag) => flag.getName() === "checksum"))
    return [];
  const content = instruction.getArgumentsContent() ?? "";
  const remote = content.split(/\s+/).find((word) => /^(https?:\/\/|git@)/.test(word));
  if (!remote) return [];
  return [
    {
      rule: "containers/add-remote-url",
      severity: "medium",
      area: "security",
      title: "ADD fetches a remote URL",
      description: `${file}:${lineOf(instruction)} adds \`${remote}\` at build time without a checksum, so the image contains whatever the server returns that day.`,
      recommendation:
        "Use `ADD --checksum=sha256:…` (or download with curl and verify the checksum in RUN); use COPY for local files.",
      file,
      line: lineOf(instruction),
    },
  ];
}

function secretIssues(file: string, keyword: string, instruction: Instruction): ContainerIssue[] {
  const properties =
    instruction instanceof Arg || instruction instanceof Env ? instruction.getProperties() : [];
  const issues: ContainerIssue[] = [];
  for (const property of properties) {
    const name = property.getName();
    const value = property.getValue();
    const range = property.getValueRange();
    if (!secretNameKind(name) || !value || !range || /^\$/.test(value.replace(/^["']/, ""))) continue;
    const line = range.start.line + 1;
    issues.push({
      rule: "containers/secret-in-image",
      severity: "high",
      area: "security",
      title: `${keyword} \`${name}\` bakes a credential into the image`,
      description: `${file}:${line} gives \`${name}\` a literal value; ${keyword === "ENV" ? "ENV values are stored in the image config and visible to anyone who can pull it (`docker inspect`)" : "ARG defaults are recorded in the image history (`docker history`)"}.`,
      recommendation:
        "Pass secrets at run time (environment, mounted files, a secret manager) or use BuildKit build secrets (`RUN --mount=type=secret`); rotate the value.",
      file,
      line,
      mask:
        range.end.line === range.start.line
          ? [[range.start.character, range.end.character]]
          : [[range.start.character, Number.MAX_SAFE_INTEGER]],
    });
  }
  return issues;
}
