import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/util/package-root.js";

const run = promisify(execFile);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts"))
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The launcher of the built CLI (bin/codeaudit.js), building first when dist/ is missing or older
 * than the MCP sources. Type errors elsewhere in the tree (other work in progress) do not stop tsc
 * from emitting, so the build counts as done when the entry point exists afterwards.
 */
export async function builtCli(): Promise<string> {
  const root = packageRoot();
  const entry = path.join(root, "dist", "src", "cli", "commands", "mcp.js");
  const sources = Math.max(
    newestSource(path.join(root, "src", "mcp")),
    newestSource(path.join(root, "src", "cli")),
  );
  if (!existsSync(entry) || statSync(entry).mtimeMs < sources) {
    await run("npm", ["run", "build"], { cwd: root, timeout: 240_000 }).catch((error: unknown) => {
      if (!existsSync(entry)) throw error;
    });
  }
  return path.join(root, "bin", "codeaudit.js");
}
