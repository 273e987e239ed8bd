import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { splitLines } from "../../../tools/lib/evidence.js";
import { CodeauditError } from "../../errors.js";
import type { ServerContext } from "../server-context.js";
import { guarded, READ_ONLY_ANNOTATIONS, toolSuccess } from "../tool-result.js";
import { listedFile, resolveInRepository } from "./repository-file.js";

/** At most this many lines, and this many characters, come back from one call. */
export const READ_FILE_MAX_LINES = 2000;
export const READ_FILE_MAX_CHARS = 100_000;

const ReadFileOutput = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  totalLines: z.number().int(),
  truncated: z
    .boolean()
    .describe("True when the range was cut to the size limit; continue from endLine + 1."),
  text: z.string().describe("The lines, each prefixed with its 1-based number and a tab."),
});

/** Registers `read_file`: numbered lines of one repository file, a range at a time. */
export function registerReadFileTool(server: McpServer, context: ServerContext): void {
  server.registerTool(
    "read_file",
    {
      title: "Read lines of a file",
      description: `Reads a file of the repository as numbered lines ("<line>\\t<text>"). Give startLine/endLine for a range; at most ${READ_FILE_MAX_LINES} lines or ${READ_FILE_MAX_CHARS} characters per call. Only files the audit sees are readable: .gitignored, binary, oversized and symlinked-out files are refused.`,
      inputSchema: {
        path: z.string().min(1).max(4096).describe("File path relative to the repository folder."),
        repository: z
          .string()
          .max(4096)
          .default(".")
          .describe("Repository folder under a root (default: the server's first root)."),
        startLine: z.number().int().min(1).default(1),
        endLine: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Last line, inclusive; the end of the file when absent."),
      },
      outputSchema: ReadFileOutput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    ({ path, repository, startLine, endLine }) =>
      guarded(async () => {
        const entry = await resolveInRepository(context, repository, path);
        if (entry.isDirectory)
          throw new CodeauditError("USAGE", `${path} is a folder; use list_files to see its files`);
        listedFile(entry.snapshot, entry.relative, path);
        const lines = splitLines(
          await entry.snapshot.read(entry.relative).catch((error: unknown) => {
            // The work tree changed since the cached listing: list again on the next call.
            context.snapshots.invalidate(entry.snapshot.root);
            throw error;
          }),
        );
        if (endLine !== undefined && endLine < startLine)
          throw new CodeauditError("USAGE", `endLine ${endLine} is before startLine ${startLine}`);
        if (startLine > Math.max(lines.length, 1))
          throw new CodeauditError(
            "USAGE",
            `startLine ${startLine} is past the end of ${path} (${lines.length} lines)`,
          );
        const wantedEnd = Math.min(
          endLine ?? lines.length,
          lines.length,
          startLine + READ_FILE_MAX_LINES - 1,
        );
        const out: string[] = [];
        let chars = 0;
        let last = startLine - 1;
        for (let number = startLine; number <= wantedEnd; number++) {
          // A minified file can be one huge line: cut it rather than return megabytes.
          const line = `${number}\t${lines[number - 1] ?? ""}`.slice(0, READ_FILE_MAX_CHARS);
          if (chars + line.length + 1 > READ_FILE_MAX_CHARS && out.length > 0) break;
          out.push(line);
          chars += line.length + 1;
          last = number;
        }
        const requestedEnd = Math.min(endLine ?? lines.length, lines.length);
        const text = out.join("\n");
        return toolSuccess(
          {
            path: entry.relative,
            startLine,
            endLine: last,
            totalLines: lines.length,
            truncated: last < requestedEnd,
            text,
          },
          text,
        );
      }),
  );
}
