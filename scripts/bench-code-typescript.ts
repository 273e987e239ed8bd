import { type CodeContext, commentText, fillTo, statements, type Weighted } from "./bench-code.js";

const BODY: readonly Weighted[] = [
  [6, ({ names }) => [`const ${names.camel()} = input.${names.camel()} ?? "${names.word()}";`]],
  [
    5,
    ({ names }) => [`const ${names.camel()} = await this.${names.camel()}(${names.camel()}, { limit: 50 });`],
  ],
  [
    4,
    ({ names }) => [
      `if (!${names.camel()}) {`,
      `  throw new Error(\`missing ${names.word()} for \${name}\`);`,
      "}",
    ],
  ],
  [
    4,
    ({ names }) => [
      `for (const item of ${names.camel()}) {`,
      "  total += item.length;",
      `  seen.add(item.${names.camel()});`,
      "}",
    ],
  ],
  [3, (context) => [`// ${commentText(context)}`]],
  [3, ({ names }) => [`logger.info({ total }, "processed ${names.word()} batch");`]],
  [1, ({ names }) => [`console.log("${names.word()}", total);`]],
  [2, ({ names }) => [`const ${names.camel()} = registry.get(key)!;`]],
  [1, () => ["const loose: any = JSON.parse(raw);"]],
  [
    2,
    ({ names }) => [
      "try {",
      `  ${names.camel()} = JSON.parse(raw);`,
      "} catch (error) {",
      `  logger.warn({ error }, "bad ${names.word()}");`,
      "}",
    ],
  ],
  [1, () => ["try {", "  socket.close();", "} catch {}"]],
  [1, ({ names }) => [`const ${names.camel()}Url = "https://api.example.com/v1/${names.word()}";`]],
  [1, () => ["const token = Math.random().toString(36).slice(2);"]],
  [1, () => ['const config = readFileSync("/etc/app/config.json", "utf8");']],
  [1, () => ['const note = "TODO in a string is not a marker";']],
  [
    2,
    ({ names }) => [
      `const ${names.camel()} = ${names.camel()}`,
      "  .filter((entry) => entry.enabled)",
      "  .map((entry) => entry.weight * 2);",
    ],
  ],
];

function functionUnit(context: CodeContext, indent: string, method: boolean): string[] {
  const { names, random } = context;
  const isAsync = method || random.chance(0.5);
  const keyword = method ? "" : "export ";
  const head = method
    ? `async ${names.camel()}(input: Input, name = "default"): Promise<number> {`
    : `${keyword}${isAsync ? "async function" : "function"} ${names.camel()}(input: Input, name = "default"): ${isAsync ? "Promise<number>" : "number"} {`;
  const lines = [
    `/** ${commentText(context)} */`,
    head,
    "  let total = 0;",
    "  const seen = new Set<string>();",
    ...statements(context, BODY, random.int(3, 14), "  "),
    "  return total;",
    "}",
  ];
  return lines.map((line) => (line === "" ? line : indent + line));
}

function classUnit(context: CodeContext): string[] {
  const { names, random } = context;
  const methods = Array.from({ length: random.int(1, 4) }, () => [...functionUnit(context, "  ", true), ""]);
  return [
    `export class ${names.pascal()} {`,
    "  constructor(private readonly store: Store, private readonly limit = 100) {}",
    "",
    ...methods.flat(),
    "}",
  ];
}

function testUnit(context: CodeContext): string[] {
  const { names, random } = context;
  const cases = Array.from({ length: random.int(1, 4) }, () => [
    `  it("handles ${names.word()} ${names.word()}", async () => {`,
    `    const result = await ${names.camel()}({ ${names.camel()}: 1 });`,
    `    expect(result).toBe(${random.int(0, 9)});`,
    "  });",
  ]);
  return [`describe("${names.camel()}", () => {`, ...cases.flat(), "});"];
}

/** A TypeScript (or JavaScript, without types) module or test file of about `target` lines. */
export function typescriptFile(context: CodeContext, target: number, isTest: boolean, typed = true): string {
  const header = isTest
    ? ['import { describe, expect, it } from "vitest";', "", 'import { handler } from "../src/index.js";', ""]
    : [
        'import { readFileSync } from "node:fs";',
        'import pino from "pino";',
        'import { z } from "zod";',
        "",
        "const logger = pino();",
        "",
      ];
  const unit = isTest
    ? () => testUnit(context)
    : () => (context.random.chance(0.35) ? classUnit(context) : functionUnit(context, "", false));
  const text = fillTo(target, header, unit, () => []);
  return typed ? text : stripTypes(text);
}

// Good enough for generated code: the annotations the templates write, removed.
function stripTypes(text: string): string {
  return text
    .replace(/\(input: Input, name = "default"\): Promise<number>/g, '(input, name = "default")')
    .replace(/\(input: Input, name = "default"\): number/g, '(input, name = "default")')
    .replace(/new Set<string>\(\)/g, "new Set()")
    .replace(/const loose: any =/g, "const loose =")
    .replace(/registry\.get\(key\)!;/g, "registry.get(key);")
    .replace(/private readonly store: Store, private readonly limit = 100\) \{\}/g, "store, limit = 100) {}");
}
