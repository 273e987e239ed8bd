import path from "node:path";
import type { Document } from "yaml";
import { type ContainerIssue, imageIssue } from "./compose-issues.js";
import { isTrue, scalarText, YamlFile } from "./compose-yaml.js";

/** What codeaudit established about one compose service. */
export interface ComposeService {
  name: string;
  line: number;
  image: string | null;
  build: boolean;
  privileged: boolean;
  readOnly: boolean;
  noNewPrivileges: boolean;
  resourceLimits: boolean;
  healthcheck: boolean;
  /** The healthcheck command succeeds whatever the service does (`kill -0 1`, `true`, `… || exit 0`). */
  healthcheckAlwaysPasses: boolean;
  dockerSocket: "none" | "read-only" | "read-write";
  /** Published ports as written, and whether each binds every interface. */
  ports: Array<{ spec: string; line: number; allInterfaces: boolean }>;
  networks: string[];
}

export interface ComposeFacts {
  file: string;
  services: ComposeService[];
  networks: Array<{ name: string; line: number; internal: boolean; external: boolean }>;
  error?: string;
}

const DOCKER_SOCKET = /^\/(var\/)?run\/docker\.sock$/;

/**
 * A compose file's services and networks, and the hardening gaps in them. `dockerfileHealthcheck`
 * says whether the Dockerfile a service builds from declares a HEALTHCHECK (undefined if unknown).
 */
export function analyseCompose(
  file: string,
  text: string,
  dockerfileHealthcheck: (dockerfile: string) => boolean | undefined,
): { facts: ComposeFacts; issues: ContainerIssue[] } {
  const yaml = new YamlFile(text);
  const document = yaml.documents[0];
  if (!document || yaml.errors.length > 0)
    return { facts: { file, services: [], networks: [], error: yaml.errors[0] ?? "empty file" }, issues: [] };
  const issues: ContainerIssue[] = [];
  const services: ComposeService[] = [];
  const servicesNode = yaml.at(document, document.contents, ["services"]);
  for (const entry of yaml.entries(document, servicesNode)) {
    const service = readService(yaml, document, file, entry.key, entry.line, entry.value, issues);
    if (!service.healthcheck && service.build) {
      const fromDockerfile = dockerfileHealthcheck(buildDockerfile(file, yaml, document, entry.value));
      if (fromDockerfile) service.healthcheck = true;
    }
    services.push(service);
  }
  const networks = yaml
    .entries(document, yaml.at(document, document.contents, ["networks"]))
    .map((entry) => ({
      name: entry.key,
      line: entry.line,
      internal: isTrue(yaml.at(document, entry.value, ["internal"])),
      external: isTrue(yaml.at(document, entry.value, ["external"])),
    }));
  issues.push(...groupedIssues(file, services), ...networkIssues(file, services, networks));
  return { facts: { file, services, networks }, issues };
}

