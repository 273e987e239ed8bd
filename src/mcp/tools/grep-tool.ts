import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { globFilter, globInput, underPath } from "../glob-filter.js";
import { runGrep } from "../grep/run-grep.js";
import type { ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";
import { listedFile, resolveInRepository } from "./repository-file.js";

const GrepOutput = z.object({
  matches: z.array(z.object({ file: z.string(), line: z.number().int(), text: z.string() })),
  filesSearched: z.number().int(),
  truncated: z.boolean().describe("True when maxResults or the time budget stopped the search early."),
  timedOut: z.boolean(),
});

/** Registers `grep`: a regex or fixed-string search over the repository's own file list. */
export function registerGrepTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "grep",
    {
      title: "Search file contents",
      description: `Searches the repository line by line for a JavaScript regular expression (or a fixed string) and returns file:line:text matches. Honours .gitignore and skips binary and oversized files. Lines are matched on their first 10,000 characters; the search stops after ${context.grepTimeBudgetMs} ms and reports what it found.`,
      inputSchema: {
        pattern: z
          .string()
          .min(1)
          .max(1000)
          .describe("JavaScript regular expression, or the text itself with fixedString."),
        fixedString: z.boolean().default(false),
        caseSensitive: z.boolean().default(true),
        glob: globInput,
        path: z
          .string()
          .max(4096)
          .default(".")
          .describe("File or sub-folder of the repository to search (default: all of it)."),
        repository: z.string().max(4096).default(".").describe("Repository folder under a root."),
        maxResults: z.number().int().min(1).max(1000).default(100),
      },
      outputSchema: GrepOutput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ pattern, fixedString, caseSensitive, glob, path, repository, maxResults }, extra) =>
      guarded(async () => {
        const entry = await resolveInRepository(context, repository, path);
        if (!entry.isDirectory) listedFile(entry.snapshot, entry.relative, path);
        const inScope = underPath(entry.relative);
        const matchesGlob = globFilter(glob);
        const files = entry.snapshot.files
          .map((file) => file.path)
          .filter((file) => inScope(file) && matchesGlob(file));
        const outcome = await runGrep({
          root: entry.snapshot.root,
          files,
          pattern,
          fixed: fixedString,
          caseSensitive,
          maxResults,
          timeBudgetMs: context.grepTimeBudgetMs,
          signal: extra.signal,
        });
        const lines = outcome.matches.map((match) => `${match.file}:${match.line}:${match.text}`);
        if (outcome.timedOut)
          lines.push(`(stopped after ${context.grepTimeBudgetMs} ms; narrow the pattern, path or glob)`);
        else if (outcome.truncated) lines.push(`(stopped at ${maxResults} matches)`);
        if (outcome.matches.length === 0 && !outcome.timedOut)
          lines.push(`No matches in ${outcome.filesSearched} files.`);
        return toolSuccess({ ...outcome }, lines.join("\n"));
      }),
  );
}
