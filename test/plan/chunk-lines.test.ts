import { describe, expect, it } from "vitest";
import { countTokens } from "../../src/llm/token-count.js";
import { chunkLines, type LineChunk } from "../../src/plan/chunk-lines.js";
import { splitLines } from "../../tools/lib/evidence.js";

/** The chunks must tile the file: start at 1, follow on without gaps or overlap, end at the last line. */
function expectTiles(chunks: LineChunk[], text: string): void {
  const lines = splitLines(text);
  expect(chunks[0]?.startLine).toBe(1);
  for (let index = 1; index < chunks.length; index++) {
    expect(chunks[index]?.startLine).toBe((chunks[index - 1]?.endLine ?? 0) + 1);
  }
  expect(chunks[chunks.length - 1]?.endLine).toBe(lines.length);
  // Re-joining every chunk's lines gives back the file, line for line.
  const rejoined = chunks.flatMap((chunk) => lines.slice(chunk.startLine - 1, chunk.endLine));
  expect(rejoined.join("\n")).toBe(lines.join("\n"));
  for (const chunk of chunks) {
    expect(chunk.tokens).toBe(countTokens(lines.slice(chunk.startLine - 1, chunk.endLine).join("\n")));
  }
}

function typescriptModule(functions: number): string {
  const parts = ['import { readFile } from "node:fs/promises";', ""];
  for (let index = 0; index < functions; index++) {
    parts.push(
      `export function handler${index}(input: string): string {`,
      `  const trimmed = input.trim();`,
      `  if (trimmed.length === 0) return "empty-${index}";`,
      `  return trimmed.split(",").map((part) => part.toUpperCase()).join(";") + "${index}";`,
      "}",
      "",
    );
  }
  return parts.join("\n");
}

describe("chunkLines", () => {
  it("keeps a file that fits as one chunk", async () => {
    const text = "const a = 1;\nconst b = 2;\n";
    expect(await chunkLines(text, "typescript", 1000)).toEqual([
      { startLine: 1, endLine: 2, tokens: countTokens("const a = 1;\nconst b = 2;") },
    ]);
    expect(await chunkLines("", "typescript", 1000)).toEqual([]);
  });

  it("splits TypeScript at function boundaries, within budget, keeping exact line numbers", async () => {
    const text = typescriptModule(60);
    const chunks = await chunkLines(text, "typescript", 400);
    expect(chunks.length).toBeGreaterThan(5);
    expectTiles(chunks, text);
    const lines = splitLines(text);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(400);
      if (chunk.startLine > 1) expect(lines[chunk.startLine - 1]).toMatch(/^export function handler\d+/);
    }
  });

  it("splits Python at def and class boundaries, with CRLF line endings", async () => {
    const blocks = Array.from(
      { length: 40 },
      (_, index) =>
        `def task_${index}(items):\r\n    total = sum(item.size for item in items)\r\n    return {"task": ${index}, "total": total}\r\n\r\n`,
    );
    const text = `import os\r\n\r\n${blocks.join("")}class Runner:\r\n    pass\r\n`;
    const chunks = await chunkLines(text, "python", 300);
    expectTiles(chunks, text);
    const lines = splitLines(text);
    for (const chunk of chunks) {
      if (chunk.startLine > 1) expect(lines[chunk.startLine - 1]).toMatch(/^(def task_\d+|class Runner)/);
    }
  });

  it("splits text with no known language at paragraph breaks", async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, index) => `Paragraph ${index} explains one more thing about the setup.\nIt has a second line too.`,
    );
    const text = paragraphs.join("\n\n");
    const chunks = await chunkLines(text, null, 120);
    expectTiles(chunks, text);
    const lines = splitLines(text);
    for (const chunk of chunks) {
      if (chunk.startLine > 1) expect(lines[chunk.startLine - 1]).toMatch(/^(Paragraph \d+ |$)/);
      expect(chunk.tokens).toBeLessThanOrEqual(120);
    }
  });

  it("gives a line longer than the budget a chunk of its own and still tiles the file", async () => {
    const long = `const data = "${"x9 ".repeat(400)}";`;
    const text = `const a = 1;\n${long}\nconst b = 2;`;
    const chunks = await chunkLines(text, "javascript", 100);
    expectTiles(chunks, text);
    expect(chunks.find((chunk) => chunk.startLine === 2)).toMatchObject({ startLine: 2, endLine: 2 });
    expect(chunks.find((chunk) => chunk.startLine === 2)?.tokens).toBeGreaterThan(100);
  });
});
