import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { linesOf } from "./evidence.js";
import { baseName, dirName, ownFiles } from "./files.js";
import type { DependencyScope } from "./manifests.js";
import { isInside } from "./packages.js";
import { syntaxOf, withoutComments } from "./syntax.js";
import {
  importNames,
  isCheckedScope,
  isImplicitPythonDependency,
  isUsed,
  mentions,
} from "./syntax-dependency-use.js";
import type { ReadManifest, SyntaxEcosystem } from "./syntax-packages.js";

/** A dependency a manifest declares that no code of its package imports or references. */
export interface UnusedDependency {
  ecosystem: SyntaxEcosystem;
  name: string;
  manifest: string;
  line: number;
  scope: DependencyScope;
  /** Cargo `[workspace.dependencies]`: no member crate uses it. */
  workspace: boolean;
  evidence: string;
}

/** Names each package's code uses, by "ecosystem:root". */
export type UsedNamesByPackage = Map<string, Set<string>>;

// Tooling files whose text may name a dependency that code never imports (a server started from a
// Dockerfile, a Django app in settings, a Babel preset). Manifests themselves are excluded.
// Stylesheets count too: Tailwind 4 loads plugins with `@plugin "daisyui"` and fonts arrive by
// `@import "@fontsource/inter"`.
const CONFIG_FILE =
  /(^|\/)(Dockerfile[^/]*|Procfile|Makefile|\.babelrc|\.env\.example|[^/]+\.(sh|ini|cfg|ya?ml|toml|json|css|scss|sass|less|pcss)|[^/]+\.config\.[cm]?[jt]s)$/;
// A bundler or PostCSS config names plugins as bare object keys: `plugins: { autoprefixer: {} }`.
const BUNDLER_CONFIG = /(^|\/)[^/]+\.config\.[cm]?[jt]s$|(^|\/)\.postcssrc(\.json)?$/;
const MANIFEST_FILE =
  /(^|\/)(Cargo\.toml|pyproject\.toml|package\.json|requirements[\w.-]*\.(txt|in)|setup\.py|go\.mod)$/;
const TOOLING_REQUIREMENTS = /(dev|test|lint|doc|ci|types)/i;
// pyproject extras for tooling (`[project.optional-dependencies] dev = ["ipython", "build"]`) are
// installed by developers, not imported by the package: the same rule as requirements-dev.txt.
const TOOLING_EXTRA = /^extra: .*(dev|test|lint|doc|ci|types|typing|check|format|style|bench|release)/i;
// Engines pandas (and BeautifulSoup) load by themselves: `pd.read_excel` needs openpyxl, `to_parquet`
// pyarrow, `read_html` lxml, `to_markdown` tabulate, none of them imported by the calling code.
const PYTHON_ENGINE =
  /^(openpyxl|xlrd|xlsxwriter|odfpy|pyxlsb|calamine|python-calamine|pyarrow|fastparquet|tabulate|lxml|html5lib|tables|numexpr|bottleneck)$/;
const PYTHON_ENGINE_HOST = /^(pandas|polars|beautifulsoup4|bs4|modin|dask)$/;

