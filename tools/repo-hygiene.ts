import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import type { RepoSnapshot } from "../src/ingest/snapshot.js";
import { splitLines } from "./lib/evidence.js";
import { baseName, dirName } from "./lib/files.js";
import { CI_SYSTEMS, findContainerFiles } from "./lib/hygiene-deploy.js";
import { declaredLicenses, findCodeowners, findDocuments } from "./lib/hygiene-documents.js";
import { type BuildOutput, gitignoreGaps, gitignoreLayers, isIgnored } from "./lib/hygiene-gitignore.js";
import { findCommittedSecretFiles, isVendoredOrFixture } from "./lib/hygiene-secret-files.js";
import { defineScanner, type FactStrength } from "./scanner.js";

interface Ecosystem {
  id: string;
  manifests: RegExp;
  lockfiles: RegExp;
  /** What the build writes next to each manifest, which .gitignore must cover. */
  buildOutput: BuildOutput[];
  /** True when the output sits next to the outermost manifest only (a Cargo workspace's target/). */
  outputAtRootOnly?: boolean;
}

const ECOSYSTEMS: Ecosystem[] = [
  {
    id: "node",
    manifests: /^package\.json$/,
    lockfiles: /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/,
    buildOutput: [{ pattern: "node_modules/", sample: "zod/index.js" }],
  },
  {
    id: "rust",
    manifests: /^Cargo\.toml$/,
    lockfiles: /^Cargo\.lock$/,
    buildOutput: [{ pattern: "target/", sample: "debug/app" }],
    outputAtRootOnly: true,
  },
  {
    id: "python",
    manifests: /^(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.txt)$/,
    lockfiles:
      /^(poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|requirements[\w.-]*\.lock|pylock\.[\w.-]*toml)$/,
    buildOutput: [
      { pattern: "__pycache__/", sample: "module.cpython-312.pyc" },
      { pattern: "*.pyc", sample: "module.pyc" },
    ],
  },
  { id: "go", manifests: /^go\.mod$/, lockfiles: /^go\.sum$/, buildOutput: [] },
  { id: "ruby", manifests: /^Gemfile$/, lockfiles: /^Gemfile\.lock$/, buildOutput: [] },
  {
    id: "php",
    manifests: /^composer\.json$/,
    lockfiles: /^composer\.lock$/,
    buildOutput: [{ pattern: "vendor/", sample: "autoload.php" }],
  },
  {
    id: "java-maven",
    manifests: /^pom\.xml$/,
    lockfiles: /^$/,
    buildOutput: [{ pattern: "target/", sample: "app.jar" }],
    outputAtRootOnly: true,
  },
  {
    id: "java-gradle",
    manifests: /^build\.gradle(\.kts)?$/,
    lockfiles: /^gradle\.lockfile$/,
    buildOutput: [
      { pattern: "build/", sample: "libs/app.jar" },
      { pattern: ".gradle/", sample: "8.5/checksums/checksums.lock" },
    ],
    outputAtRootOnly: true,
  },
];

const Presence = z.object({ present: z.boolean(), files: z.array(z.string()) });

export const RepoHygieneFacts = z.object({
  ci: z.object({ present: z.boolean(), systems: z.array(z.string()), files: z.array(z.string()) }),
  containers: z.object({
    dockerfiles: z.array(z.string()),
    compose: z.array(z.string()),
    kubernetes: z.array(z.string()),
    helmCharts: z.array(z.string()),
    other: z.array(z.string()),
  }),
  ecosystems: z.array(
    z.object({
      id: z.string(),
      manifests: z.array(z.string()),
      lockfiles: z.array(z.string()),
      lockfilePresent: z.boolean(),
    }),
  ),
  docs: z.object({
    readme: Presence,
    license: Presence,
    security: Presence,
    contributing: Presence,
    changelog: Presence,
  }),
  /** Licenses named in root manifests; a LICENSE file is still needed for the text most licenses require. */
  declaredLicenses: z.array(z.object({ file: z.string(), license: z.string() })),
  codeowners: Presence,
  dependencyUpdates: z.object({
    present: z.boolean(),
    tools: z.array(z.string()),
    files: z.array(z.string()),
  }),
  gitignore: z.object({
    present: z.boolean(),
    missing: z.array(z.object({ pattern: z.string(), why: z.string() })),
  }),
  committedSecrets: z.array(
    z.object({ file: z.string(), kind: z.string(), line: z.number().int().optional() }),
  ),
});
export type RepoHygieneFacts = z.infer<typeof RepoHygieneFacts>;

