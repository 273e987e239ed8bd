import type { Area, AreaFindingOutput, AreaOutput } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { scannerFindings } from "../../src/merge/build-report.js";
import { runScanners } from "../../src/prescan/run-scanners.js";

export { Capture, cli } from "../helpers/cli.js";

/** Shared pieces of the end-to-end tests of `codeaudit review` with a scripted model. */

/** A planted GitHub token the secrets scanner finds (split so no scanner flags this file). */
export const SECRET = ["ghp_", "R7mK2pX9qL4vN8wT3zB6cH1jF5dS0aYgUeQi"].join("");

// "$" and "{id}" apart: the line is TypeScript source of the fixture, not a template of this file.
export const FETCH_LINE = `  const response = await fetch(\`https://api.example.com/profiles/$${"{id}"}\`);`;

/** A small service: an outbound call without a timeout (line 4), a TODO, and a committed token. */
export const FILES: Record<string, string> = {
  "src/client.ts": [
    'import { readFileSync } from "node:fs";',
    "",
    "export async function fetchProfile(id: string) {",
    FETCH_LINE,
    "  return response.json();",
    "}",
    "",
    "// TODO: validate the path before reading it",
    "export function loadConfig(path: string) {",
    '  return JSON.parse(readFileSync(path, "utf8"));',
    "}",
    "",
  ].join("\n"),
  "src/settings.ts": [
    "export const settings = {",
    '  region: "eu-west-1",',
    `  githubToken: "${SECRET}",`,
    "};",
    "",
  ].join("\n"),
  "README.md": "# Demo\n\nRun it with npm start.\n",
};

/** The report ids of a repository's scanner findings, by rule id. */
export async function scannerIds(repo: string): Promise<Record<string, string>> {
  const snapshot = await ingest(repo);
  const prescan = await runScanners(snapshot);
  return Object.fromEntries(
    scannerFindings(prescan.results).map((finding) => [finding.ruleId ?? finding.title, finding.id]),
  );
}

/** A model finding as the area schema wants it, with defaults for the fields a test does not care about. */
export function claim(
  area: Area,
  fields: Partial<AreaFindingOutput> & Pick<AreaFindingOutput, "title" | "file" | "startLine" | "evidence">,
): AreaFindingOutput {
  return {
    severity: "medium",
    area,
    alsoAreas: [],
    description: `${fields.title}: what happens in production.`,
    recommendation: "Fix it.",
    endLine: fields.startLine,
    confidence: 0.9,
    category: null,
    ...fields,
  };
}

/** An area answer. */
export function answer(fields: Partial<AreaOutput> = {}): AreaOutput {
  return { findings: [], scannerFindings: [], strengths: [], summary: "Looks reasonable.", ...fields };
}

/** Parses a JSON report. */
export function json(text: string): {
  findings: Array<Record<string, unknown> & { id: string; areas: string[]; dismissed?: { reason: string } }>;
  areas: Array<{ id: string; status: string; reason?: string; summary?: string; strengths: string[] }>;
  usage: Record<string, unknown>;
  verification?: Record<string, number>;
  warnings: string[];
  summary: { executiveSummary?: string };
  prompts: Array<{ id: string; version: string; area: string }>;
} {
  return JSON.parse(text);
}
