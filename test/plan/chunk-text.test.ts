import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { createChunkTextProvider } from "../../src/plan/chunk-text.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const CONFIG = [
  "const region = 'eu-west-1';",
  "const key = 'AKIAIOSFODNN7EXAMPLE';",
  "const retries = 3;",
  "",
].join("\n");

describe("createChunkTextProvider", () => {
  it("serves the exact lines of a chunk", async () => {
    const snapshot = await ingest(await makeRepo({ "src/config.ts": CONFIG }, { git: false }));
    const text = createChunkTextProvider(snapshot);
    expect(await text({ file: "src/config.ts", startLine: 2, endLine: 3 })).toBe(
      "const key = 'AKIAIOSFODNN7EXAMPLE';\nconst retries = 3;",
    );
  });

  it("applies the file transform (the redaction seam) to the whole file before cutting the chunk", async () => {
    const snapshot = await ingest(await makeRepo({ "src/config.ts": CONFIG }, { git: false }));
    const seen: string[] = [];
    const text = createChunkTextProvider(snapshot, {
      transform: (content, file) => {
        seen.push(file);
        return content.replace(/AKIA[A-Z0-9]{16}/g, "[REDACTED:aws-access-key]");
      },
    });
    expect(await text({ file: "src/config.ts", startLine: 2, endLine: 2 })).toBe(
      "const key = '[REDACTED:aws-access-key]';",
    );
    expect(await text({ file: "src/config.ts", startLine: 1, endLine: 1 })).toBe(
      "const region = 'eu-west-1';",
    );
    expect(seen).toEqual(["src/config.ts"]);
  });

  it("refuses a transform that changes the number of lines, since line numbers would lie", async () => {
    const snapshot = await ingest(await makeRepo({ "src/config.ts": CONFIG }, { git: false }));
    const text = createChunkTextProvider(snapshot, { transform: (content) => content.replace("\n", "") });
    await expect(text({ file: "src/config.ts", startLine: 1, endLine: 1 })).rejects.toThrow(
      "the text transform changed the number of lines of src/config.ts",
    );
  });
});
