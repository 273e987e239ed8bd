import type { z } from "zod";
import type { Area, RawFindingInput } from "../schemas/index.js";
import type { RepoSnapshot } from "../src/ingest/snapshot.js";

/** Options every scanner may read; each ignores what it does not use. */
export interface ScanOptions {
  /** OSV `all.zip` files for offline vulnerability matching (dependencies scanner). */
  osvZips?: string[];
}

/** A strength a scanner established from facts alone ("CI is configured"), with the area it speaks for. */
export interface FactStrength {
  area: Area;
  text: string;
}

/** What a scanner returns: its typed facts, the findings it is sure of, and strengths it proved. */
export interface ScannerOutput<Facts> {
  facts: Facts;
  findings: RawFindingInput[];
  strengths?: FactStrength[];
}

/**
 * A deterministic pre-scan: pure over a RepoSnapshot (it only reads files through the snapshot),
 * with a zod schema for its facts so MCP clients and the report can rely on their shape.
 */
export interface Scanner<FactsSchema extends z.ZodType = z.ZodType> {
  readonly id: string;
  /** Bumped whenever the facts or findings a scanner produces change meaning. */
  readonly version: string;
  readonly title: string;
  readonly description: string;
  /** The review areas whose agents get this scanner's facts and findings. */
  readonly areas: readonly Area[];
  readonly facts: FactsSchema;
  run(snapshot: RepoSnapshot, options: ScanOptions): Promise<ScannerOutput<z.infer<FactsSchema>>>;
}

/** Declares a scanner with its facts schema inferred. */
export function defineScanner<FactsSchema extends z.ZodType>(
  scanner: Scanner<FactsSchema>,
): Scanner<FactsSchema> {
  return scanner;
}
