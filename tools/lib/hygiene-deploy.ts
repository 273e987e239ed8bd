import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName } from "./files.js";

/** CI systems by the file that turns them on (only where each system reads it). */
export const CI_SYSTEMS: Array<[string, (path: string) => boolean]> = [
  ["github-actions", (p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p)],
  ["gitlab-ci", (p) => p === ".gitlab-ci.yml" || p === ".gitlab-ci.yaml"],
  ["jenkins", (p) => /(^|\/)(Jenkinsfile(\.[\w-]+)?|[\w-]+\.jenkinsfile)$/.test(p)],
  ["circleci", (p) => p === ".circleci/config.yml" || p === ".circleci/config.yaml"],
  [
    "azure-pipelines",
    (p) =>
      /^(\.?azure-pipelines\.ya?ml|\.?azure-pipelines\/.+\.ya?ml|\.azure\/pipelines\/.+\.ya?ml)$/.test(p),
  ],
  ["bitbucket-pipelines", (p) => p === "bitbucket-pipelines.yml"],
  ["travis", (p) => p === ".travis.yml"],
  ["drone", (p) => p === ".drone.yml" || p === ".drone.star"],
  ["buildkite", (p) => /^\.buildkite\/.+\.ya?ml$/.test(p)],
  ["woodpecker", (p) => /^(\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/.test(p)],
  ["appveyor", (p) => /^\.?appveyor\.ya?ml$/.test(p)],
  ["cirrus-ci", (p) => p === ".cirrus.yml" || p === ".cirrus.star"],
  ["gitea-actions", (p) => /^\.(gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/.test(p)],
  ["semaphore", (p) => /^\.semaphore\/[^/]+\.ya?ml$/.test(p)],
  ["aws-codebuild", (p) => /^buildspec\.ya?ml$/.test(p)],
  ["google-cloud-build", (p) => /^cloudbuild\.ya?ml$/.test(p)],
];

/** Platform and infrastructure files; the generic names are confirmed by their content below. */
const OTHER_DEPLOY =
  /^(Procfile|fly\.toml|render\.yaml|vercel\.json|netlify\.toml|app\.yaml|serverless\.ya?ml|skaffold\.yaml|kustomization\.ya?ml|.+\.tf|Tiltfile|nixpacks\.toml|railway\.(json|toml)|wrangler\.(toml|jsonc?)|helmfile\.ya?ml|apprunner\.ya?ml|Dockerrun\.aws\.json)$/;

const KUBERNETES_KIND =
  /^kind:\s*(Deployment|StatefulSet|DaemonSet|Service|Ingress|Pod|Job|CronJob|ConfigMap|Secret|Namespace|ReplicaSet|HorizontalPodAutoscaler|NetworkPolicy|Role|RoleBinding|ClusterRole|ClusterRoleBinding|ServiceAccount|PersistentVolumeClaim|PersistentVolume|PodDisruptionBudget)\b/m;

/**
 * Folders whose container and platform files do not deploy this project: CI action images, dev
 * containers, examples, fixtures and tests.
 */
export function isOutsideDeployment(filePath: string, isTest: boolean): boolean {
  return (
    isTest ||
    /^(\.github|\.devcontainer)\//.test(filePath) ||
    /(^|\/)(_?examples?|samples?|fixtures|testdata|test-fixtures|__fixtures__)\//.test(filePath)
  );
}

/** Dockerfiles, compose files, Kubernetes manifests, Helm charts and platform files that deploy the project. */
export async function findContainerFiles(snapshot: RepoSnapshot, paths: string[]) {
  const deployable = paths.filter((p) => {
    const file = snapshot.file(p);
    return !(file?.isVendored ?? false) && !isOutsideDeployment(p, file?.isTest ?? false);
  });
  const dockerfiles = deployable.filter((p) => snapshot.file(p)?.language === "dockerfile");
  const compose = deployable.filter((p) => /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(baseName(p)));
  const helmCharts = deployable.filter((p) => baseName(p) === "Chart.yaml");
  const other: string[] = [];
  for (const p of deployable.filter((candidate) => OTHER_DEPLOY.test(baseName(candidate)))) {
    // app.yaml and render.yaml are common names for settings files; require their platform's keys.
    if (baseName(p) === "app.yaml" && !/^runtime:/m.test(await snapshot.read(p))) continue;
    if (baseName(p) === "render.yaml" && !/^services:/m.test(await snapshot.read(p))) continue;
    other.push(p);
  }
  const kubernetes: string[] = [];
  for (const p of deployable) {
    if (snapshot.file(p)?.language !== "yaml" || compose.includes(p)) continue;
    if (helmCharts.some((chart) => p.startsWith(chart.slice(0, -"Chart.yaml".length)))) continue;
    const text = await snapshot.read(p);
    if (/^apiVersion:\s*\S+/m.test(text) && KUBERNETES_KIND.test(text)) kubernetes.push(p);
  }
  return { dockerfiles, compose, kubernetes, helmCharts, other };
}
