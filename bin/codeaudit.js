#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/index.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("codeaudit: not built yet; run `npm run build` in the codeaudit folder first\n");
  process.exit(2);
}
await import(entry.href);
