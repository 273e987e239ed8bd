import type { RepoFile } from "../../src/ingest/snapshot.js";
import { baseName } from "./files.js";
import { packageRootOf } from "./packages.js";
import type { SourceText } from "./source-text.js";

/** What a test file exercises. */
export type TestKind = "unit" | "integration" | "e2e";

/** Unit, integration or end-to-end, by the file's folder, name, framework and (Go) build tags. */
export function testKind(
  file: RepoFile,
  source: SourceText,
  framework: string,
  rustRoots: readonly string[],
): TestKind {
  const path = file.path;
  if (
    framework === "playwright" ||
    framework === "cypress" ||
    /(^|\/)(e2e|cypress|playwright)(\/|$)|[._-]e2e[._-]/i.test(path)
  )
    return "e2e";
  // A folder or file named for integration tests; a product module called `integrations/` is not one.
  if (/(^|\/)(integration|integration[-_]tests?|it)(\/|$)|integration(?!s\/)/i.test(path))
    return "integration";
  if (/IT\.(java|kt)$/.test(baseName(path))) return "integration";
  // `//go:build integration`, or the pre-1.17 `// +build integration`.
  if (
    file.language === "go" &&
    source.lines.some((line) => /^\/\/(?:go:build\b|\s*\+build\s).*\bintegration\b/.test(line))
  )
    return "integration";
  if (file.language === "rust" && file.isTest) {
    const crate = packageRootOf(path, rustRoots) ?? "";
    if (path.startsWith(crate === "" ? "tests/" : `${crate}/tests/`)) return "integration";
  }
  return "unit";
}
