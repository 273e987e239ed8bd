import { type CodeContext, codeContext } from "./bench-code.js";
import { goFile } from "./bench-code-go.js";
import { javaFile } from "./bench-code-java.js";
import { pythonFile } from "./bench-code-python.js";
import { rustFile } from "./bench-code-rust.js";
import { axumServer, expressServer, fastapiServer, goServer } from "./bench-code-servers.js";
import { typescriptFile } from "./bench-code-typescript.js";
import {
  cargoLock,
  cargoManifest,
  composeFile,
  dockerfile,
  goManifests,
  kubernetesDeployment,
  packageLock,
  packageManifest,
  pomManifest,
  pythonManifests,
  workflow,
} from "./bench-config.js";
import { capitalise, SeededRandom } from "./bench-random.js";

type Language = "rust" | "python" | "typescript" | "javascript" | "go" | "java";

// Share of the source lines each language gets; manifests, lockfiles and infrastructure come on top.
const SHARES: Record<Language, number> = {
  rust: 0.25,
  python: 0.2,
  typescript: 0.18,
  javascript: 0.07,
  go: 0.17,
  java: 0.13,
};

/** The synthetic repository as relative path → content, deterministic for a seed and line budget. */
export function generateCorpus(seed: number, targetLines: number): Map<string, string> {
  const random = new SeededRandom(seed);
  const context = codeContext(random);
  const files = new Map<string, string>();
  const written: Record<Language, number> = {
    rust: 0,
    python: 0,
    typescript: 0,
    javascript: 0,
    go: 0,
    java: 0,
  };
  const packages: { dir: string; language: Language }[] = [];
  let total = 0;
  const add = (file: string, content: string) => {
    files.set(file, content);
    total += content.split("\n").length - 1;
  };
  while (total < targetLines) {
    const language = mostBehind(written);
    const name = `${context.names.word()}-${context.names.word()}-${packages.length}`;
    const before = total;
    const dir = writePackage(context, language, name, Math.min(targetLines - total, 40_000), add);
    written[language] += total - before;
    packages.push({ dir, language });
  }
  writeRepositoryFiles(context, packages, add);
  return files;
}

function mostBehind(written: Record<Language, number>): Language {
  const languages = Object.keys(SHARES) as Language[];
  return languages.reduce((best, language) =>
    written[language] / SHARES[language] < written[best] / SHARES[best] ? language : best,
  );
}

type Add = (file: string, content: string) => void;

// One package of one language: a manifest, often a lockfile and a Dockerfile, sources and tests.
function writePackage(
  context: CodeContext,
  language: Language,
  name: string,
  budget: number,
  add: Add,
): string {
  const { random, names } = context;
  const moduleCount = random.int(6, 40);
  let lines = 0;
  const module = (path: string, content: string) => {
    add(path, content);
    lines += content.split("\n").length;
  };
  const dir = packageDir(language, name);
  writeManifests(random, language, name, dir, add);
  if (random.chance(0.6)) add(`${dir}/Dockerfile`, dockerfile(random, language));
  if (random.chance(0.5)) writeServer(context, language, dir, add);
  for (let index = 0; index < moduleCount && lines < budget; index++) {
    const isTest = random.chance(0.25);
    const size = random.fileLines();
    const stem = `${names.snake()}_${index}`;
    if (language === "rust")
      module(`${dir}/${isTest ? "tests" : "src"}/${stem}.rs`, rustFile(context, size, isTest));
    else if (language === "python")
      module(
        `${dir}/${isTest ? `tests/test_${stem}` : `${name.split("-")[0]}/${stem}`}.py`,
        pythonFile(context, size, isTest),
      );
    else if (language === "typescript" || language === "javascript") {
      const extension = language === "typescript" ? "ts" : "js";
      const file = isTest ? `test/${stem}.test.${extension}` : `src/${stem}.${extension}`;
      module(`${dir}/${file}`, typescriptFile(context, size, isTest, language === "typescript"));
    } else if (language === "go") {
      const folder = `${dir}/internal/${names.word()}`;
      module(
        `${folder}/${stem}${isTest ? "_test" : ""}.go`,
        goFile(context, size, isTest, folder.split("/").pop() ?? "app"),
      );
    } else {
      const className = `${capitalise(names.camel())}${index}${isTest ? "Test" : ""}`;
      const folder = isTest ? "src/test/java/com/example/app" : "src/main/java/com/example/app";
      module(`${dir}/${folder}/${className}.java`, javaFile(context, size, isTest, className));
    }
  }
  return dir;
}

