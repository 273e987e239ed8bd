import ignore from "ignore";
import { z } from "zod";
import { CodeauditError } from "../errors.js";

/** The `glob` input of list_files and grep. */
export const globInput = z
  .union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(50)])
  .optional()
  .describe(
    'File filter in .gitignore pattern syntax: "*.ts" matches at any depth, "src/**/*.py" under src, "!*.test.ts" excludes; several patterns may be given as a list.',
  );

/** A predicate over posix relative paths: true when the path matches the patterns (always true without any). */
export function globFilter(globs: string | readonly string[] | undefined): (relative: string) => boolean {
  if (globs === undefined) return () => true;
  const patterns = typeof globs === "string" ? [globs] : [...globs];
  const matcher = ignore().add(patterns);
  return (relative) => {
    try {
      return matcher.ignores(relative);
    } catch (error) {
      throw new CodeauditError("USAGE", `cannot match ${relative} against the glob: ${String(error)}`);
    }
  };
}

/** A predicate for files at or under a repository sub-path ("" for the whole repository). */
export function underPath(prefix: string): (relative: string) => boolean {
  if (prefix === "") return () => true;
  return (relative) => relative === prefix || relative.startsWith(`${prefix}/`);
}
