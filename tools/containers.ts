import { z } from "zod";
import { type RawFindingInput, severityRank } from "../schemas/index.js";
import { errorMessage } from "../src/errors.js";
import type { RepoSnapshot } from "../src/ingest/snapshot.js";
import { placeholder } from "../src/redact/redact.js";
import { analyseCompose } from "./lib/compose.js";
import { analyseDockerfile } from "./lib/compose-dockerfile.js";
import type { ContainerIssue } from "./lib/compose-issues.js";
import { linesOf } from "./lib/evidence.js";
import { baseName } from "./lib/files.js";
import { analyseKubernetes, looksLikeKubernetes } from "./lib/kubernetes.js";
import { defineScanner, type FactStrength } from "./scanner.js";

const DockerfileFacts = z.object({
  file: z.string(),
  isTest: z.boolean(),
  stages: z.number().int(),
  baseImages: z.array(z.object({ image: z.string(), line: z.number().int(), pinned: z.boolean() })),
  finalUser: z.string().nullable(),
  healthcheck: z.boolean(),
  exposesPorts: z.boolean(),
  error: z.string().optional(),
});

const ComposeFacts = z.object({
  file: z.string(),
  isTest: z.boolean(),
  services: z.array(
    z.object({
      name: z.string(),
      line: z.number().int(),
      image: z.string().nullable(),
      build: z.boolean(),
      privileged: z.boolean(),
      readOnly: z.boolean(),
      noNewPrivileges: z.boolean(),
      resourceLimits: z.boolean(),
      healthcheck: z.boolean(),
      healthcheckAlwaysPasses: z.boolean(),
      dockerSocket: z.enum(["none", "read-only", "read-write"]),
      ports: z.array(z.object({ spec: z.string(), line: z.number().int(), allInterfaces: z.boolean() })),
      networks: z.array(z.string()),
    }),
  ),
  networks: z.array(
    z.object({ name: z.string(), line: z.number().int(), internal: z.boolean(), external: z.boolean() }),
  ),
  error: z.string().optional(),
});

const KubernetesFacts = z.object({
  file: z.string(),
  isTest: z.boolean(),
  workloads: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      line: z.number().int(),
      containers: z.array(
        z.object({
          name: z.string(),
          line: z.number().int(),
          image: z.string().nullable(),
          privileged: z.boolean(),
          runAsNonRoot: z.boolean().nullable(),
          runAsUser: z.number().int().nullable(),
          requests: z.boolean(),
          limits: z.boolean(),
        }),
      ),
      hostPathVolumes: z.array(z.string()),
    }),
  ),
  error: z.string().optional(),
});

export const ContainersFacts = z.object({
  dockerfiles: z.array(DockerfileFacts),
  compose: z.array(ComposeFacts),
  kubernetes: z.array(KubernetesFacts),
  /** Findings per rule over production files (test fixtures and examples are listed but not reported). */
  byRule: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(["critical", "high", "medium", "low", "info"]),
      count: z.number().int(),
    }),
  ),
});
export type ContainersFacts = z.infer<typeof ContainersFacts>;

const FIXTURE_PATH = /(^|\/)(examples?|samples?|fixtures|testdata)\//;
const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/;