function writeServer(context: CodeContext, language: Language, dir: string, add: Add): void {
  if (language === "rust") add(`${dir}/src/main.rs`, axumServer(context));
  else if (language === "python") add(`${dir}/app.py`, fastapiServer(context));
  else if (language === "go") add(`${dir}/cmd/server/main.go`, goServer(context));
  else if (language === "typescript") add(`${dir}/src/server.ts`, expressServer(context));
  else if (language === "javascript") add(`${dir}/src/server.js`, expressServer(context));
}

function packageDir(language: Language, name: string): string {
  const parent = {
    rust: "crates",
    python: "services",
    typescript: "web",
    javascript: "web",
    go: "go",
    java: "java",
  };
  return `${parent[language]}/${name}`;
}

function writeManifests(random: SeededRandom, language: Language, name: string, dir: string, add: Add): void {
  if (language === "rust") add(`${dir}/Cargo.toml`, cargoManifest(random, name));
  else if (language === "typescript" || language === "javascript") {
    add(`${dir}/package.json`, packageManifest(random, name));
    if (random.chance(0.7)) add(`${dir}/package-lock.json`, packageLock(random, name, random.int(20, 300)));
  } else if (language === "python") {
    const manifests = pythonManifests(random, name);
    add(`${dir}/requirements.txt`, manifests.requirements);
    add(`${dir}/pyproject.toml`, manifests.pyproject);
  } else if (language === "go") {
    const manifests = goManifests(random, name);
    add(`${dir}/go.mod`, manifests.mod);
    add(`${dir}/go.sum`, manifests.sum);
  } else add(`${dir}/pom.xml`, pomManifest(random, name));
}

// Repository-level files: workspace manifest, lockfile, CI, compose, Kubernetes, docs, vendored and generated code.
function writeRepositoryFiles(
  context: CodeContext,
  packages: { dir: string; language: Language }[],
  add: Add,
): void {
  const { random } = context;
  const crates = packages.filter((entry) => entry.language === "rust").map((entry) => entry.dir);
  add("Cargo.toml", `[workspace]\nmembers = [\n${crates.map((entry) => `  "${entry}",`).join("\n")}\n]\n`);
  add("Cargo.lock", cargoLock(random, random.int(150, 400)));
  add(
    ".github/workflows/ci.yml",
    workflow(
      random,
      packages.map((entry) => entry.dir),
    ),
  );
  add(".gitignore", "target/\nnode_modules/\n__pycache__/\n*.log\n");
  add("README.md", `# Synthetic monorepo\n\nGenerated for benchmarking; ${packages.length} packages.\n`);
  add("LICENSE", "MIT License\n");
  const services = packages.slice(0, 12).map((entry) => entry.dir.split("/").pop() ?? "app");
  add("docker-compose.yml", composeFile(random, services));
  for (const service of services.slice(0, 6))
    add(`deploy/k8s/${service}.yaml`, kubernetesDeployment(random, service));
  add("vendor/github.com/acme/lib/lib.go", goFile(context, 400, false, "lib"));
  add(
    "go/generated/api.pb.go",
    `// Code generated by protoc-gen-go. DO NOT EDIT.\n${goFile(context, 600, false, "api")}`,
  );
}