/** Declared dependencies never used by the code of the package(s) the manifest governs. */
export async function findUnusedDependencies(
  snapshot: RepoSnapshot,
  manifests: readonly ReadManifest[],
  used: UsedNamesByPackage,
): Promise<{ checked: number; unused: UnusedDependency[] }> {
  const unused: UnusedDependency[] = [];
  let checked = 0;
  for (const manifest of manifests) {
    const { ecosystem, parsed } = manifest;
    if (ecosystem === "python" && TOOLING_REQUIREMENTS.test(baseName(parsed.file))) continue;
    const folder = dirName(parsed.file);
    const scopeNames = usedWithin(used, ecosystem, folder);
    const manifestLines = manifest.text.split(/\r?\n/);
    let texts: string[] | undefined;
    const declared = new Set(parsed.dependencies.map((dependency) => normalisedName(dependency.name)));
    const engineHost = [...declared].some((name) => PYTHON_ENGINE_HOST.test(name));
    for (const dependency of parsed.dependencies) {
      if (!isCheckedScope(ecosystem, dependency.scope)) continue;
      if (ecosystem === "python" && isImplicitPythonDependency(dependency.name)) continue;
      if (ecosystem === "python" && TOOLING_EXTRA.test(dependency.condition ?? "")) continue;
      if (ecosystem === "python" && engineHost && PYTHON_ENGINE.test(normalisedName(dependency.name)))
        continue;
      if (ecosystem === "node" && isImplicitNodeDependency(dependency.name, declared)) continue;
      // `-sys` crates only link a native library; compiler_builtins and rustc-std-workspace-* are
      // linked in when a crate is built as part of the standard library.
      if (ecosystem === "rust" && /-sys$|^compiler_builtins$|^rustc-std-workspace-/.test(dependency.name))
        continue;
      if (ecosystem === "node" && dependency.name.startsWith("@types/")) continue;
      checked++;
      const key = ecosystem === "rust" ? cargoKey(manifestLines[dependency.line - 1] ?? "") : undefined;
      const candidates = importNames(ecosystem, dependency.name, key);
      if (isUsed(ecosystem, candidates, scopeNames)) continue;
      if (ecosystem === "python" || ecosystem === "node") {
        texts ??= await toolingTexts(snapshot, manifest, folder);
        if (texts.some((text) => mentions(ecosystem, candidates, text))) continue;
        if (ecosystem === "node" && (await bareConfigKeys(snapshot, folder)).has(dependency.name)) continue;
      }
      if (
        ecosystem === "go" &&
        (await goGenerateTools(snapshot, folder)).some((path) => isUsed("go", candidates, new Set([path])))
      )
        continue;
      unused.push({
        ecosystem,
        name: dependency.name,
        manifest: parsed.file,
        line: dependency.line,
        scope: dependency.scope,
        workspace: dependency.scope === "workspace",
        evidence: linesOf(manifest.text, dependency.line),
      });
    }
  }
  return { checked, unused };
}

function normalisedName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

// Declared as ordinary dependencies but used without an import: Next.js renders with react-dom and
// optimises images with sharp on its own; the TypeScript compiler and the Prisma CLI run from scripts.
const NODE_IMPLICIT_WITH: Record<string, RegExp> = {
  "react-dom": /^(next|gatsby|@remix-run\/react|react-scripts|expo)$/,
  sharp: /^next$/,
  prisma: /^@prisma\/client$/,
};
// Command-line tools are never imported; a script runs them, often under another name (tsc). They
// are still reported when declared as runtime dependencies, because every consumer then installs a
// build tool for nothing, but the finding says "move to devDependencies" rather than "remove".
const NODE_COMMAND_LINE =
  /^(typescript|tsx|ts-node|ts-node-dev|nodemon|concurrently|cross-env|rimraf|npm-run-all2?|dotenv-cli|@nestjs\/cli|nx|turbo|lerna|husky|lint-staged)$/;

/** True for npm packages that are command-line build tools, never imported by code. */
export function isNodeCommandLineTool(name: string): boolean {
  return NODE_COMMAND_LINE.test(name);
}

function isImplicitNodeDependency(name: string, declared: ReadonlySet<string>): boolean {
  const host = NODE_IMPLICIT_WITH[name];
  return host !== undefined && [...declared].some((other) => host.test(other));
}

const bareKeysCache = new WeakMap<RepoSnapshot, Map<string, Set<string>>>();

