import { z } from "zod";
import priceData from "./data/prices.json" with { type: "json" };
import type { TokenUsage } from "./types.js";

/** One model's list price in USD per million tokens, with where and when it was read. */
export const ModelPrice = z.object({
  model: z.string().min(1),
  provider: z.string().min(1),
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0).optional(),
  cacheWrite: z.number().min(0).optional(),
  source: z.url(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().optional(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceTable = z.object({
  currency: z.literal("USD"),
  unit: z.literal("per million tokens"),
  checked: z.string(),
  notes: z.string(),
  models: z.array(ModelPrice).min(1),
});
export type PriceTable = z.infer<typeof PriceTable>;

let builtIn: PriceTable | undefined;

/** The price table shipped with codeaudit (src/llm/data/prices.json), validated once. */
export function defaultPriceTable(): PriceTable {
  builtIn ??= PriceTable.parse(priceData);
  return builtIn;
}

/** The price for a model id, trying the id as given, then without a date suffix (`-20250929`, `-2025-08-07`). */
export function findPrice(model: string, table: PriceTable = defaultPriceTable()): ModelPrice | undefined {
  const id = model.trim().toLowerCase();
  const candidates = [id, id.replace(/-\d{8}$/, ""), id.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
  for (const candidate of candidates) {
    const price = table.models.find((entry) => entry.model === candidate);
    if (price) return price;
  }
  return undefined;
}

/** USD for one call's usage; cache tokens without their own price are charged at the input rate. */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input);
  return micro / 1_000_000;
}

/** Cost of a usage for a model by id: 0 with a warning when the model has no known price. */
export function priceUsage(
  usage: TokenUsage,
  model: string,
  table: PriceTable = defaultPriceTable(),
): { costUsd: number; warning?: string } {
  const price = findPrice(model, table);
  if (!price) {
    return {
      costUsd: 0,
      warning: `no price is known for model ${model}: its cost is reported as $0 and --max-cost cannot limit it`,
    };
  }
  return { costUsd: costOf(usage, price) };
}
