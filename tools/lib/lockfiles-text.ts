import type { LockedPackage } from "./lockfiles.js";

/**
 * go.sum: `module version h1:…` and `module version/go.mod h1:…` lines. A module version counts once,
 * and only when its content hash is there; a go.mod-only line was read for version selection, not built.
 */
export function parseGoSum(text: string): { format: string; packages: LockedPackage[] } {
  const packages = new Map<string, LockedPackage>();
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^(\S+)\s+(\S+?)(\/go\.mod)?\s+h1:/.exec(line);
    if (!match || match[3]) return;
    const key = `${match[1]}@${match[2]}`;
    if (!packages.has(key))
      packages.set(key, { name: match[1] as string, version: match[2] as string, line: index + 1 });
  });
  return { format: "go.sum", packages: [...packages.values()] };
}

/**
 * Gemfile.lock: the `specs:` lists of GEM and GIT sources name one gem per four-space line
 * (`    rack (3.0.8)`); six-space lines are that gem's own requirements. PATH specs are the
 * repository's own gems and pin nothing.
 */
export function parseGemfileLock(text: string): { format: string; packages: LockedPackage[] } {
  const packages: LockedPackage[] = [];
  let section = "";
  let inSpecs = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = section !== "PATH";
      return;
    }
    if (/^\S/.test(line) || line.trim() === "") {
      if (/^\S/.test(line)) section = line.trim();
      inSpecs = false;
      return;
    }
    const spec = inSpecs ? /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line) : null;
    if (spec)
      packages.push({
        name: spec[1] as string,
        version: (spec[2] as string).replace(/-[a-z].*$/, ""),
        line: index + 1,
      });
  });
  return { format: "Gemfile.lock", packages };
}
