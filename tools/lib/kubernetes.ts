import type { Document } from "yaml";
import { type ContainerIssue, imageIssue } from "./compose-issues.js";
import { isTrue, scalarText, YamlFile } from "./compose-yaml.js";

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export interface KubernetesWorkload {
  kind: string;
  name: string;
  line: number;
  containers: Array<{
    name: string;
    line: number;
    image: string | null;
    privileged: boolean;
    /** runAsNonRoot from the container or the pod security context; null when neither sets it. */
    runAsNonRoot: boolean | null;
    /** runAsUser from the container or the pod security context; null when neither sets a number. */
    runAsUser: number | null;
    requests: boolean;
    limits: boolean;
  }>;
  hostPathVolumes: string[];
}

export interface KubernetesFacts {
  file: string;
  workloads: KubernetesWorkload[];
  error?: string;
}

/** True when a YAML text looks like a Kubernetes manifest (an apiVersion and a kind at the top level). */
export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion:\s*\S+/m.test(text) && /^kind:\s*\S+/m.test(text);
}

/** Workloads in a (multi-document) manifest and their basic hardening gaps: privileged, root, hostPath, resources, moving image tags. */
export function analyseKubernetes(
  file: string,
  text: string,
): { facts: KubernetesFacts; issues: ContainerIssue[] } {
  const yaml = new YamlFile(text);
  if (yaml.errors.length > 0) return { facts: { file, workloads: [], error: yaml.errors[0] }, issues: [] };
  const workloads: KubernetesWorkload[] = [];
  const issues: ContainerIssue[] = [];
  for (const document of yaml.documents) {
    const kind = scalarText(yaml.at(document, document.contents, ["kind"]));
    const specPath = kind ? POD_SPEC_PATHS[kind] : undefined;
    if (!kind || !specPath) continue;
    const name = scalarText(yaml.at(document, document.contents, ["metadata", "name"])) ?? "(unnamed)";
    const kindLine = yaml.entry(document, document.contents, "kind")?.line ?? 1;
    const spec = yaml.at(document, document.contents, specPath);
    const workload = readWorkload(yaml, document, file, `${kind}/${name}`, spec, issues);
    workloads.push({ kind, name, line: kindLine, ...workload });
  }
  return { facts: { file, workloads }, issues };
}