/** Dockerfiles, compose files and Kubernetes workloads: the hardening gaps of each, at their exact lines. */
export const containersScanner = defineScanner({
  id: "containers",
  version: "1.1.0",
  title: "Containers and deployment hardening",
  description:
    "Dockerfiles (base image tags, USER, sudo, curl | sh, remote ADD, unpinned installs, secrets in ARG/ENV, HEALTHCHECK), compose files (image tags, Docker socket, privileged, published ports, no-new-privileges, read-only, limits, healthchecks, networks) and Kubernetes workloads (privileged, runAsNonRoot, hostPath, resources, image tags).",
  areas: ["infrastructure", "security"],
  facts: ContainersFacts,
  async run(snapshot) {
    const facts: ContainersFacts = { dockerfiles: [], compose: [], kubernetes: [], byRule: [] };
    const reported: ContainerIssue[] = [];
    const files = snapshot.files.filter((file) => !file.isVendored);
    const isTest = (path: string) => (snapshot.file(path)?.isTest ?? false) || FIXTURE_PATH.test(path);
    for (const file of files.filter((entry) => entry.language === "dockerfile")) {
      const text = await snapshot.read(file.path);
      const { facts: dockerfile, issues } = safely(() => analyseDockerfile(file.path, text), {
        file: file.path,
        stages: 0,
        baseImages: [],
        finalUser: null,
        healthcheck: false,
        exposesPorts: false,
      });
      facts.dockerfiles.push({ ...dockerfile, isTest: isTest(file.path) });
      if (!isTest(file.path)) reported.push(...issues);
    }
    const healthcheckOf = (dockerfile: string) =>
      facts.dockerfiles.find((entry) => entry.file === dockerfile)?.healthcheck;
    for (const file of files.filter((entry) => COMPOSE_NAME.test(baseName(entry.path)))) {
      const text = await snapshot.read(file.path);
      const { facts: compose, issues } = safely(() => analyseCompose(file.path, text, healthcheckOf), {
        file: file.path,
        services: [],
        networks: [],
      });
      facts.compose.push({ ...compose, isTest: isTest(file.path) });
      if (!isTest(file.path)) reported.push(...issues);
    }
    for (const file of files) {
      if (
        file.language !== "yaml" ||
        COMPOSE_NAME.test(baseName(file.path)) ||
        file.path.startsWith(".github/")
      )
        continue;
      const text = await snapshot.read(file.path);
      if (!looksLikeKubernetes(text) || /\{\{/.test(text)) continue;
      const { facts: kubernetes, issues } = safely(() => analyseKubernetes(file.path, text), {
        file: file.path,
        workloads: [],
      });
      if (kubernetes.workloads.length === 0 && !kubernetes.error) continue;
      facts.kubernetes.push({ ...kubernetes, isTest: isTest(file.path) });
      if (!isTest(file.path)) reported.push(...issues);
    }
    const counts = new Map<string, ContainersFacts["byRule"][number]>();
    for (const issue of reported) {
      const key = `${issue.rule} ${issue.severity}`;
      const row = counts.get(key) ?? { rule: issue.rule, severity: issue.severity, count: 0 };
      row.count++;
      counts.set(key, row);
    }
    facts.byRule = [...counts.values()].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.rule.localeCompare(b.rule),
    );
    const findings = await Promise.all(reported.map((issue) => toFinding(snapshot, issue)));
    return { facts, findings, strengths: containerStrengths(facts) };
  },
});

/** One file's analysis; a file the parser chokes on is recorded with its error instead of failing the scan. */
function safely<Facts extends { error?: string }>(
  analyse: () => { facts: Facts; issues: ContainerIssue[] },
  empty: Facts,
): { facts: Facts; issues: ContainerIssue[] } {
  try {
    return analyse();
  } catch (error) {
    return { facts: { ...empty, error: errorMessage(error) }, issues: [] };
  }
}

async function toFinding(snapshot: RepoSnapshot, issue: ContainerIssue): Promise<RawFindingInput> {
  let evidence = linesOf(await snapshot.read(issue.file), issue.line);
  // A credential in ARG/ENV is masked here: the finding must say where it is, never what it is.
  for (const [from, to] of [...(issue.mask ?? [])].sort((a, b) => b[0] - a[0]))
    evidence =
      evidence.slice(0, from) + placeholder("build-secret") + evidence.slice(Math.min(to, evidence.length));
  return {
    ruleId: issue.rule,
    area: issue.area,
    severity: issue.severity,
    title: issue.title,
    description: issue.description,
    recommendation: issue.recommendation,
    location: { file: issue.file, startLine: issue.line, endLine: issue.line },
    evidence,
  };
}

function containerStrengths(facts: ContainersFacts): FactStrength[] {
  const strengths: FactStrength[] = [];
  const dockerfiles = facts.dockerfiles.filter((entry) => !entry.isTest);
  if (
    dockerfiles.length > 0 &&
    dockerfiles.every((entry) => entry.finalUser && !/^(root|0)(:|$)/.test(entry.finalUser))
  )
    strengths.push({
      area: "security",
      text: `Every Dockerfile (${dockerfiles.length}) switches to a non-root USER.`,
    });
  const images = dockerfiles.flatMap((entry) => entry.baseImages);
  if (images.length > 0 && images.every((image) => image.pinned))
    strengths.push({
      area: "infrastructure",
      text: `All ${images.length} base images are pinned to a version tag or digest.`,
    });
  const services = facts.compose.filter((entry) => !entry.isTest).flatMap((entry) => entry.services);
  if (services.length > 0 && services.every((service) => service.resourceLimits))
    strengths.push({
      area: "infrastructure",
      text: `Resource limits are set on all ${services.length} compose services.`,
    });
  if (
    services.length > 0 &&
    services.every((service) => service.healthcheck && !service.healthcheckAlwaysPasses)
  )
    strengths.push({
      area: "reliability",
      text: `Every compose service (${services.length}) has a healthcheck.`,
    });
  return strengths;
}
