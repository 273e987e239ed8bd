import type { ManifestDependency, ParsedManifest, Pinning } from "./manifests.js";
import { resolveDependencyPath } from "./manifests.js";
import { gemPinning } from "./manifests-pinning.js";

const GEM = /^\s*gem\s*\(?\s*["']([^"']+)["']((?:\s*,\s*["'][^"']*["'])*)(.*)$/;
const OPTION = (key: string) => new RegExp(`(?:^|[,\\s(])(?::${key}\\s*=>|${key}:)\\s*["']?([^"',\\s)]+)`);

/** Gemfile `gem` lines with their version requirements, git/github/path sources and `group … do` blocks. */
export function parseGemfile(file: string, text: string): ParsedManifest {
  const dependencies: ManifestDependency[] = [];
  const groups: Array<string | undefined> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, "");
    const group = /^\s*group\s+(.+?)\s+do\b/.exec(line);
    if (group) {
      groups.push((group[1] as string).replace(/[:\s]/g, ""));
      return;
    }
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(line)) {
      groups.push(undefined);
      return;
    }
    if (/^\s*end\b/.test(line)) {
      groups.pop();
      return;
    }
    const gem = GEM.exec(line);
    if (!gem) return;
    const requirements = [...(gem[2] as string).matchAll(/["']([^"']*)["']/g)].map(
      (match) => match[1] as string,
    );
    const options = gem[3] as string;
    const activeGroup = [...groups].reverse().find((entry) => entry !== undefined);
    const inlineGroup = /(?:group|groups):\s*\[?\s*:?(\w+)/.exec(options)?.[1];
    const groupName = inlineGroup ?? activeGroup;
    const source = gemSource(file, options);
    dependencies.push({
      name: gem[1] as string,
      ecosystem: "RubyGems",
      manifest: file,
      line: index + 1,
      scope: groupName && /development|test/.test(groupName) ? "dev" : "normal",
      requirement: source?.requirement ?? requirements.join(", "),
      pinning: source?.pinning ?? gemPinning(requirements),
      ...(groupName ? { condition: `group: ${groupName}` } : {}),
      ...(source?.outsideRepo !== undefined ? { outsideRepo: source.outsideRepo } : {}),
    });
  });
  return { file, kind: "gemfile", ecosystem: "RubyGems", dependencies, includes: [] };
}

function gemSource(
  file: string,
  options: string,
): { requirement: string; pinning: Pinning; outsideRepo?: boolean } | undefined {
  const pathOption = OPTION("path").exec(options)?.[1];
  if (pathOption)
    return {
      requirement: `path: ${pathOption}`,
      pinning: "path",
      outsideRepo: resolveDependencyPath(file, pathOption).outsideRepo,
    };
  const git = OPTION("git").exec(options)?.[1] ?? OPTION("github").exec(options)?.[1];
  if (!git) return undefined;
  const pin = ["ref", "tag", "branch"].find((key) => OPTION(key).test(options));
  return {
    requirement: `git: ${git}${pin ? `, ${pin}: ${OPTION(pin).exec(options)?.[1] ?? ""}` : ""}`,
    pinning: pin === "branch" ? "git-branch" : pin ? "git-pinned" : "git-unpinned",
  };
}
