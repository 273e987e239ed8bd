import { type Area, SEVERITIES } from "../../schemas/index.js";
import type { AreaPrompt, PromptSet } from "./prompts.js";

/**
 * The system prompt for one area: the shared preamble, then the area's title, coverage and severity
 * rubric rendered from its front matter, then its body. Nothing per-request goes in here (the fence
 * nonce lives in the user turn), so providers can cache it across chunks.
 */
export function composeSystemPrompt(prompts: PromptSet, area: Area): string {
  const prompt = prompts.areas[area];
  return [prompts.preamble.body, "---", areaHeader(prompt), prompt.body].join("\n\n").concat("\n");
}

function areaHeader(prompt: AreaPrompt): string {
  const covers = prompt.covers.map((item) => `- ${item}`).join("\n");
  const rubric = SEVERITIES.map((severity) => {
    const examples = prompt.rubric[severity].map((example) => `  - ${example}`).join("\n");
    return `- **${severity}**\n${examples}`;
  }).join("\n");
  return [
    `# Area under review: ${prompt.title} (\`${prompt.area}\`, prompt ${prompt.id} v${prompt.version})`,
    `This area covers:\n${covers}`,
    `## Severity rubric\n\nExamples of what earns each level in this area:\n\n${rubric}`,
  ].join("\n\n");
}
