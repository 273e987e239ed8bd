import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { readGithubSteps } from "./workflows.js";
import type { LocalActionResolver } from "./workflows-analysis.js";
import { NodeReader } from "./workflows-yaml.js";

/** The text of every local action definition (`action.yml`), by path. */
export async function localActionTexts(snapshot: RepoSnapshot): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of snapshot.files)
    if (/(^|\/)action\.ya?ml$/.test(file.path) && !file.isVendored)
      texts.set(file.path, await snapshot.read(file.path));
  return texts;
}

/** Resolves `uses: ./path` to the steps of the composite action defined there (recording its text). */
export function localActionResolver(
  snapshot: RepoSnapshot,
  texts: Map<string, string>,
  actions: Map<string, string>,
): LocalActionResolver {
  return (uses: string) => {
    const folder = uses.replace(/^\.\//, "").replace(/\/$/, "");
    for (const name of ["action.yml", "action.yaml"]) {
      const file = `${folder}/${name}`;
      const text = actions.get(file);
      if (text === undefined || !snapshot.file(file)) continue;
      texts.set(file, text);
      const { reader, root } = NodeReader.for(text);
      const runs = (root as { get?: (key: string, keep: boolean) => unknown } | null)?.get?.("runs", true);
      const steps = (runs as { get?: (key: string, keep: boolean) => unknown } | null)?.get?.("steps", true);
      return { file, steps: readGithubSteps(steps, reader) };
    }
    return undefined;
  };
}
