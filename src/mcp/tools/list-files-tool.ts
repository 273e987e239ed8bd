import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { CodeauditError } from "../../errors.js";
import { globFilter, globInput, underPath } from "../glob-filter.js";
import type { ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";
import { resolveInRepository } from "./repository-file.js";

const ListedFile = z.object({
  path: z.string(),
  language: z.string().nullable(),
  lines: z.number().int(),
  size: z.number().int(),
  isTest: z.boolean(),
  isGenerated: z.boolean(),
  isVendored: z.boolean(),
});

const ListFilesOutput = z.object({
  files: z.array(ListedFile),
  total: z.number().int().describe("Files matching the filter, before paging."),
  offset: z.number().int(),
  nextOffset: z.number().int().optional(),
  skipped: z
    .array(z.object({ path: z.string(), reason: z.string() }))
    .describe("Matching files the audit does not read (binary, too large, symlinked outside)."),
});

/** Registers `list_files`: the repository's files as the audit sees them, filtered and paged. */
export function registerListFilesTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "list_files",
    {
      title: "List repository files",
      description:
        "Lists the repository's files as the audit sees them (git-tracked and untracked-not-ignored files, or a .gitignore-aware walk), with language, line count and test/generated/vendored flags. Filter with a sub-folder `path` and a `glob`; page with offset and limit.",
      inputSchema: {
        path: z
          .string()
          .max(4096)
          .default(".")
          .describe("Sub-folder of the repository (default: all of it)."),
        repository: z.string().max(4096).default(".").describe("Repository folder under a root."),
        glob: globInput,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      },
      outputSchema: ListFilesOutput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ path, repository, glob, offset, limit }) =>
      guarded(async () => {
        const entry = await resolveInRepository(context, repository, path);
        if (!entry.isDirectory)
          throw new CodeauditError("USAGE", `${path} is a file; use read_file to read it`);
        const inScope = underPath(entry.relative);
        const matchesGlob = globFilter(glob);
        const wanted = (file: string) => inScope(file) && matchesGlob(file);
        const matching = entry.snapshot.files.filter((file) => wanted(file.path));
        const page = matching.slice(offset, offset + limit).map((file) => ({
          path: file.path,
          language: file.language,
          lines: file.lines,
          size: file.size,
          isTest: file.isTest,
          isGenerated: file.isGenerated,
          isVendored: file.isVendored,
        }));
        const next = offset + page.length;
        const skipped = entry.snapshot.skipped
          .filter((file) => wanted(file.path))
          .map((file) => ({ path: file.path, reason: file.reason }));
        const lines = page.map((file) => `${file.path} (${file.lines} lines${file.isTest ? ", test" : ""})`);
        if (next < matching.length) lines.push(`(${matching.length} files; continue with offset ${next})`);
        for (const file of skipped) lines.push(`${file.path} [skipped: ${file.reason}]`);
        return toolSuccess(
          {
            files: page,
            total: matching.length,
            offset,
            ...(next < matching.length ? { nextOffset: next } : {}),
            skipped,
          },
          lines.join("\n") || "No files match.",
        );
      }),
  );
}
