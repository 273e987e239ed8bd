import type { Area } from "../../schemas/index.js";
import { baseName } from "../../tools/lib/files.js";
import { SOURCE_LANGUAGES } from "../ingest/language.js";
import type { RepoFile } from "../ingest/snapshot.js";

const MANIFESTS = new Set([
  "package.json",
  "requirements.txt",
  "requirements-dev.txt",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "pipfile",
  "go.mod",
  "cargo.toml",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "gemfile",
  "composer.json",
  "mix.exs",
  "pubspec.yaml",
  "deno.json",
]);

const CI_PATH =
  /^(\.github\/workflows\/|\.circleci\/|\.buildkite\/|\.gitlab-ci|azure-pipelines|\.travis\.yml$|bitbucket-pipelines\.yml$|jenkinsfile$|\.drone\.yml$|\.woodpecker)/i;
const INFRA_PATH =
  /(^|\/)(k8s|kubernetes|helm|charts|deploy|deployment|deployments|manifests|infra|infrastructure|terraform|ansible|ops)\//i;
const INFRA_NAME =
  /^(docker-compose.*\.ya?ml|compose\.ya?ml|procfile|nginx\.conf|fly\.toml|render\.yaml|vercel\.json|netlify\.toml|serverless\.ya?ml|skaffold\.yaml|chart\.yaml|values\.yaml)$/i;
const CONFIG_LANGUAGES = new Set(["yaml", "toml", "json", "ini", "dotenv", "conf", "xml"]);
const DOC_LANGUAGES = new Set(["markdown", "restructuredtext", "text"]);

/**
 * How much a file matters to an area before any pre-scan hit (0 = the area does not read it). Code
 * areas read production source; testing reads tests first; the others read their own kind of file.
 */
export function areaRelevance(area: Area, file: RepoFile): number {
  const name = baseName(file.path).toLowerCase();
  const isSource = file.language !== null && SOURCE_LANGUAGES.has(file.language);
  switch (area) {
    case "testing":
      return file.isTest ? 3 : isSource ? 1 : 0;
    case "dependencies":
      return MANIFESTS.has(name) || /\.csproj$/.test(name) ? 3 : 0;
    case "ci-cd":
      return CI_PATH.test(file.path) ? 3 : 0;
    case "infrastructure":
      if (file.language === "dockerfile" || file.language === "terraform" || file.language === "hcl")
        return 3;
      if (INFRA_NAME.test(name)) return 3;
      return INFRA_PATH.test(file.path) && file.language !== null && CONFIG_LANGUAGES.has(file.language)
        ? 2
        : 0;
    case "documentation":
      if (file.language !== null && DOC_LANGUAGES.has(file.language) && !file.isTest)
        return /^readme/i.test(name) ? 3 : 2;
      return 0;
    case "security":
      if (file.isTest) return 0;
      if (isSource) return 2;
      return file.language !== null && CONFIG_LANGUAGES.has(file.language) && !MANIFESTS.has(name) ? 1 : 0;
    default:
      return isSource && !file.isTest ? 2 : 0;
  }
}
