import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../../scripts/schema-files.js";

const JSON_DIR = path.resolve("schemas/json");

describe("generated JSON Schemas", () => {
  it("are up to date with the zod contracts (run `npm run schemas` after changing a schema)", async () => {
    const expected = schemaFiles();
    const onDisk = (await readdir(JSON_DIR, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(JSON_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
      )
      .sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) {
      expect(await readFile(path.join(JSON_DIR, name), "utf8"), `schemas/json/${name} is stale`).toBe(
        content,
      );
    }
  });
});
