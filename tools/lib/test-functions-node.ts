import { blankStrings, type SourceText } from "./source-text.js";

/** Tests, skipped tests and benchmarks of one JavaScript / TypeScript file. */
export interface NodeCounts {
  framework: string;
  tests: number;
  skipped: number;
  benchmarks: number;
}

const NODE_CALL = /(?<![\w$.])(it|test|xit|xtest|fit|bench)((?:\.\w+)*)\s*(\(|`)/g;
const NODE_MODIFIERS = new Set([
  "only",
  "concurrent",
  "each",
  "skip",
  "todo",
  "failing",
  "fails",
  "sequential",
  "skipIf",
  "runIf",
  "fixme",
  "serial",
  "parallel",
]);
// A suite whose tests all skip: `xdescribe`, `describe.skip`, `describe.todo` (`.each` tables too).
const SKIPPED_SUITE =
  /(?<![\w$.])(?:x(?:describe|context)|(?:describe|context|suite)((?:\.\w+)*)\.(?:skip|todo)((?:\.\w+)*))\s*(\(|`)/g;

/**
 * Counts `it` / `test` calls (a `.each` table counts once) and `bench` calls on the code outside
 * strings, so test code quoted in a template literal (a fixture a test writes out) is not counted.
 * `xit`, `.skip`, `.todo`, `.fixme` and every test inside a skipped suite count as skipped.
 */
export function countNode(source: SourceText): NodeCounts {
  const counts = { tests: 0, skipped: 0, benchmarks: 0 };
  const text = (source.codeOutsideStrings ?? source.code.map(blankStrings)).join("\n");
  const skippedSuites = [...text.matchAll(SKIPPED_SUITE)]
    .filter((match) => [match[1], match[2]].every(knownModifiers))
    .map((match) => [match.index, callEnd(text, match.index + match[0].length - 1)] as const);
  for (const match of text.matchAll(NODE_CALL)) {
    const name = match[1] ?? "";
    const modifiers = (match[2] ?? "").split(".").filter(Boolean);
    if (!modifiers.every((modifier) => NODE_MODIFIERS.has(modifier))) continue;
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 20);
    if (match[3] === "(" && /^\s*\)/.test(after)) continue; // `test.slow()` inside a test body
    if (name === "bench") {
      counts.benchmarks++;
      continue;
    }
    counts.tests++;
    if (
      name.startsWith("x") ||
      modifiers.some((modifier) => ["skip", "todo", "fixme"].includes(modifier)) ||
      skippedSuites.some(([start, end]) => match.index > start && match.index < end)
    )
      counts.skipped++;
  }
  for (const _ of text.matchAll(/\bDeno\.test\s*\(/g)) counts.tests++;
  return { framework: nodeFramework(source.lines.join("\n")), ...counts };
}

function knownModifiers(chain: string | undefined): boolean {
  return (chain ?? "")
    .split(".")
    .filter(Boolean)
    .every((modifier) => NODE_MODIFIERS.has(modifier));
}

/**
 * The end of a call whose argument list (or `.each` tagged table) opens at `open`: the closing
 * parenthesis of the last group chained straight after it (`describe.skip.each([…])('name', fn)`).
 */
function callEnd(text: string, open: number): number {
  let index = open;
  for (;;) {
    const closer = text[index] === "`" ? "`" : ")";
    let depth = 0;
    for (; index < text.length; index++) {
      const char = text[index];
      if (closer === "`") {
        if (char === "`" && depth++ === 1) break;
        continue;
      }
      if (char === "(") depth++;
      else if (char === ")" && --depth === 0) break;
    }
    const next = /^\s*[(`]/.exec(text.slice(index + 1, index + 40));
    if (!next) return index;
    index = index + next[0].length;
  }
}

function nodeFramework(text: string): string {
  if (/["']@playwright\/test["']/.test(text)) return "playwright";
  if (/\bcy\.\w+\(/.test(text)) return "cypress";
  if (/["']vitest["']/.test(text)) return "vitest";
  if (/["']node:test["']/.test(text)) return "node:test";
  if (/["']@jest\/globals["']|\bjest\.(fn|mock|spyOn)\(/.test(text)) return "jest";
  if (/["'](mocha|chai)["']/.test(text)) return "mocha";
  if (/\brequire\(\s*["']tape["']\s*\)|from\s+["']tape["']/.test(text)) return "tape";
  if (/\bDeno\.test\b/.test(text)) return "deno";
  return "jest-style";
}
