import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodeauditError } from "../../src/errors.js";
import { countLines, ingest } from "../../src/ingest/ingest.js";
import { makeRepo, tempDir } from "../helpers/fixture-repo.js";

describe("ingest", () => {
  it("lists tracked and untracked-not-ignored files of a git repo, honouring .gitignore", async () => {
    const root = await makeRepo(
      {
        ".gitignore": "build/\n*.log\n",
        "src/main.rs": 'fn main() {\n    println!("hi");\n}\n',
        "build/out.txt": "ignored",
      },
      { untracked: { "notes.md": "# notes\n", "debug.log": "ignored too\n" } },
    );
    const snapshot = await ingest(root);
    expect(snapshot.isGit).toBe(true);
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(snapshot.files.map((file) => file.path)).toEqual([".gitignore", "notes.md", "src/main.rs"]);
    expect(snapshot.file("src/main.rs")).toMatchObject({
      language: "rust",
      lines: 3,
      size: 34,
      isTest: false,
      isGenerated: false,
      isVendored: false,
    });
    expect(snapshot.file("src/main.rs")?.sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await snapshot.read("src/main.rs")).toContain("println!");
  });

  it("walks a plain folder honouring nested .gitignore files and skipping node_modules", async () => {
    const root = await makeRepo(
      {
        ".gitignore": "*.tmp\n",
        "app/.gitignore": "secret/\n",
        "app/index.js": "console.log(1)\n",
        "app/secret/key.txt": "hidden\n",
        "app/cache.tmp": "x\n",
        "node_modules/left-pad/index.js": "module.exports = 1\n",
      },
      { git: false },
    );
    const snapshot = await ingest(root);
    expect(snapshot.isGit).toBe(false);
    expect(snapshot.files.map((file) => file.path)).toEqual([".gitignore", "app/.gitignore", "app/index.js"]);
  });

  it("lists binary, oversized and escaping symlinks as skipped without reading them", async () => {
    const outside = await tempDir();
    await writeFile(path.join(outside, "secret.txt"), "outside the repo\n");
    const root = await makeRepo({
      "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      "big.txt": "x".repeat(2048),
      "escape.txt": { symlink: path.join(outside, "secret.txt") },
      "inside.txt": { symlink: "big.txt" },
      "ok.py": "print('ok')\n",
    });
    const snapshot = await ingest(root, { maxFileBytes: 1024 });
    expect(snapshot.files.map((file) => file.path)).toEqual(["ok.py"]);
    expect([...snapshot.skipped].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: "big.txt", reason: "too-large", detail: "2048 bytes, limit 1024" },
      {
        path: "escape.txt",
        reason: "symlink-outside-root",
        detail: "symbolic link resolves outside the repository",
      },
      { path: "image.png", reason: "binary" },
      { path: "inside.txt", reason: "not-regular-file", detail: "symbolic link to big.txt" },
    ]);
    await expect(snapshot.read("escape.txt")).rejects.toThrow(CodeauditError);
  });

  it("reports an unreadable file as skipped and goes on", async () => {
    const root = await makeRepo({ "a.py": "x = 1\n", "b.py": "y = 2\n" }, { git: false });
    const snapshot = await ingest(
      root,
      {},
      {
        readFile: async (file) => {
          if (file.endsWith("b.py")) throw Object.assign(new Error("denied"), { code: "EACCES" });
          const { readFile } = await import("node:fs/promises");
          return readFile(file);
        },
      },
    );
    expect(snapshot.files.map((file) => file.path)).toEqual(["a.py"]);
    expect(snapshot.skipped).toEqual([{ path: "b.py", reason: "unreadable", detail: "EACCES" }]);
  });

  it("keeps the texts it read for the scanners, so a read after ingest does not go to disk again", async () => {
    const root = await makeRepo({ "a.py": "x = 1\n", "b.py": "y = 2\n" }, { git: false });
    const reads: string[] = [];
    const snapshot = await ingest(
      root,
      {},
      {
        readFile: async (file) => {
          reads.push(path.basename(file));
          const { readFile } = await import("node:fs/promises");
          return readFile(file);
        },
      },
    );
    expect(reads.sort()).toEqual(["a.py", "b.py"]);
    expect(await snapshot.read("b.py")).toBe("y = 2\n");
    expect(await snapshot.read("a.py")).toBe("x = 1\n");
    expect(reads).toHaveLength(2);

    // A snapshot that must see later edits (the MCP server's) reads from disk.
    const fresh = await ingest(root, { keepTexts: false });
    await writeFile(path.join(root, "a.py"), "x = 2\n");
    expect(await fresh.read("a.py")).toBe("x = 2\n");
  });

  it("rejects a missing path, a file and an empty folder with one-line errors", async () => {
    const dir = await tempDir();
    await expect(ingest(path.join(dir, "nope"))).rejects.toMatchObject({ code: "TARGET_NOT_FOUND" });
    await writeFile(path.join(dir, "file.txt"), "x");
    await expect(ingest(path.join(dir, "file.txt"))).rejects.toMatchObject({ code: "TARGET_NOT_DIRECTORY" });
    const empty = path.join(dir, "empty");
    await mkdir(empty);
    await expect(ingest(empty)).rejects.toMatchObject({ code: "TARGET_EMPTY" });
  });

  it("clones a git URL shallowly at a pinned branch, tag or commit", async () => {
    const origin = await makeRepo({ "README.md": "# v1\n" });
    const { simpleGit } = await import("simple-git");
    const git = simpleGit(origin);
    const first = (await git.revparse(["HEAD"])).trim();
    await git.addTag("v1");
    await writeFile(path.join(origin, "README.md"), "# v2\n");
    await git.add(["-A"]);
    await git.commit("second");
    const cacheDir = await tempDir();

    const head = await ingest(`file://${origin}`, { cacheDir });
    expect(await head.read("README.md")).toBe("# v2\n");
    expect(head.url).toBe(`file://${origin}`);

    const tagged = await ingest(`file://${origin}`, { cacheDir, ref: "v1" });
    expect(await tagged.read("README.md")).toBe("# v1\n");
    expect(tagged.commit).toBe(first);

    const pinned = await ingest(`file://${origin}`, { cacheDir, ref: first });
    expect(pinned.commit).toBe(first);
    expect(await pinned.read("README.md")).toBe("# v1\n");
  });

  it("fails a clone with a bad URL or a missing ref as CLONE_FAILED", async () => {
    const origin = await makeRepo({ "a.txt": "a\n" });
    const cacheDir = await tempDir();
    await expect(ingest(`file://${origin}-missing`, { cacheDir })).rejects.toMatchObject({
      code: "CLONE_FAILED",
    });
    await expect(ingest(`file://${origin}`, { cacheDir, ref: "no-such-branch" })).rejects.toMatchObject({
      code: "CLONE_FAILED",
    });
  });

  it("audits a pinned ref of a local repository without touching its work tree", async () => {
    const origin = await makeRepo({ "a.txt": "one\n" });
    const { simpleGit } = await import("simple-git");
    await simpleGit(origin).addTag("first");
    await writeFile(path.join(origin, "a.txt"), "changed, uncommitted\n");
    const snapshot = await ingest(origin, { ref: "first", cacheDir: await tempDir() });
    expect(await snapshot.read("a.txt")).toBe("one\n");
  });

  it("counts lines like an editor", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a")).toBe(1);
    expect(countLines("a\n")).toBe(1);
    expect(countLines("a\nb")).toBe(2);
    expect(countLines("\n\n")).toBe(2);
  });

  it("does not follow a file it cannot stat", async () => {
    const root = await makeRepo({ "a.sh": "#!/bin/sh\necho hi\n" }, { git: false });
    await chmod(path.join(root, "a.sh"), 0o755);
    const snapshot = await ingest(root);
    expect(snapshot.file("a.sh")?.language).toBe("shell");
  });
});
