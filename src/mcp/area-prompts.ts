import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { AREA_TITLES, AREAS, type Area } from "../../schemas/index.js";
import { SCANNER_IDS, scanners } from "../../tools/registry.js";
import { composeSystemPrompt } from "../review/prompt-compose.js";
import { loadPrompts, type PromptSet } from "../review/prompts.js";
import { scannerToolName } from "./tools/scanner-tool.js";

/** The MCP prompt name of an area's review prompt. */
export function areaPromptName(area: Area): string {
  return `review_${area.replace(/-/g, "_")}`;
}

function toolHint(area: Area): string {
  const tools = SCANNER_IDS.filter((id) => scanners[id].areas.includes(area)).map(scannerToolName);
  const scannerText = tools.length > 0 ? `${tools.join(", ")} for the pre-scan facts of this area, ` : "";
  return `Use the codeaudit tools (${scannerText}list_files, read_file and grep) to read the repository; quote evidence verbatim from read_file output, without its line-number prefix.`;
}

/**
 * Registers one prompt per review area, from the same versioned `prompts/<area>.md` files the review
 * agent uses. The names are known up front (the areas), so the files are read on first use and a
 * broken prompt folder fails only `prompts/get`, never the server.
 */
export function registerAreaPrompts(
  server: McpServer,
  load: () => Promise<PromptSet> = () => loadPrompts(),
): void {
  let cached: Promise<PromptSet> | undefined;
  const prompts = () => {
    if (!cached) {
      const loading = load();
      loading.catch(() => {
        if (cached === loading) cached = undefined;
      });
      cached = loading;
    }
    return cached;
  };
  for (const area of AREAS) {
    server.registerPrompt(
      areaPromptName(area),
      {
        title: `${AREA_TITLES[area]} review`,
        description: `The codeaudit review prompt for the ${AREA_TITLES[area]} area (prompts/${area}.md): scope, evidence rules, severity rubric and output format.`,
        argsSchema: {
          path: z
            .string()
            .max(4096)
            .optional()
            .describe("Repository folder to review, under the server's roots (default: the first root)."),
        },
      },
      async ({ path }) => {
        const set = await prompts();
        const prompt = set.areas[area];
        const text = [
          composeSystemPrompt(set, area).trimEnd(),
          "---",
          `Review the repository at ${JSON.stringify(path ?? ".")} for the ${AREA_TITLES[area]} area only. ${toolHint(area)}`,
        ].join("\n\n");
        return {
          description: `${prompt.title} (prompt ${prompt.id} v${prompt.version})`,
          messages: [{ role: "user", content: { type: "text", text } }],
        };
      },
    );
  }
}
