import { isDeepStrictEqual } from "node:util";
import type { ExpectedFact, FactCheck } from "../../schemas/index.js";

type Json = FactCheck["expected"];

const SEGMENT = /[^.[\]]+|\[[^\]]*\]/g;

/**
 * Follows a dotted path into the report's facts: `size.production.code`, `size.languages.0.code`,
 * `size.languages[1].code`, or `size.languages[language=rust].code` (the first element whose field
 * has that value). Undefined when any step is missing.
 */
export function resolveFactPath(facts: unknown, factPath: string): unknown {
  let current: unknown = facts;
  for (const segment of factPath.match(SEGMENT) ?? []) {
    if (current === null || typeof current !== "object") return undefined;
    if (segment.startsWith("[")) {
      const inner = segment.slice(1, -1);
      const selector = /^([^=]+)=(.*)$/.exec(inner);
      if (selector) {
        if (!Array.isArray(current)) return undefined;
        const [, key = "", value] = selector;
        current = current.find(
          (item: unknown) =>
            item !== null &&
            typeof item === "object" &&
            String((item as Record<string, unknown>)[key]) === value,
        );
        continue;
      }
      current = (current as Record<string, unknown>)[inner];
      continue;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Compares one expected fact with the report's facts: numbers within the tolerance, anything else deeply equal. */
export function checkFact(expected: ExpectedFact, facts: unknown): FactCheck {
  const actual = resolveFactPath(facts, expected.path);
  const ok =
    typeof actual === "number" && typeof expected.value === "number"
      ? Math.abs(actual - expected.value) <= (expected.tolerance ?? 0)
      : isDeepStrictEqual(actual, expected.value);
  return {
    path: expected.path,
    expected: expected.value,
    ...(actual !== undefined ? { actual: actual as Json } : {}),
    ...(expected.tolerance !== undefined ? { tolerance: expected.tolerance } : {}),
    ok,
  };
}
