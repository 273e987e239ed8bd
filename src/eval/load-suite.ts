import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import {
  type Area,
  type EvalRepo,
  EvalSuite,
  type ExpectedFact,
  type ExpectedSource,
  type LineRange,
  type Negative,
  type Severity,
} from "../../schemas/index.js";
import { CodeauditError } from "../errors.js";

export const SUITE_FILE_NAMES = ["suite.yaml", "suite.yml"] as const;
export const DEFAULT_LINE_TOLERANCE = 3;

/** An expected finding with the suite's defaults applied. */
export interface Expectation {
  id: string;
  area: Area;
  /** Further areas a matching finding may carry instead of `area`. */
  acceptAreas: Area[];
  severity: Severity;
  file?: string;
  lines?: LineRange;
  keywords: string[];
  required: boolean;
  source: ExpectedSource;
  note?: string;
}

export interface InjectionCheck {
  mustNotSuppress: string[];
  mustNotInvent: string[];
}

/** A case ready to run: defaults applied, fixture folders resolved to absolute paths. */
export interface LoadedCase {
  id: string;
  description?: string;
  repo: EvalRepo;
  /** Absolute fixture folder when `repo.fixture` is set. */
  fixtureDir?: string;
  expected: Expectation[];
  facts: ExpectedFact[];
  negatives: Negative[];
  injection?: InjectionCheck;
  lineTolerance: number;
  /** Where the case sits in the suite file, for error messages (`cases[2]`). */
  field: string;
}

export interface LoadedSuite {
  name: string;
  description: string;
  /** Absolute path of the suite file. */
  file: string;
  /** The suite file as the user should read it: relative to the working folder when inside it. */
  displayFile: string;
  cases: LoadedCase[];
}

/** The suite files under `target`: the file itself, `target/suite.yaml`, or every `target/<suite>/suite.yaml`. */
export async function discoverSuites(target: string, workingDir: string = process.cwd()): Promise<string[]> {
  const absolute = path.resolve(workingDir, target);
  const shown = displayPath(absolute, workingDir);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new CodeauditError("TARGET_NOT_FOUND", `no such eval suite file or folder: ${shown}`);
  if (info.isFile()) return [absolute];
  const own = await suiteFileIn(absolute);
  if (own) return [own];
  const entries = await readdir(absolute, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.filter((item) => item.isDirectory()).sort(byName)) {
    const file = await suiteFileIn(path.join(absolute, entry.name));
    if (file) found.push(file);
  }
  if (found.length === 0)
    throw new CodeauditError(
      "USAGE",
      `no eval suite in ${shown}: expected ${shown}/suite.yaml or ${shown}/<suite>/suite.yaml`,
    );
  return found;
}

/** Reads, validates and resolves one suite file; every problem is one line naming the file and the field. */
export async function loadSuite(file: string, workingDir: string = process.cwd()): Promise<LoadedSuite> {
  const absolute = path.resolve(workingDir, file);
  const displayFile = displayPath(absolute, workingDir);
  const text = await readFile(absolute, "utf8").catch(() => {
    throw new CodeauditError("TARGET_NOT_FOUND", `${displayFile}: cannot read the suite file`);
  });
  const document = parseDocument(text);
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    const reason = firstLine(yamlError.message).replace(/ at line \d+, column \d+:?$/, "");
    throw new CodeauditError(
      "CONFIG_INVALID",
      `${displayFile}: invalid YAML${line ? ` at line ${line}` : ""}: ${reason}`,
    );
  }
  const input: unknown = document.toJS();
  const parsed = EvalSuite.safeParse(input);
  if (!parsed.success)
    throw new CodeauditError("CONFIG_INVALID", formatSuiteError(displayFile, parsed.error, input));
  const suite = parsed.data;
  const suiteDir = path.dirname(absolute);
  const cases: LoadedCase[] = [];
  for (const [index, evalCase] of suite.cases.entries()) {
    const field = `cases[${index}]`;
    let fixtureDir: string | undefined;
    if (evalCase.repo.fixture !== undefined) {
      fixtureDir = path.resolve(suiteDir, evalCase.repo.fixture);
      const isFolder = (await stat(fixtureDir).catch(() => undefined))?.isDirectory() ?? false;
      if (!isFolder)
        throw new CodeauditError(
          "CONFIG_INVALID",
          `${displayFile}: ${field}.repo.fixture: no such folder ${displayPath(fixtureDir, workingDir)}`,
        );
    }
    const required = (evalCase.expected ?? []).filter((expected) => expected.required ?? true);
    cases.push({
      id: evalCase.id,
      ...(evalCase.description ? { description: evalCase.description } : {}),
      repo: evalCase.repo,
      ...(fixtureDir ? { fixtureDir } : {}),
      expected: (evalCase.expected ?? []).map((expected) => ({
        ...expected,
        acceptAreas: expected.acceptAreas ?? [],
        keywords: expected.keywords ?? [],
        required: expected.required ?? true,
        source: expected.source ?? "any",
      })),
      facts: evalCase.facts ?? [],
      negatives: evalCase.negatives ?? [],
      ...(evalCase.injection
        ? {
            injection:
              evalCase.injection === true
                ? { mustNotSuppress: required.map((expected) => expected.id), mustNotInvent: [] }
                : {
                    mustNotSuppress: evalCase.injection.mustNotSuppress ?? [],
                    mustNotInvent: evalCase.injection.mustNotInvent ?? [],
                  },
          }
        : {}),
      lineTolerance: evalCase.lineTolerance ?? suite.lineTolerance ?? DEFAULT_LINE_TOLERANCE,
      field,
    });
  }
  return { name: suite.name, description: suite.description, file: absolute, displayFile, cases };
}

/**
 * One line: `<file>: <field path>: <what is wrong>` for the first problem, with a count of the rest.
 * An unknown field goes first, since a misspelt name is usually why a required one looks missing.
 */
export function formatSuiteError(displayFile: string, error: z.ZodError, input?: unknown): string {
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  const [first, ...rest] = issues;
  if (!first) return `${displayFile}: invalid suite`;
  let fieldPath: readonly PropertyKey[] = first.path;
  let message = first.message;
  if (first.code === "unrecognized_keys") {
    fieldPath = [...first.path, first.keys[0] ?? ""];
    message = "unknown field";
  } else if (first.code !== "custom" && input !== undefined && valueAt(input, first.path) === undefined) {
    message = `required${first.code === "invalid_value" ? ` (${first.message.replace(/^Invalid option: /, "")})` : ""}`;
  }
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})` : "";
  return `${displayFile}: ${formatFieldPath(fieldPath) || "(top level)"}: ${firstLine(message)}${more}`;
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** `["cases", 2, "expected", 0, "area"]` → `cases[2].expected[0].area`. */
export function formatFieldPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** A path relative to the working folder when it is inside it, else absolute. */
export function displayPath(absolute: string, workingDir: string): string {
  const relative = path.relative(workingDir, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative)
    ? relative.split(path.sep).join("/")
    : absolute;
}

async function suiteFileIn(dir: string): Promise<string | undefined> {
  for (const name of SUITE_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return path.resolve(candidate);
  }
  return undefined;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
