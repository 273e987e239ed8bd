import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { countTokens } from "../../src/llm/token-count.js";
import { buildRepoMap } from "../../src/plan/repo-map.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const FILES = {
  "src/server.ts": "export function start() {}\nexport class Server {}\n",
  "src/util/strings.py": "def slug(text):\n    return text\n",
  "test/server.test.ts": "export function helper() {}\ntest('x', () => {});\n",
  "vendor/jquery.js": "function $() {}\n",
  "README.md": "# Demo\n\nHello.\n",
};

describe("buildRepoMap", () => {
  it("lists files per folder with language, lines and top-level symbols, leaving vendored files out", async () => {
    const snapshot = await ingest(await makeRepo(FILES, { git: false }));
    const map = await buildRepoMap(snapshot, 1000);
    const name = snapshot.name;
    expect(map.text).toBe(
      [
        `Repository map of ${name}: 4 files, 9 lines (vendored and generated files left out).`,
        "./",
        "  README.md (markdown, 3 lines)",
        "src/",
        "  server.ts (typescript, 2 lines): start, Server",
        "src/util/",
        "  strings.py (python, 2 lines): slug",
        "test/",
        "  server.test.ts (typescript, 2 lines, test): helper",
      ].join("\n"),
    );
    expect(map).toMatchObject({ detail: "symbols", tokens: countTokens(map.text) });
  });

  it("sheds detail to fit the budget and says what it left out", async () => {
    const helpers = Array.from(
      { length: 30 },
      (_, index) => `export function helperNumber${index}() {}`,
    ).join("\n");
    const snapshot = await ingest(
      await makeRepo({ ...FILES, "test/server.test.ts": `${helpers}\n` }, { git: false }),
    );
    const full = await buildRepoMap(snapshot, 1000);
    expect(full.text).toContain("  server.test.ts (typescript, 30 lines, test): helperNumber0, ");
    expect(full.text).toContain("helperNumber11 +18 more");
    const noTestSymbols = await buildRepoMap(snapshot, full.tokens - 1);
    expect(noTestSymbols.detail).toBe("source-symbols");
    expect(noTestSymbols.text).toContain("(symbols of test files left out to fit)");
    expect(noTestSymbols.text.endsWith("\n  server.test.ts (typescript, 30 lines, test)")).toBe(true);
    expect(noTestSymbols.text).toContain("  server.ts (typescript, 2 lines): start, Server");
    expect(noTestSymbols.tokens).toBeLessThan(full.tokens);
    const files = await buildRepoMap(snapshot, noTestSymbols.tokens - 1);
    expect(files.detail).toBe("files");
    expect(files.text).toContain("(symbols left out to fit)");
    expect(files.text).toContain("  server.ts (typescript, 2 lines)\n");
    const folders = await buildRepoMap(snapshot, files.tokens - 1);
    expect(folders.detail).toBe("folders");
    expect(folders.text).toContain("src/util/ (1 files, 2 lines; python)");
    const cut = await buildRepoMap(snapshot, 50);
    expect(cut.tokens).toBeLessThanOrEqual(50);
    expect(cut.text).toMatch(/\(\d more folders left out to fit\)$/);
  });
});
