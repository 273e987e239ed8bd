import { mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { materialisedPath, materialiseFixture } from "../../src/eval/materialise-fixture.js";
import { checkCitedFiles } from "../../src/eval/prepare-repo.js";
import { tempDir } from "../helpers/fixture-repo.js";
import { evalCase, expectation } from "./factories.js";

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  }
}

describe("materialiseFixture", () => {
  it("restores dot_ names, commits what the fixture's .gitignore allows, and gets the same commit every time", async () => {
    const source = await tempDir();
    await writeTree(source, {
      "app.py": "print('hi')\n",
      dot_gitignore: "*.log\n",
      dot_env: "TOKEN=abc\n",
      "dot_github/workflows/ci.yml": "on: push\n",
      "debug.log": "noise\n",
      "src/dot_config/settings.toml": "a = 1\n",
    });
    await symlink("app.py", path.join(source, "main.py"));
    const first = path.join(await tempDir(), "fixture");
    const second = path.join(await tempDir(), "fixture");
    const commit = await materialiseFixture(source, first);
    expect(await materialiseFixture(source, second)).toBe(commit);
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const tracked = (await simpleGit(first).raw(["ls-files"])).trim().split("\n");
    expect(tracked).toEqual([
      ".env",
      ".github/workflows/ci.yml",
      ".gitignore",
      "app.py",
      "main.py",
      "src/.config/settings.toml",
    ]);
    expect((await readdir(first)).sort()).toEqual([
      ".env",
      ".git",
      ".github",
      ".gitignore",
      "app.py",
      "debug.log",
      "main.py",
      "src",
    ]);
    expect(await readlink(path.join(first, "main.py"))).toBe("app.py");
    expect(await readFile(path.join(first, ".env"), "utf8")).toBe("TOKEN=abc\n");
  });

  it("maps stored paths to repository paths", () => {
    expect(materialisedPath("dot_github/workflows/ci.yml")).toBe(".github/workflows/ci.yml");
    expect(materialisedPath("src/dot_env.example")).toBe("src/.env.example");
    expect(materialisedPath("docs/notdot_x.md")).toBe("docs/notdot_x.md");
  });
});

describe("checkCitedFiles", () => {
  const suite = {
    name: "demo",
    description: "",
    file: "/x/suite.yaml",
    displayFile: "evals/demo/suite.yaml",
    cases: [],
  };

  it("accepts cited files and ranges that exist", async () => {
    const root = await tempDir();
    await writeTree(root, { "app.py": "a\nb\nc\n" });
    const ok = evalCase({
      expected: [expectation("e", { file: "app.py", lines: [2, 3] })],
      negatives: [{ file: "app.py" }],
    });
    await expect(checkCitedFiles(suite, ok, root)).resolves.toBeUndefined();
  });

  it("names the field when a cited file is missing or a range runs past its end", async () => {
    const root = await tempDir();
    await writeTree(root, { "app.py": "a\nb\nc\n" });
    const missing = evalCase({ negatives: [{ file: "nope.py" }] });
    await expect(checkCitedFiles(suite, missing, root)).rejects.toThrow(
      "evals/demo/suite.yaml: cases[0].negatives[0].file: nope.py is not a file of case case's repository",
    );
    const tooLong = evalCase({ expected: [expectation("e", { file: "app.py", lines: [3, 4] })] });
    await expect(checkCitedFiles(suite, tooLong, root)).rejects.toThrow(
      "evals/demo/suite.yaml: cases[0].expected[0].lines: [3, 4] runs past the end of app.py (3 lines)",
    );
    const outside = evalCase({ expected: [expectation("e", { file: "../etc/passwd" })] });
    await expect(checkCitedFiles(suite, outside, root)).rejects.toThrow(/is not a file of case/);
  });
});
