import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CliContext } from "./commands/common.js";

/** Writes the rendered report to a file (creating folders) or to stdout. */
export async function writeOutput(
  content: string,
  file: string | undefined,
  context: Pick<CliContext, "stdout" | "stderr">,
): Promise<void> {
  if (!file) {
    context.stdout.write(content);
    return;
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, content, "utf8");
  context.stderr.write(`codeaudit: wrote ${file}\n`);
}
