import { z } from "zod";

const Usage = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cacheReadTokens: z.number().int().min(0),
  cacheWriteTokens: z.number().int().min(0),
});

const Block = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() }),
  z.object({
    type: z.literal("tool_result"),
    toolUseId: z.string(),
    content: z.string(),
    isError: z.boolean().optional(),
  }),
  z.object({ type: z.literal("provider"), provider: z.string(), value: z.unknown() }),
]);

const StopReason = z.enum([
  "end",
  "tool_use",
  "max_tokens",
  "refusal",
  "content_filter",
  "stop_sequence",
  "pause",
  "context_window",
  "other",
]);

/** A GenerateResponse as stored in a recording file. */
export const RecordedResponse = z.object({
  provider: z.string(),
  model: z.string(),
  text: z.string(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), input: z.unknown() })),
  output: z.unknown().optional(),
  outputText: z.string().optional(),
  refusal: z.string().optional(),
  message: z.object({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(Block)]) }),
  stopReason: StopReason,
  usage: Usage,
  requestId: z.string().optional(),
  warnings: z.array(z.string()),
});

/** One `<hash>.json` file written by `--record` and served by `--replay`. */
export const Recording = z.object({
  version: z.literal(1),
  hash: z.string().regex(/^[0-9a-f]{32}$/),
  provider: z.string(),
  model: z.string(),
  recordedAt: z.string(),
  /** The normalised request the hash was taken over, kept so a miss can be diagnosed by diffing. */
  request: z.unknown(),
  response: RecordedResponse,
});
export type Recording = z.infer<typeof Recording>;
