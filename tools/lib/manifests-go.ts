import type { ManifestDependency, ParsedManifest } from "./manifests.js";
import { resolveDependencyPath } from "./manifests.js";

/**
 * go.mod `require` lines and blocks (Go's minimal version selection makes every version exact;
 * `// indirect` marks transitive requirements) and `replace` directives that point at a local path.
 */
export function parseGoMod(file: string, text: string): ParsedManifest {
  const dependencies: ManifestDependency[] = [];
  const pending = new Map<
    string,
    Pick<ManifestDependency, "requirement" | "pinning" | "outsideRepo" | "line">
  >();
  let block: "require" | "replace" | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const opening = /^(require|replace|exclude|retract|tool|godebug)\s*\($/.exec(trimmed);
    if (opening) {
      block =
        opening[1] === "require" || opening[1] === "replace"
          ? (opening[1] as "require" | "replace")
          : undefined;
      return;
    }
    if (trimmed === ")") {
      block = undefined;
      return;
    }
    const single = /^(require|replace)\s+(.+)$/.exec(trimmed);
    const directive = single ? (single[1] as "require" | "replace") : block;
    const body = single ? (single[2] as string) : trimmed;
    if (!directive || body === "" || body.startsWith("//")) return;
    if (directive === "require") {
      const match = /^(\S+)\s+(\S+)(.*)$/.exec(body);
      if (!match) return;
      dependencies.push({
        name: match[1] as string,
        ecosystem: "Go",
        manifest: file,
        line,
        scope: /\/\/\s*indirect\b/.test(match[3] as string) ? "indirect" : "normal",
        requirement: match[2] as string,
        pinning: "exact",
      });
      return;
    }
    const replace = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?/.exec(body);
    if (!replace) return;
    const target = replace[2] as string;
    if (!/^(\.{1,2}\/|\/)/.test(target)) return;
    const replaced = {
      requirement: `=> ${target}`,
      pinning: "path" as const,
      outsideRepo: resolveDependencyPath(file, target).outsideRepo,
    };
    const existing = dependencies.find((dependency) => dependency.name === replace[1]);
    if (existing) Object.assign(existing, replaced, { line });
    else pending.set(replace[1] as string, { ...replaced, line });
  });
  // A replace written before its require (Go allows either order) still pins that require to a path.
  for (const [name, replaced] of pending) {
    const existing = dependencies.find((dependency) => dependency.name === name);
    if (existing) Object.assign(existing, replaced);
    else
      dependencies.push({
        name,
        ecosystem: "Go",
        manifest: file,
        scope: "normal",
        ...replaced,
      });
  }
  return { file, kind: "go-mod", ecosystem: "Go", dependencies, includes: [] };
}