/** Bare object keys in bundler and PostCSS configs under the folder (plugin names written unquoted). */
async function bareConfigKeys(snapshot: RepoSnapshot, folder: string): Promise<Set<string>> {
  const perFolder = bareKeysCache.get(snapshot) ?? new Map<string, Set<string>>();
  bareKeysCache.set(snapshot, perFolder);
  const cached = perFolder.get(folder);
  if (cached) return cached;
  const keys = new Set<string>();
  for (const file of ownFiles(snapshot)) {
    if (!isInside(file.path, folder) || !BUNDLER_CONFIG.test(file.path)) continue;
    const text = withoutComments(await syntaxOf(snapshot, file));
    for (const match of text.matchAll(/(?:^|[{,\s])([A-Za-z_$][\w$-]*)\s*:/g)) keys.add(match[1] ?? "");
  }
  perFolder.set(folder, keys);
  return keys;
}

const generateCache = new WeakMap<RepoSnapshot, Map<string, string[]>>();

/** Module paths that `//go:generate go run <path>` lines run: tools kept in go.mod but never imported. */
async function goGenerateTools(snapshot: RepoSnapshot, folder: string): Promise<string[]> {
  const perFolder = generateCache.get(snapshot) ?? new Map<string, string[]>();
  generateCache.set(snapshot, perFolder);
  const cached = perFolder.get(folder);
  if (cached) return cached;
  const paths: string[] = [];
  for (const file of ownFiles(snapshot)) {
    if (!isInside(file.path, folder) || file.language !== "go") continue;
    const text = await snapshot.read(file.path);
    if (!text.includes("go:generate")) continue;
    for (const match of text.matchAll(
      /^\/\/go:generate\s+go\s+run\s+(?:-\S+\s+)*([\w.-]+\.[\w.-]+\/[^\s@]+)/gm,
    ))
      paths.push(match[1] ?? "");
  }
  perFolder.set(folder, paths);
  return paths;
}

// A manifest governs the packages at or under its folder (a Cargo workspace root: every member);
// a requirements file in a subfolder governs the package that holds it.
function usedWithin(used: UsedNamesByPackage, ecosystem: string, folder: string): Set<string> {
  const names = new Set<string>();
  let holder: string | undefined;
  for (const [key, set] of used) {
    const [keyEcosystem, root = ""] = key.split(/:(.*)/s);
    if (keyEcosystem !== ecosystem) continue;
    if (isInside(root, folder)) for (const name of set) names.add(name);
    else if (isInside(folder, root) && (holder === undefined || root.length > holder.length)) holder = root;
  }
  if (names.size === 0 && holder !== undefined)
    for (const name of used.get(`${ecosystem}:${holder}`) ?? []) names.add(name);
  return names;
}

/** The manifest key a Cargo dependency line declares (`thiserror.workspace = true`, `[dependencies.foo]`). */
function cargoKey(line: string): string | undefined {
  const header = /^\s*\[(?:[^\]]*\.)?([A-Za-z0-9_-]+)\]/.exec(line);
  if (header && /dependencies\./.test(line)) return header[1];
  return /^\s*"?([A-Za-z0-9_-]+)"?\s*(?:\.|=)/.exec(line)?.[1];
}

async function toolingTexts(
  snapshot: RepoSnapshot,
  manifest: ReadManifest,
  folder: string,
): Promise<string[]> {
  const texts: string[] = [];
  if (manifest.parsed.kind === "package-json") {
    try {
      const scripts = (JSON.parse(manifest.text) as { scripts?: Record<string, string> }).scripts ?? {};
      texts.push(
        Object.values(scripts)
          .map((script) => `"${script.split(/\s+/).join('" "')}"`)
          .join(" "),
      );
    } catch {
      // Unreadable scripts mention nothing.
    }
  }
  for (const file of ownFiles(snapshot)) {
    if (!isInside(file.path, folder) || MANIFEST_FILE.test(file.path)) continue;
    const source =
      manifest.ecosystem === "python"
        ? file.language === "python"
        : /^(javascript|typescript|tsx|vue|svelte)$/.test(file.language ?? "");
    // Source is read without comments, so a dependency named only in a comment still counts as unused.
    if (source) texts.push(withoutComments(await syntaxOf(snapshot, file)));
    else if (CONFIG_FILE.test(file.path)) texts.push(await snapshot.read(file.path));
  }
  return texts;
}
