import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** Writes the rendered report to a file (creating folders) or to stdout. */
export async function writeOutput(
  content: string,
  file: string | undefined,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  if (!file) {
    process.stdout.write(content);
    return;
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, content, "utf8");
  stderr.write(`codeaudit: wrote ${file}\n`);
}