function readWorkload(
  yaml: YamlFile,
  document: Document,
  file: string,
  label: string,
  spec: unknown,
  issues: ContainerIssue[],
): Pick<KubernetesWorkload, "containers" | "hostPathVolumes"> {
  const podNonRoot = yaml.at(document, spec, ["securityContext", "runAsNonRoot"]);
  const podUser = yaml.at(document, spec, ["securityContext", "runAsUser"]);
  const containers: KubernetesWorkload["containers"] = [];
  for (const list of ["initContainers", "containers"]) {
    for (const container of yaml.items(document, yaml.at(document, spec, [list]))) {
      const name = scalarText(yaml.at(document, container, ["name"])) ?? "(unnamed)";
      const nameLine = yaml.entry(document, container, "name")?.line ?? yaml.line(container);
      const where = `${label} container \`${name}\``;
      const imageEntry = yaml.entry(document, container, "image");
      const image = scalarText(yaml.resolve(document, imageEntry?.value)) ?? null;
      if (image && imageEntry) {
        const issue = imageIssue(image, {
          file,
          line: imageEntry.line,
          rule: "containers/k8s-image-tag",
          what: `${where} image`,
        });
        if (issue) issues.push(issue);
      }
      const privileged = yaml.entry(
        document,
        yaml.at(document, container, ["securityContext"]),
        "privileged",
      );
      const isPrivileged = privileged !== undefined && isTrue(yaml.resolve(document, privileged.value));
      if (privileged && isPrivileged)
        issues.push({
          rule: "containers/k8s-privileged",
          severity: "high",
          area: "security",
          title: `${where} runs privileged`,
          description: `${file}:${privileged.line}: a privileged container has every capability and the node's devices; escaping it means owning the node.`,
          recommendation:
            "Remove `privileged: true`; add only the capabilities needed and set `allowPrivilegeEscalation: false`.",
          file,
          line: privileged.line,
        });
      const ownNonRoot = yaml.entry(
        document,
        yaml.at(document, container, ["securityContext"]),
        "runAsNonRoot",
      );
      const nonRootNode = ownNonRoot ? yaml.resolve(document, ownNonRoot.value) : podNonRoot;
      const nonRoot = nonRootNode === undefined ? null : isTrue(nonRootNode);
      // A non-zero runAsUser runs the process as that uid whatever the image says, so it is not root.
      const ownUser = yaml.at(document, container, ["securityContext", "runAsUser"]);
      const userText = scalarText(ownUser ?? podUser);
      const runAsUser = userText !== undefined && /^\d+$/.test(userText) ? Number(userText) : null;
      const userLine = (
        yaml.entry(document, yaml.at(document, container, ["securityContext"]), "runAsUser") ??
        yaml.entry(document, yaml.at(document, spec, ["securityContext"]), "runAsUser")
      )?.line;
      const rootLine = runAsUser === 0 && userLine !== undefined ? userLine : (ownNonRoot?.line ?? nameLine);
      if (runAsUser === 0 || (nonRoot !== true && runAsUser === null))
        issues.push({
          rule: "containers/k8s-run-as-root",
          severity: "medium",
          area: "security",
          title: `${where} may run as root`,
          description: `${file}:${rootLine}: ${runAsUser === 0 ? "`runAsUser: 0` runs the process as root" : `${nonRoot === false ? "`runAsNonRoot: false`" : "neither the container nor the pod sets `runAsNonRoot: true`"} and no non-zero \`runAsUser\` is set, so the image's default user (often root) runs the process`}.`,
          recommendation:
            "Set `securityContext.runAsNonRoot: true` (and a non-zero `runAsUser`) on the pod or the container.",
          file,
          line: rootLine,
        });
      const requests = yaml.at(document, container, ["resources", "requests"]) !== undefined;
      const limits = yaml.at(document, container, ["resources", "limits"]) !== undefined;
      if (!requests || !limits)
        issues.push({
          rule: "containers/k8s-no-resources",
          severity: "low",
          area: "reliability",
          title: `${where} has no resource ${!requests && !limits ? "requests or limits" : !requests ? "requests" : "limits"}`,
          description: `${file}:${nameLine}: without requests the scheduler cannot place the pod sensibly; without limits one pod can starve its neighbours on the node.`,
          recommendation: "Set `resources.requests` and `resources.limits` for CPU and memory.",
          file,
          line: nameLine,
        });
      containers.push({
        name,
        line: nameLine,
        image,
        privileged: isPrivileged,
        runAsNonRoot: nonRoot,
        runAsUser,
        requests,
        limits,
      });
    }
  }
  const hostPathVolumes: string[] = [];
  for (const volume of yaml.items(document, yaml.at(document, spec, ["volumes"]))) {
    const hostPath = yaml.entry(document, volume, "hostPath");
    if (!hostPath) continue;
    const target = scalarText(yaml.at(document, hostPath.value, ["path"])) ?? "?";
    hostPathVolumes.push(target);
    const dangerous =
      target === "/" ||
      /docker\.sock|containerd\.sock|^\/(etc|proc|sys|root|var\/lib\/kubelet)(\/|$)/.test(target);
    issues.push({
      rule: "containers/k8s-host-path",
      severity: dangerous ? "high" : "medium",
      area: "security",
      title: `${label} mounts the host path \`${target}\``,
      description: `${file}:${hostPath.line}: a hostPath volume exposes the node's filesystem to the pod${dangerous ? "; this path gives control over the node or its container runtime" : ""}.`,
      recommendation:
        "Use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir instead; if a host path is unavoidable, mount it read-only and restrict it with a policy.",
      file,
      line: hostPath.line,
    });
  }
  return { containers, hostPathVolumes };
}
