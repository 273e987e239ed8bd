import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, dirName } from "./files.js";

/** The project documents a repository is expected to carry. */
export type DocumentKind = "readme" | "license" | "security" | "contributing" | "changelog";

const TEXT_EXTENSION = String.raw`(\.(md|markdown|txt|rst|adoc|asciidoc|org|html?))?`;
const LICENSE_ID = String.raw`(mit|apache[\w.-]*|bsd[\w.-]*|[al]?gpl[\w.-]*|mpl[\w.-]*|isc|cc[\w.-]*|zlib|boost|epl[\w.-]*|wtfpl|0bsd|unlicense)`;

/** Names GitHub and the usual tools recognise, at the root or in .github/ or docs/. */
const DOCUMENTS: Record<DocumentKind, RegExp> = {
  readme: new RegExp(`^readme${TEXT_EXTENSION}$`, "i"),
  license: new RegExp(
    `^((un)?licen[cs]es?${TEXT_EXTENSION}|licen[cs]e[-_.]${LICENSE_ID}${TEXT_EXTENSION}|copying([.-](lesser|lib))?${TEXT_EXTENSION})$`,
    "i",
  ),
  security: new RegExp(`^security${TEXT_EXTENSION}$`, "i"),
  contributing: new RegExp(`^contributing${TEXT_EXTENSION}$`, "i"),
  changelog: new RegExp(
    `^(change[-_]?log|changes|history|news|release[-_]?notes|releases)${TEXT_EXTENSION}$`,
    "i",
  ),
};

/** A changelog kept deeper in docs/ (docs/en/docs/release-notes.md) or as fragments in a folder of its own. */
const DOCS_CHANGELOG = new RegExp(
  `^docs/(.+/)?(change[-_]?log|changes|release[-_]?notes)${TEXT_EXTENSION}$`,
  "i",
);
const CHANGELOG_FOLDER = /^(change[-_]?logs?|changelog\.d|newsfragments)\/[^/]+$/i;
const PACKAGE_CHANGELOG = new RegExp(`^change[-_]?log${TEXT_EXTENSION}$`, "i");

/** The repository's documents by kind; `packageDirectories` are folders of workspace packages (their own CHANGELOGs count). */
export function findDocuments(
  paths: string[],
  packageDirectories: string[],
): Record<DocumentKind, { present: boolean; files: string[] }> {
  const top = paths.filter((p) => !p.includes("/") || /^(\.github|docs)\/[^/]+$/.test(p));
  const licensesFolder = paths.filter((p) => /^LICENSES\/[^/]+$/.test(p));
  const entries = (Object.keys(DOCUMENTS) as DocumentKind[]).map((kind) => {
    let files = top.filter((p) => DOCUMENTS[kind].test(baseName(p)));
    if (kind === "license" && files.length === 0) files = licensesFolder;
    if (kind === "changelog" && files.length === 0) {
      const packages = new Set(packageDirectories.filter(Boolean));
      files = paths.filter(
        (p) =>
          DOCS_CHANGELOG.test(p) ||
          CHANGELOG_FOLDER.test(p) ||
          (packages.has(dirName(p)) && PACKAGE_CHANGELOG.test(baseName(p))),
      );
    }
    return [kind, { present: files.length > 0, files }] as const;
  });
  return Object.fromEntries(entries) as Record<DocumentKind, { present: boolean; files: string[] }>;
}

/** CODEOWNERS in any of the places GitHub and GitLab read it from. */
export function findCodeowners(paths: string[]): string[] {
  return paths.filter((p) => /^(\.github\/|docs\/|\.gitlab\/)?CODEOWNERS$/.test(p));
}

/** A license named in a root manifest (package.json, Cargo.toml, pyproject.toml) rather than in a file. */
export async function declaredLicenses(
  snapshot: RepoSnapshot,
): Promise<Array<{ file: string; license: string }>> {
  const out: Array<{ file: string; license: string }> = [];
  if (snapshot.file("package.json")) {
    try {
      const manifest = JSON.parse(await snapshot.read("package.json")) as { license?: unknown };
      if (typeof manifest.license === "string" && manifest.license.trim())
        out.push({ file: "package.json", license: manifest.license.trim() });
    } catch {
      // An unparsable package.json declares nothing; the dependencies scanner reports it.
    }
  }
  for (const file of ["Cargo.toml", "pyproject.toml"]) {
    if (!snapshot.file(file)) continue;
    const match = /^license\s*=\s*(?:"([^"]+)"|\{\s*text\s*=\s*"([^"]+)")/m.exec(await snapshot.read(file));
    const license = match?.[1] ?? match?.[2];
    if (license) out.push({ file, license });
  }
  return out;
}