/** CI, containers, lockfiles, project documents, dependency updates, .gitignore gaps and committed secrets files. */
export const repoHygieneScanner = defineScanner({
  id: "repo-hygiene",
  version: "1.1.0",
  title: "Repository hygiene",
  description:
    "CI presence, container and deployment files, lockfile per ecosystem, README/LICENSE/SECURITY/CONTRIBUTING/CHANGELOG, Dependabot/Renovate, .gitignore gaps, and files that must never be committed.",
  areas: ["ci-cd", "infrastructure", "dependencies", "documentation", "security"],
  facts: RepoHygieneFacts,
  async run(snapshot) {
    const paths = snapshot.files.map((file) => file.path);
    const allPaths = [...paths, ...snapshot.skipped.map((entry) => entry.path)];
    const findings: RawFindingInput[] = [];

    const ciFiles = paths.filter((p) => CI_SYSTEMS.some(([, test]) => test(p)));
    const systems = CI_SYSTEMS.filter(([, test]) => ciFiles.some(test)).map(([id]) => id);
    if (ciFiles.length === 0) {
      findings.push({
        ruleId: "hygiene/no-ci",
        area: "ci-cd",
        severity: "high",
        title: "No CI pipeline",
        description:
          "No CI configuration was found (GitHub Actions, GitLab CI, Jenkins, CircleCI, Azure Pipelines, Bitbucket, Travis, Drone, Buildkite, Woodpecker, AppVeyor, Cirrus, Gitea/Forgejo Actions, Semaphore, AWS CodeBuild or Cloud Build), so nothing builds or tests a change before it lands.",
        recommendation:
          "Add a CI workflow that builds, lints, runs the tests and audits dependencies on every push and pull request.",
      });
    }

    const containers = await findContainerFiles(snapshot, paths);

    const ecosystems = ECOSYSTEMS.map((ecosystem) => {
      const manifests = paths.filter(
        (p) => ecosystem.manifests.test(baseName(p)) && !isVendoredOrFixture(p, snapshot),
      );
      const lockfiles = paths.filter(
        (p) => ecosystem.lockfiles.test(baseName(p)) && !isVendoredOrFixture(p, snapshot),
      );
      return { id: ecosystem.id, manifests, lockfiles, lockfilePresent: lockfiles.length > 0 };
    }).filter((entry) => entry.manifests.length > 0);
    const layers = await gitignoreLayers(snapshot);
    for (const entry of ecosystems) {
      if (entry.lockfilePresent || entry.id === "java-maven" || entry.id === "java-gradle") continue;
      if (entry.id === "go" && !(await goModHasRequirements(snapshot, entry.manifests))) continue;
      if (entry.id === "python" && (await pythonFullyPinned(snapshot, entry.manifests))) continue;
      const ignoredLocks = ignoredLockfiles(entry.id, entry.manifests, layers);
      findings.push({
        ruleId: "hygiene/no-lockfile",
        area: "dependencies",
        severity: "medium",
        title: `No lockfile for the ${entry.id} dependencies`,
        description: `${entry.manifests.join(", ")} declare${entry.manifests.length === 1 ? "s" : ""} dependencies but no lockfile is committed, so every install may resolve different versions.${ignoredLocks.length > 0 ? ` .gitignore excludes ${ignoredLocks.map((lock) => `\`${lock}\``).join(", ")}.` : ""}`,
        recommendation:
          "Commit the lockfile your package manager writes and install from it in CI and in images.",
      });
    }

    const packageDirectories = ecosystems.flatMap((entry) => entry.manifests.map(dirName));
    const docs: RepoHygieneFacts["docs"] = findDocuments(paths, packageDirectories);
    const licenses = await declaredLicenses(snapshot);
    const codeownerFiles = findCodeowners(paths);
    const docRules: Array<
      [keyof RepoHygieneFacts["docs"], RawFindingInput["severity"], RawFindingInput["area"], string, string]
    > = [
      [
        "readme",
        "medium",
        "documentation",
        "No README",
        "Add a README that says what the project is, how to install, configure, run and test it.",
      ],
      [
        "license",
        "low",
        "documentation",
        "No LICENSE file",
        "Choose a license and add it as LICENSE at the root, so others know how they may use the code.",
      ],
      [
        "security",
        "low",
        "security",
        "No security policy (SECURITY.md)",
        "Add SECURITY.md saying how to report a vulnerability and which versions get fixes.",
      ],
      [
        "contributing",
        "info",
        "documentation",
        "No CONTRIBUTING guide",
        "Add CONTRIBUTING.md with the development set-up, tests to run and review expectations.",
      ],
      [
        "changelog",
        "info",
        "documentation",
        "No CHANGELOG",
        "Keep a CHANGELOG so operators can see what changed between releases.",
      ],
    ];
    for (const [key, severity, area, title, recommendation] of docRules) {
      if (docs[key].present) continue;
      // A manifest's license field says which license applies, but most licenses require their text.
      const declared = key === "license" && licenses.length > 0;
      findings.push({
        ruleId: `hygiene/no-${key}`,
        area,
        severity: declared ? "info" : severity,
        title,
        description: `No ${title.replace(/^No /, "").replace(/ \(.*\)$/, "")} was found at the repository root (or in .github/ or docs/).${declared ? ` ${licenses.map((entry) => `${entry.file} declares ${entry.license}`).join("; ")}, but the license text is not in the repository.` : ""}`,
        recommendation,
      });
    }

    const updateFiles = paths.filter((p) =>
      /^(\.github\/dependabot\.ya?ml|\.dependabot\/config\.ya?ml|renovate\.json5?|\.renovaterc(\.json5?)?|\.github\/renovate\.json5?|\.gitlab\/renovate\.json5?)$/.test(
        p,
      ),
    );
    const manifestRenovate = await packageJsonHasRenovate(snapshot);
    const tools = [
      ...new Set([
        ...updateFiles.map((p) => (p.includes("dependabot") ? "dependabot" : "renovate")),
        ...(manifestRenovate ? ["renovate"] : []),
      ]),
    ];
    if (tools.length === 0 && ecosystems.length > 0) {
      findings.push({
        ruleId: "hygiene/no-dependency-updates",
        area: "dependencies",
        severity: "low",
        title: "No automated dependency updates",
        description:
          "Neither Dependabot nor Renovate is configured, so security fixes in dependencies arrive only when someone remembers to update.",
        recommendation:
          "Add .github/dependabot.yml (or a Renovate config) for each package ecosystem the project uses.",
      });
    }

    const gitignore = await gitignoreGaps(snapshot, buildOutputs(ecosystems));
    if (!gitignore.present) {
      findings.push({
        ruleId: "hygiene/no-gitignore",
        area: "security",
        severity: "medium",
        title: "No .gitignore",
        description:
          "The repository has no root .gitignore, so secrets (.env, keys), logs and build output are one `git add .` away from being committed.",
        recommendation:
          "Add a .gitignore covering .env files, private keys, logs, IDE folders and build output.",
      });
    } else {
      const secretGaps = gitignore.missing.filter((gap) => gap.why === "secrets");
      const otherGaps = gitignore.missing.filter((gap) => gap.why !== "secrets");
      if (secretGaps.length > 0) {
        findings.push({
          ruleId: "hygiene/gitignore-secrets",
          area: "security",
          severity: "low",
          title: ".gitignore does not exclude secret files",
          description: `.gitignore does not ignore ${secretGaps.map((gap) => `\`${gap.pattern}\``).join(", ")}.`,
          recommendation: `Add ${secretGaps.map((gap) => gap.pattern).join(", ")} to .gitignore.`,
        });
      }
      if (otherGaps.length > 0) {
        findings.push({
          ruleId: "hygiene/gitignore-gaps",
          area: "code-quality",
          severity: otherGaps.some((gap) => gap.why === "build output") ? "low" : "info",
          title: ".gitignore misses common entries",
          description: `.gitignore does not ignore ${otherGaps.map((gap) => `\`${gap.pattern}\` (${gap.why})`).join(", ")}.`,
          recommendation: `Add ${otherGaps.map((gap) => gap.pattern).join(", ")} to .gitignore.`,
        });
      }
    }

    const committedSecrets = await findCommittedSecretFiles(snapshot, allPaths, findings);

    const facts: RepoHygieneFacts = {
      ci: { present: ciFiles.length > 0, systems, files: ciFiles },
      containers,
      ecosystems,
      docs,
      declaredLicenses: licenses,
      codeowners: { present: codeownerFiles.length > 0, files: codeownerFiles },
      dependencyUpdates: { present: tools.length > 0, tools, files: updateFiles },
      gitignore,
      committedSecrets,
    };
    return { facts, findings, strengths: hygieneStrengths(facts) };
  },
});

function hygieneStrengths(f: RepoHygieneFacts): FactStrength[] {
  const out: FactStrength[] = [];
  if (f.ci.present) out.push({ area: "ci-cd", text: `CI is configured (${f.ci.systems.join(", ")}).` });
  const locked = f.ecosystems.filter((entry) => entry.lockfilePresent);
  if (locked.length > 0 && locked.length === f.ecosystems.length) {
    out.push({
      area: "dependencies",
      text: `Lockfiles are committed for every ecosystem (${locked.map((entry) => entry.id).join(", ")}).`,
    });
  }
  if (f.dependencyUpdates.present)
    out.push({
      area: "dependencies",
      text: `Automated dependency updates are configured (${f.dependencyUpdates.tools.join(", ")}).`,
    });
  if (f.docs.readme.present && f.docs.license.present)
    out.push({ area: "documentation", text: "README and LICENSE are present." });
  if (f.docs.security.present)
    out.push({ area: "security", text: "A security policy (SECURITY.md) tells reporters where to go." });
  if (f.gitignore.present && f.gitignore.missing.length === 0)
    out.push({ area: "security", text: ".gitignore covers secrets, logs, IDE folders and build output." });
  if (f.committedSecrets.length === 0)
    out.push({
      area: "security",
      text: "No environment files, private keys or credentials files are committed.",
    });
  return out;
}

/** Each ecosystem's build output with the folders it appears in (every manifest's, or the outermost ones'). */
function buildOutputs(
  ecosystems: RepoHygieneFacts["ecosystems"],
): Array<{ directory: string; output: BuildOutput }> {
  const out: Array<{ directory: string; output: BuildOutput }> = [];
  for (const entry of ecosystems) {
    const ecosystem = ECOSYSTEMS.find((candidate) => candidate.id === entry.id);
    if (!ecosystem) continue;
    const directories = [...new Set(entry.manifests.map(dirName))].sort();
    const chosen = ecosystem.outputAtRootOnly ? outermost(directories) : directories;
    for (const output of ecosystem.buildOutput)
      for (const directory of chosen) out.push({ directory, output });
  }
  return out;
}

/** The folders no other listed folder contains (a Cargo workspace's root, not its members). */
function outermost(directories: string[]): string[] {
  return directories.filter(
    (directory) =>
      !directories.some(
        (other) => other !== directory && (other === "" || directory.startsWith(`${other}/`)),
      ),
  );
}

/** Conventional lockfile names next to the manifests that .gitignore excludes (so none can be committed). */
function ignoredLockfiles(
  ecosystemId: string,
  manifests: string[],
  layers: Awaited<ReturnType<typeof gitignoreLayers>>,
): string[] {
  const names: Record<string, string[]> = {
    node: ["package-lock.json", "yarn.lock", "pnpm-lock.yaml"],
    rust: ["Cargo.lock"],
    python: ["uv.lock", "poetry.lock", "Pipfile.lock", "pdm.lock"],
    ruby: ["Gemfile.lock"],
    php: ["composer.lock"],
    go: ["go.sum"],
  };
  // Cargo, Go and Composer keep one lockfile at the workspace root.
  const directories = [...new Set(manifests.map(dirName))];
  const candidates = (
    ["node", "python"].includes(ecosystemId) ? directories : outermost(directories)
  ).flatMap((directory) =>
    (names[ecosystemId] ?? []).map((name) => (directory ? `${directory}/${name}` : name)),
  );
  return candidates.filter((candidate) => isIgnored(layers, candidate));
}

async function goModHasRequirements(snapshot: RepoSnapshot, manifests: string[]): Promise<boolean> {
  for (const manifest of manifests) if (/^require\b/m.test(await snapshot.read(manifest))) return true;
  return false;
}

async function pythonFullyPinned(snapshot: RepoSnapshot, manifests: string[]): Promise<boolean> {
  const requirements = manifests.filter((p) => /requirements[\w.-]*\.txt$/.test(p));
  if (requirements.length === 0 || requirements.length !== manifests.length) return false;
  for (const file of requirements) {
    for (const line of splitLines(await snapshot.read(file))) {
      const entry = line.replace(/#.*/, "").trim();
      if (!entry || entry.startsWith("-")) continue;
      if (!/==[^=]/.test(entry)) return false;
    }
  }
  return true;
}

async function packageJsonHasRenovate(snapshot: RepoSnapshot): Promise<boolean> {
  if (!snapshot.file("package.json")) return false;
  try {
    return "renovate" in (JSON.parse(await snapshot.read("package.json")) as object);
  } catch {
    return false;
  }
}
