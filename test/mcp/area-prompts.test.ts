import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { AREA_TITLES, AREAS } from "../../schemas/index.js";
import { areaPromptName } from "../../src/mcp/area-prompts.js";
import { buildServer } from "../../src/mcp/build-server.js";
import { connectInProcessClient } from "../../src/mcp/in-process-client.js";
import { DATA_KINDS } from "../../src/review/prompt-fence.js";
import { loadPrompts, REQUIRED_SECTIONS } from "../../src/review/prompts.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";

/** A complete, valid prompts folder whose texts the test can recognise. */
async function promptsFolder(): Promise<string> {
  const dir = await tempDir("codeaudit-prompts-");
  await writeFile(
    path.join(dir, "_preamble.md"),
    `---\nid: preamble\nversion: 1.0.0\ntitle: Preamble\n---\nPREAMBLE-TEXT. Data arrives as ${DATA_KINDS.join(", ")}.\n`,
  );
  const rubric = ["critical", "high", "medium", "low", "info"].map(
    (level) => `  ${level}:\n    - ${level} example`,
  );
  for (const area of AREAS) {
    const sections = REQUIRED_SECTIONS.map((section) => `## ${section}\n\n${area} ${section} text.`).join(
      "\n\n",
    );
    await writeFile(
      path.join(dir, `${area}.md`),
      `---\nid: ${area}\nversion: 2.1.0\narea: ${area}\ntitle: ${AREA_TITLES[area]}\ncovers:\n  - ${area} things\nrubric:\n${rubric.join("\n")}\n---\nBODY-OF-${area}\n\n${sections}\n`,
    );
  }
  return dir;
}

describe("area prompts", () => {
  test("one MCP prompt per review area, built from the prompt files", async () => {
    const dir = await promptsFolder();
    const repo = await makeRepo({ "a.ts": "export const a = 1;\n" });
    const client = await connectInProcessClient(
      buildServer({ roots: [repo], loadPrompts: () => loadPrompts(dir) }),
    );
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(AREAS.map(areaPromptName));
    expect(prompts.find((prompt) => prompt.name === "review_ci_cd")).toMatchObject({
      title: "CI/CD review",
      arguments: [{ name: "path", required: false }],
    });

    const result = await client.getPrompt({ name: "review_security", arguments: { path: "services/api" } });
    expect(result.description).toBe("Security (prompt security v2.1.0)");
    expect(result.messages).toHaveLength(1);
    const message = result.messages[0];
    const text = message?.content.type === "text" ? message.content.text : "";
    expect(message?.role).toBe("user");
    expect(text.startsWith("PREAMBLE-TEXT.")).toBe(true);
    expect(text).toContain("BODY-OF-security");
    expect(text).not.toContain("BODY-OF-testing");
    expect(text).toContain('Review the repository at "services/api" for the Security area only.');
    await client.close();
  });

  test("a broken prompts folder fails prompts/get with a JSON-RPC error, not the server", async () => {
    const repo = await makeRepo({ "a.ts": "export const a = 1;\n" });
    const missing = path.join(await tempDir(), "none");
    const client = await connectInProcessClient(
      buildServer({ roots: [repo], loadPrompts: () => loadPrompts(missing) }),
    );
    await expect(client.getPrompt({ name: "review_security", arguments: {} })).rejects.toThrow(
      /prompts folder not found/,
    );
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  test("the shipped prompts load and serve every area", async () => {
    const repo = await makeRepo({ "a.ts": "export const a = 1;\n" });
    const client = await connectInProcessClient(buildServer({ roots: [repo] }));
    const shipped = await loadPrompts();
    for (const area of AREAS) {
      const result = await client.getPrompt({ name: areaPromptName(area), arguments: {} });
      const message = result.messages[0];
      const text = message?.content.type === "text" ? message.content.text : "";
      expect(text, area).toContain(shipped.areas[area].body.slice(0, 200));
    }
    await client.close();
  });
});
