import ignore, { type Ignore } from "ignore";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName } from "./files.js";

/** One .gitignore file and the folder its patterns are relative to. */
interface GitignoreLayer {
  base: string;
  rules: Ignore;
}

/** A gap: a pattern the .gitignore files do not cover, and why it matters. */
export interface GitignoreGap {
  pattern: string;
  why: string;
}

/** What a build tool writes next to a manifest, with a path inside it that git would see. */
export interface BuildOutput {
  pattern: string;
  /** A file name inside the output, so patterns that ignore the files (`*.pyc`) count as well as the folder. */
  sample: string;
}

const PROBES: Array<{ pattern: string; probe: string; why: string; folder?: string }> = [
  { pattern: ".env", probe: ".env", why: "secrets" },
  { pattern: "*.pem", probe: "server.pem", why: "secrets" },
  { pattern: "*.key", probe: "server.key", why: "secrets" },
  { pattern: ".idea/", probe: ".idea/workspace.xml", why: "IDE folder", folder: ".idea/" },
  { pattern: ".vscode/", probe: ".vscode/launch.json", why: "IDE folder", folder: ".vscode/" },
  { pattern: "*.log", probe: "debug.log", why: "logs" },
];

/** Every .gitignore in the snapshot, root first, so deeper files override shallower ones as in git. */
export async function gitignoreLayers(snapshot: RepoSnapshot): Promise<GitignoreLayer[]> {
  const files = snapshot.files
    .map((file) => file.path)
    .filter((p) => baseName(p) === ".gitignore")
    .sort((a, b) => a.split("/").length - b.split("/").length);
  const layers: GitignoreLayer[] = [];
  for (const file of files) {
    layers.push({ base: dirName(file), rules: ignore().add(await snapshot.read(file)) });
  }
  return layers;
}

/** True when git would ignore `filePath` given every .gitignore on its way (negations included). */
export function isIgnored(layers: GitignoreLayer[], filePath: string): boolean {
  let ignored = false;
  for (const layer of layers) {
    if (layer.base && !filePath.startsWith(`${layer.base}/`)) continue;
    const relative = layer.base ? filePath.slice(layer.base.length + 1) : filePath;
    const verdict = layer.rules.test(relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Patterns the repository's .gitignore files miss: secrets, IDE folders, logs, and each ecosystem's build
 * output next to each manifest. IDE folders the repository tracks are shared on purpose and not a gap.
 */
export async function gitignoreGaps(
  snapshot: RepoSnapshot,
  outputs: Array<{ directory: string; output: BuildOutput }>,
): Promise<{ present: boolean; missing: GitignoreGap[] }> {
  if (!snapshot.file(".gitignore")) return { present: false, missing: [] };
  const layers = await gitignoreLayers(snapshot);
  const paths = snapshot.files.map((file) => file.path);
  const missing: GitignoreGap[] = [];
  for (const probe of PROBES) {
    if (probe.folder && paths.some((p) => p.startsWith(probe.folder ?? ""))) continue;
    if (!isIgnored(layers, probe.probe)) missing.push({ pattern: probe.pattern, why: probe.why });
  }
  for (const { directory, output } of outputs) {
    if (missing.some((gap) => gap.pattern === output.pattern)) continue;
    const prefix = directory ? `${directory}/` : "";
    const probe = output.pattern.endsWith("/")
      ? `${prefix}${output.pattern}${output.sample}`
      : prefix + output.sample;
    if (!isIgnored(layers, probe)) missing.push({ pattern: output.pattern, why: "build output" });
  }
  return { present: true, missing };
}