function readService(
  yaml: YamlFile,
  document: Document,
  file: string,
  name: string,
  line: number,
  node: unknown,
  issues: ContainerIssue[],
): ComposeService {
  const get = (key: string) => yaml.entry(document, node, key);
  const image = scalarText(yaml.resolve(document, get("image")?.value)) ?? null;
  const build = get("build") !== undefined;
  const imageEntry = get("image");
  if (image && imageEntry && !build) {
    const issue = imageIssue(image, {
      file,
      line: imageEntry.line,
      rule: "containers/compose-image-tag",
      what: `Service \`${name}\` image`,
    });
    if (issue) issues.push(issue);
  }
  const privileged = get("privileged");
  if (privileged && isTrue(yaml.resolve(document, privileged.value)))
    issues.push({
      rule: "containers/compose-privileged",
      severity: "high",
      area: "security",
      title: `Service \`${name}\` runs privileged`,
      description: `${file}:${privileged.line} gives \`${name}\` every kernel capability and access to the host's devices; an escape from this container is root on the host.`,
      recommendation:
        "Remove `privileged: true`; add only the capabilities the service needs with `cap_add`, and drop the rest with `cap_drop: [ALL]`.",
      file,
      line: privileged.line,
    });
  let dockerSocket: ComposeService["dockerSocket"] = "none";
  for (const volume of yaml.items(document, get("volumes")?.value)) {
    const mount = socketMount(yaml, document, volume);
    if (!mount) continue;
    if (mount === "read-write") dockerSocket = "read-write";
    else if (dockerSocket === "none") dockerSocket = "read-only";
    const volumeLine = yaml.line(volume);
    issues.push({
      rule: "containers/docker-socket",
      severity: mount === "read-write" ? "high" : "medium",
      area: "security",
      title: `Service \`${name}\` mounts the Docker socket${mount === "read-only" ? " (read-only)" : ""}`,
      description: `${file}:${volumeLine} mounts the Docker daemon socket into \`${name}\`. ${mount === "read-only" ? "`:ro` only stops writes to the socket file, not API calls: the container can still list containers, read their environment variables (secrets) and logs, and usually start new privileged containers." : "Whoever controls this container controls the Docker daemon, which is root on the host."}`,
      recommendation:
        "Avoid the mount, or put a socket proxy (e.g. Tecnativa docker-socket-proxy) in front that allows only the API calls the service needs.",
      file,
      line: volumeLine,
    });
  }
  const ports = yaml.items(document, get("ports")?.value).map((port) => publishedPort(yaml, document, port));
  const securityOptions = yaml
    .items(document, get("security_opt")?.value)
    .map((item) => scalarText(item) ?? "");
  const limits = yaml.at(document, node, ["deploy", "resources", "limits"]);
  const healthcheck = get("healthcheck");
  const alwaysPasses = healthcheck ? alwaysPassingTest(yaml, document, healthcheck.value) : undefined;
  if (alwaysPasses)
    issues.push({
      rule: "containers/compose-healthcheck-always-passes",
      severity: "low",
      area: "reliability",
      title: `Service \`${name}\` healthcheck always passes`,
      description: `The healthcheck of \`${name}\` at ${file}:${alwaysPasses.line} runs \`${alwaysPasses.command}\`, which ${alwaysPasses.command.includes("||") ? "turns a failed probe into success" : "succeeds whenever the container is running at all"}, so the service is reported healthy while it is down and neither restarts nor \`depends_on: condition: service_healthy\` react.`,
      recommendation:
        "Probe what the service actually provides (its port, an HTTP health endpoint, the daemon's status command) and let the probe's failure fail the healthcheck.",
      file,
      line: alwaysPasses.line,
    });
  const networksNode = yaml.resolve(document, get("networks")?.value);
  return {
    name,
    line,
    image,
    build,
    privileged: privileged !== undefined && isTrue(yaml.resolve(document, privileged.value)),
    readOnly: isTrue(yaml.resolve(document, get("read_only")?.value)),
    noNewPrivileges: securityOptions.some((option) =>
      /^no-new-privileges([:=]true)?$/.test(option.replace(/\s/g, "")),
    ),
    resourceLimits: limits !== undefined || get("mem_limit") !== undefined || get("cpus") !== undefined,
    healthcheck:
      healthcheck !== undefined &&
      !isTrue(yaml.at(document, healthcheck.value, ["disable"])) &&
      scalarText(yaml.items(document, yaml.at(document, healthcheck.value, ["test"]))[0]) !== "NONE",
    healthcheckAlwaysPasses: alwaysPasses !== undefined,
    dockerSocket,
    ports,
    networks: [
      ...yaml.items(document, networksNode).map((item) => scalarText(item) ?? ""),
      ...yaml.entries(document, networksNode).map((entry) => entry.key),
    ].filter(Boolean),
  };
}

/** Commands that only prove PID 1 exists, or a fallback that turns any failure into success. */
const ALWAYS_PASSES =
  /^(?:kill\s+-0\s+1|true|\/bin\/true|exit\s+0|:)$|\|\|\s*(?:kill\s+-0\s+1|true|\/bin\/true|exit\s+0|:)$/;

/** The healthcheck `test` when it can never fail, with its line. */
function alwaysPassingTest(
  yaml: YamlFile,
  document: Document,
  healthcheck: unknown,
): { command: string; line: number } | undefined {
  const test = yaml.entry(document, healthcheck, "test");
  if (!test) return undefined;
  const value = yaml.resolve(document, test.value);
  const short = scalarText(value);
  const parts =
    short !== undefined ? [short] : yaml.items(document, value).map((item) => scalarText(item) ?? "");
  if (parts[0] === "NONE") return undefined;
  const command = (/^CMD(?:-SHELL)?$/.test(parts[0] ?? "") ? parts.slice(1) : parts)
    .join(" ")
    .trim()
    .replace(/\s+/g, " ");
  return ALWAYS_PASSES.test(command) ? { command, line: test.line } : undefined;
}

function socketMount(
  yaml: YamlFile,
  document: Document,
  volume: unknown,
): "read-only" | "read-write" | undefined {
  const short = scalarText(volume);
  if (short !== undefined) {
    const [source = "", , mode = ""] = short.split(":");
    if (!DOCKER_SOCKET.test(source)) return undefined;
    return mode.split(",").includes("ro") ? "read-only" : "read-write";
  }
  const source = scalarText(yaml.at(document, volume, ["source"]));
  if (!source || !DOCKER_SOCKET.test(source)) return undefined;
  return isTrue(yaml.at(document, volume, ["read_only"])) ? "read-only" : "read-write";
}

