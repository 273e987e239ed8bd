import { countTokens as countO200k } from "gpt-tokenizer";
import { contentBlocks, type GenerateRequest } from "./types.js";

/** Special-token strings in repository text (`<|endoftext|>`) are counted as plain text, never rejected. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Framing tokens each message costs beyond its text (role markers, separators). */
const MESSAGE_OVERHEAD = 4;

/**
 * Tokens in a text by gpt-tokenizer's o200k encoding. Other providers' tokenizers differ (Claude's
 * newer tokenizer yields more tokens for the same text), so this is an estimate everywhere but OpenAI.
 */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countO200k(text, PLAIN_TEXT);
}

/** Estimated input tokens of a request before it is sent: system, messages, tool and output schemas. */
export function estimateInputTokens(request: GenerateRequest): number {
  let total = 0;
  for (const block of request.system) total += countTokens(block.text);
  for (const message of request.messages) {
    total += MESSAGE_OVERHEAD;
    for (const block of contentBlocks(message)) {
      if (block.type === "text") total += countTokens(block.text);
      else if (block.type === "tool_use")
        total += countTokens(block.name) + countTokens(JSON.stringify(block.input));
      else if (block.type === "tool_result") total += countTokens(block.content);
      else total += countTokens(JSON.stringify(block.value));
    }
  }
  for (const tool of request.tools ?? []) {
    total += countTokens(`${tool.name} ${tool.description} ${JSON.stringify(tool.inputSchema)}`);
  }
  if (request.output) total += countTokens(JSON.stringify(request.output.schema));
  return total;
}
