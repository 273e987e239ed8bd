import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "./schema-files.js";

// Writes schemas/json/ from the zod contracts; a test fails when the committed files are stale.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas", "json");
await rm(root, { recursive: true, force: true });
for (const [name, content] of Object.entries(schemaFiles())) {
  const file = path.join(root, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content, "utf8");
}
console.log(`wrote ${(await readdir(root, { recursive: true })).length} entries under schemas/json`);
