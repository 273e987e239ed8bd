import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AREAS, type Area, type Report } from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";
import { packageRoot } from "../util/package-root.js";
import { DATA_KINDS } from "./prompt-fence.js";
import {
  AreaPromptFrontMatter,
  describeIssues,
  PreambleFrontMatter,
  type SeverityRubric,
  splitFrontMatter,
} from "./prompt-front-matter.js";

/** One area's review prompt, validated. */
export interface AreaPrompt {
  id: string;
  version: string;
  area: Area;
  title: string;
  covers: string[];
  rubric: SeverityRubric;
  /** The Markdown after the front matter. */
  body: string;
  /** Absolute path of the source file. */
  file: string;
  /** sha256 of the file's bytes, for cache keys that must change whenever the text does. */
  sha256: string;
}

/** The shared preamble every area's system prompt starts with. */
export interface PromptPreamble {
  id: string;
  version: string;
  title: string;
  body: string;
  file: string;
  sha256: string;
}

export interface PromptSet {
  preamble: PromptPreamble;
  areas: Record<Area, AreaPrompt>;
}

export { composeSystemPrompt } from "./prompt-compose.js";
export { createFenceNonce, fenceData, fenceRepositoryFile } from "./prompt-fence.js";

export const PREAMBLE_FILE = "_preamble.md";

/** The `## ` sections every area prompt must have, so none silently loses its evidence rules or contract. */
export const REQUIRED_SECTIONS = [
  "Scope",
  "Evidence",
  "Do not report",
  "Pre-scan findings",
  "Output",
] as const;

/** The prompts shipped with codeaudit. */
export function defaultPromptsDir(): string {
  return path.join(packageRoot(), "prompts");
}

/** Reads and validates the preamble and one prompt per area; throws CodeauditError(CONFIG_INVALID) naming the bad file. */
export async function loadPrompts(dir: string = defaultPromptsDir()): Promise<PromptSet> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".md")).sort();
  } catch {
    throw new CodeauditError("CONFIG_INVALID", `prompts folder not found: ${dir}`);
  }
  if (!names.includes(PREAMBLE_FILE)) {
    throw new CodeauditError("CONFIG_INVALID", `prompts folder ${dir} has no ${PREAMBLE_FILE}`);
  }
  const preamble = await loadPreamble(path.join(dir, PREAMBLE_FILE));
  const byArea = new Map<Area, AreaPrompt>();
  for (const name of names) {
    if (name === PREAMBLE_FILE) continue;
    const file = path.join(dir, name);
    if (name.startsWith("_")) invalid(file, `unknown shared prompt; the only shared one is ${PREAMBLE_FILE}`);
    const prompt = await loadAreaPrompt(file);
    const previous = byArea.get(prompt.area);
    if (previous)
      invalid(file, `area ${prompt.area} already has a prompt in ${path.basename(previous.file)}`);
    byArea.set(prompt.area, prompt);
  }
  const missing = AREAS.filter((area) => !byArea.has(area));
  if (missing.length > 0) {
    throw new CodeauditError(
      "CONFIG_INVALID",
      `prompts folder ${dir} has no prompt for: ${missing.join(", ")}`,
    );
  }
  const areas = Object.fromEntries(AREAS.map((area) => [area, byArea.get(area)])) as Record<Area, AreaPrompt>;
  return { preamble, areas };
}

/** The prompt ids and versions a report records. */
export function promptRecords(prompts: PromptSet, areas: readonly Area[] = AREAS): Report["prompts"] {
  return areas.map((area) => {
    const prompt = prompts.areas[area];
    return { id: prompt.id, version: prompt.version, area };
  });
}

async function loadPreamble(file: string): Promise<PromptPreamble> {
  const { source, data, body } = await readPrompt(file);
  const parsed = PreambleFrontMatter.safeParse(data);
  if (!parsed.success) invalid(file, `front matter: ${describeIssues(parsed.error)}`);
  const unnamed = DATA_KINDS.filter((kind) => !body.includes(kind));
  if (unnamed.length > 0)
    invalid(file, `it must tell the model about the data fences: ${unnamed.join(", ")}`);
  return { ...parsed.data, body, file, sha256: sha256(source) };
}

async function loadAreaPrompt(file: string): Promise<AreaPrompt> {
  const { source, data, body } = await readPrompt(file);
  const parsed = AreaPromptFrontMatter.safeParse(data);
  if (!parsed.success) invalid(file, `front matter: ${describeIssues(parsed.error)}`);
  const expectedId = path.basename(file, ".md");
  if (parsed.data.id !== expectedId)
    invalid(file, `id is ${parsed.data.id} but the file name says ${expectedId}`);
  const headings = new Set(body.split("\n").flatMap((line) => /^## +(.+?)\s*$/.exec(line)?.slice(1) ?? []));
  const absent = REQUIRED_SECTIONS.filter((section) => !headings.has(section));
  if (absent.length > 0)
    invalid(file, `missing section(s): ${absent.map((name) => `## ${name}`).join(", ")}`);
  return { ...parsed.data, body, file, sha256: sha256(source) };
}

async function readPrompt(file: string): Promise<{ source: string; data: unknown; body: string }> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    invalid(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return { source, ...splitFrontMatter(source) };
  } catch (error) {
    invalid(file, error instanceof Error ? error.message : String(error));
  }
}

function invalid(file: string, problem: string): never {
  throw new CodeauditError("CONFIG_INVALID", `invalid prompt ${file}: ${problem}`, { details: { file } });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
