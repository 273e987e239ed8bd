import { Names, type SeededRandom } from "./bench-random.js";

/** What a language generator gets: the shared random source and identifier builders. */
export interface CodeContext {
  random: SeededRandom;
  names: Names;
}

/** Builds the context for one seed's generators. */
export function codeContext(random: SeededRandom): CodeContext {
  return { random, names: new Names(random) };
}

/** A statement template: the lines it writes, unindented, given the context. */
export type Statement = (context: CodeContext) => string[];

/** A statement template with how often it is drawn, relative to the others. */
export type Weighted = readonly [weight: number, statement: Statement];

/** Draws `count` statements from a weighted palette and indents them. */
export function statements(
  context: CodeContext,
  palette: readonly Weighted[],
  count: number,
  indent: string,
): string[] {
  const total = palette.reduce((sum, [weight]) => sum + weight, 0);
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    const roll = context.random.next() * total;
    let seen = 0;
    const chosen =
      palette.find(([weight]) => {
        seen += weight;
        return roll < seen;
      }) ?? palette[0];
    if (!chosen) break;
    for (const line of chosen[1](context)) out.push(line === "" ? "" : indent + line);
  }
  return out;
}

/** A comment line's text: mostly prose, sometimes a work marker (TODO, FIXME, HACK, XXX). */
export function commentText(context: CodeContext): string {
  const { random, names } = context;
  const roll = random.next();
  if (roll < 0.08) return `TODO: handle ${names.word()} retries when the ${names.word()} is slow`;
  if (roll < 0.11) return `FIXME: ${names.word()} is not released on the error path`;
  if (roll < 0.12) return `HACK: work around the ${names.word()} ordering bug`;
  if (roll < 0.125) return "XXX: revisit once the upstream fix lands";
  return random.pick([
    `Keep the ${names.word()} small: callers copy it per ${names.word()}.`,
    `The ${names.word()} may be empty when the ${names.word()} was never flushed.`,
    `Order matters here; the ${names.word()} is read by the ${names.word()} later.`,
    `Values are validated upstream, so a failure here is a bug in the ${names.word()}.`,
    `See the design notes on ${names.word()} consistency.`,
  ]);
}

/** Appends units from `unit` until the file reaches `target` lines. */
export function fillTo(
  target: number,
  header: string[],
  unit: () => string[],
  footer: () => string[],
): string {
  const lines = [...header];
  const tail = footer();
  while (lines.length + tail.length < target) lines.push(...unit(), "");
  lines.push(...tail);
  return `${lines.join("\n")}\n`;
}