function publishedPort(yaml: YamlFile, document: Document, port: unknown): ComposeService["ports"][number] {
  const line = yaml.line(port);
  const short = scalarText(port);
  if (short !== undefined) {
    // host_ip:published:target, published:target or target alone; IPv6 host IPs come in brackets.
    const hostIp = /^\[[^\]]+\]:|^\d{1,3}(\.\d{1,3}){3}:/
      .exec(short)?.[0]
      .slice(0, -1)
      .replace(/^\[|\]$/g, "");
    return { spec: short, line, allInterfaces: !hostIp || hostIp === "0.0.0.0" || hostIp === "::" };
  }
  const hostIp = scalarText(yaml.at(document, port, ["host_ip"]));
  const target = scalarText(yaml.at(document, port, ["target"])) ?? "?";
  const published = scalarText(yaml.at(document, port, ["published"]));
  return {
    spec: `${hostIp ? `${hostIp}:` : ""}${published ? `${published}:` : ""}${target}`,
    line,
    allInterfaces: !hostIp || hostIp === "0.0.0.0" || hostIp === "::",
  };
}

function buildDockerfile(file: string, yaml: YamlFile, document: Document, service: unknown): string {
  const build = yaml.at(document, service, ["build"]);
  const context = scalarText(build) ?? scalarText(yaml.at(document, build, ["context"])) ?? ".";
  const dockerfile = scalarText(yaml.at(document, build, ["dockerfile"])) ?? "Dockerfile";
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), context, dockerfile));
}

/** Gaps shared by several services become one finding per file, at the first service's line. */
function groupedIssues(file: string, services: readonly ComposeService[]): ContainerIssue[] {
  const issues: ContainerIssue[] = [];
  for (const service of services) {
    const open = service.ports.filter((port) => port.allInterfaces);
    const first = open[0];
    if (!first) continue;
    issues.push({
      rule: "containers/port-all-interfaces",
      severity: "low",
      area: "security",
      title: `Service \`${service.name}\` publishes ports on every interface`,
      description: `${open.map((port) => `\`${port.spec}\` (line ${port.line})`).join(", ")} bind${open.length === 1 ? "s" : ""} 0.0.0.0, so anyone who can reach the host reaches the service, and Docker's iptables rules bypass host firewalls such as ufw.`,
      recommendation:
        "Bind to loopback (`127.0.0.1:8080:80`) and put a reverse proxy in front, or drop the port and use the compose network.",
      file,
      line: first.line,
    });
  }
  const gaps: Array<[keyof ComposeService, string, ContainerIssue["severity"], string, string]> = [
    [
      "noNewPrivileges",
      "containers/compose-no-new-privileges",
      "low",
      "without `no-new-privileges`",
      'Add `security_opt: ["no-new-privileges:true"]` so setuid binaries cannot raise privileges inside the container.',
    ],
    [
      "resourceLimits",
      "containers/compose-no-limits",
      "low",
      "without memory or CPU limits",
      "Set `deploy.resources.limits` (memory and cpus) so one runaway container cannot starve the host.",
    ],
    [
      "healthcheck",
      "containers/compose-no-healthcheck",
      "low",
      "without a healthcheck",
      "Add a `healthcheck` (or a HEALTHCHECK in the image) so restarts and `depends_on: condition: service_healthy` work.",
    ],
    [
      "readOnly",
      "containers/compose-writable-rootfs",
      "info",
      "with a writable root filesystem",
      "Consider `read_only: true` with `tmpfs` for the paths that must be writable, as defence in depth.",
    ],
  ];
  for (const [key, rule, severity, what, recommendation] of gaps) {
    const missing = services.filter((service) => !service[key]);
    const first = missing[0];
    if (!first) continue;
    issues.push({
      rule,
      severity,
      area: "infrastructure",
      title: `${missing.length} of ${services.length} compose service${services.length === 1 ? "" : "s"} ${what}`,
      description: `In ${file}: ${missing.map((service) => `\`${service.name}\` (line ${service.line})`).join(", ")}.`,
      recommendation,
      file,
      line: first.line,
    });
  }
  return issues;
}

/** Declared networks that are not internal although no service on them publishes a port: a hint, not a fault. */
function networkIssues(
  file: string,
  services: readonly ComposeService[],
  networks: ComposeFacts["networks"],
): ContainerIssue[] {
  return networks.flatMap((network) => {
    if (network.internal || network.external) return [];
    const members = services.filter((service) => service.networks.includes(network.name));
    if (members.length === 0 || members.some((service) => service.ports.length > 0)) return [];
    return [
      {
        rule: "containers/compose-network-not-internal",
        severity: "info" as const,
        area: "infrastructure" as const,
        title: `Network \`${network.name}\` is not internal`,
        description: `${file}:${network.line}: no service on \`${network.name}\` (${members.map((service) => service.name).join(", ")}) publishes a port, yet the network allows outbound internet access.`,
        recommendation:
          "If these services only talk to each other, set `internal: true` on the network; keep it external only for services that must reach the internet.",
        file,
        line: network.line,
      },
    ];
  });
}
