import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";

export const OUTSIDE_SECRET = "OUTSIDE-SECRET-7f3a";

/** A folder outside every root, holding a secret the server must never return. */
export async function outsideFolder(): Promise<{ dir: string; file: string }> {
  const dir = await tempDir("codeaudit-outside-");
  await mkdir(path.join(dir, "nested"), { recursive: true });
  await writeFile(path.join(dir, "secret.txt"), `${OUTSIDE_SECRET}\n`);
  await writeFile(path.join(dir, "nested", "more.ts"), `// FIXME ${OUTSIDE_SECRET}\n`);
  return { dir, file: path.join(dir, "secret.txt") };
}

export const SERVER_TS = [
  'import { handler } from "./handler.js";',
  "",
  "// FIXME: retry when the upstream times out",
  "export function start(port: number) {",
  '  const banner = "TODO: not a marker, this is a string";',
  "  return handler(port, banner);",
  "}",
  "",
].join("\n");

/**
 * A small repository with something for every tool: work markers (and decoys in strings and tests),
 * an ignored file, a binary file and symbolic links that point outside the repository.
 */
export async function auditFixture(outside: { dir: string; file: string }): Promise<string> {
  return makeRepo(
    {
      "README.md": "# demo\n\nA demo service.\n",
      ".gitignore": "local.env\n",
      "package.json": '{ "name": "demo", "version": "1.0.0" }\n',
      "src/server.ts": SERVER_TS,
      "src/handler.ts": [
        "export function handler(port: number, banner: string) {",
        "  // TODO: validate the port",
        '  return [banner, port].join(":");',
        "}",
        "",
      ].join("\n"),
      "test/server.test.ts": "// FIXME: flaky on CI\nexport const ok = true;\n",
      "assets/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]),
      "escape-link": { symlink: outside.file },
      "escape-dir": { symlink: outside.dir },
    },
    { untracked: { "local.env": "PASSWORD=hunter2\n" } },
  );
}
