import { parse, YAMLError } from "yaml";
import { z } from "zod";
import { Area } from "../../schemas/index.js";

const text = z.string().trim().min(1, "must not be empty");
const examples = z.array(text).min(1, "needs at least one concrete example");
const version = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, "must be a semantic version such as 1.0.0");
const promptId = z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lower-case kebab-case");

/** Concrete examples of what earns each severity in one area. */
export const SeverityRubric = z.strictObject({
  critical: examples,
  high: examples,
  medium: examples,
  low: examples,
  info: examples,
});
export type SeverityRubric = z.infer<typeof SeverityRubric>;

/** Front matter of `prompts/<area>.md`. */
export const AreaPromptFrontMatter = z.strictObject({
  id: promptId,
  version,
  area: Area,
  title: text,
  covers: z.array(text).min(1, "must list what the area covers"),
  rubric: SeverityRubric,
});
export type AreaPromptFrontMatter = z.infer<typeof AreaPromptFrontMatter>;

/** Front matter of `prompts/_preamble.md`, the part every area's system prompt starts with. */
export const PreambleFrontMatter = z.strictObject({ id: promptId, version, title: text });
export type PreambleFrontMatter = z.infer<typeof PreambleFrontMatter>;

/** A Markdown file split into its parsed YAML front matter and the body after it. */
export interface PromptSource {
  data: unknown;
  body: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Splits `---`-fenced YAML front matter from the body; throws an Error with a one-line message. */
export function splitFrontMatter(source: string): PromptSource {
  const match = FRONT_MATTER.exec(source.replace(/^\uFEFF/, ""));
  if (!match) throw new Error("it must start with YAML front matter between two '---' lines");
  let data: unknown;
  try {
    data = parse(match[1] ?? "");
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    // linePos is relative to the front matter, which starts on the file's second line.
    const line = error.linePos?.[0].line;
    const where = line === undefined ? "" : ` (file line ${line + 1})`;
    throw new Error(
      `front matter is not valid YAML${where}: ${error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  }
  return { data, body: (match[2] ?? "").trim() };
}

/** One line describing every issue of a failed front-matter parse, e.g. "rubric.high: needs at least…". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
