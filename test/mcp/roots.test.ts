import { realpath } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CodeauditError } from "../../src/errors.js";
import { confinePath, resolveRoots, unsafeSpelling } from "../../src/mcp/roots.js";
import { auditFixture, outsideFolder } from "./fixture.js";

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CodeauditError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the path to be refused");
}

describe("unsafeSpelling", () => {
  test.each([
    ["src/a.ts\0.png", "the path contains a NUL byte"],
    ["..\\..\\etc\\passwd", "backslashes are not allowed in paths; use forward slashes relative to the root"],
    ["..%2f..%2fetc%2fpasswd", "percent-encoded dots, slashes or NUL bytes are not allowed in paths"],
    ["%2E%2E/etc", "percent-encoded dots, slashes or NUL bytes are not allowed in paths"],
    ["C:/Windows/win.ini", "drive letters and UNC paths are not allowed"],
    ["//server/share", "drive letters and UNC paths are not allowed"],
    ["file.txt::$DATA", "alternate data stream syntax is not allowed"],
    ["../secret", "`..` segments are not allowed; give a path inside the root"],
    ["src/../../secret", "`..` segments are not allowed; give a path inside the root"],
    ["src/.. /x", "`..` segments are not allowed; give a path inside the root"],
  ])("refuses %j", (requested, reason) => {
    expect(unsafeSpelling(requested)).toBe(reason);
  });

  test.each(["src/a.ts", ".", "", ".github/workflows/ci.yml", "a..b/c.ts", "..hidden", "100%.txt"])(
    "accepts %j",
    (requested) => {
      expect(unsafeSpelling(requested)).toBeUndefined();
    },
  );
});

describe("confinePath", () => {
  test("resolves inside the root and refuses every way out with the reason", async () => {
    const outside = await outsideFolder();
    const repo = await auditFixture(outside);
    const roots = resolveRoots([repo]);
    const real = await realpath(repo);

    expect(await confinePath(roots, "src/server.ts")).toBe(path.join(real, "src", "server.ts"));
    expect(await confinePath(roots, ".")).toBe(real);
    expect(await confinePath(roots, path.join(repo, "src"))).toBe(path.join(real, "src"));

    expect(await refusal(confinePath(roots, outside.file))).toEqual({
      code: "PATH_OUTSIDE_ROOT",
      message: `refused ${JSON.stringify(outside.file)}: it is outside the server's root folders (${path.resolve(repo)})`,
    });
    expect(await refusal(confinePath(roots, "escape-link"))).toEqual({
      code: "PATH_OUTSIDE_ROOT",
      message: `refused "escape-link": it is a symbolic link that resolves outside the server's root folders`,
    });
    expect(await refusal(confinePath(roots, "escape-dir/secret.txt"))).toEqual({
      code: "PATH_OUTSIDE_ROOT",
      message: `refused "escape-dir/secret.txt": it is a symbolic link that resolves outside the server's root folders`,
    });
    expect(await refusal(confinePath(roots, "../x"))).toMatchObject({ code: "PATH_OUTSIDE_ROOT" });
    expect(await refusal(confinePath(roots, "src/missing.ts"))).toEqual({
      code: "TARGET_NOT_FOUND",
      message: "no such file or folder: src/missing.ts",
    });
  });

  test("a second root is reachable by absolute path only", async () => {
    const outside = await outsideFolder();
    const repo = await auditFixture(outside);
    const roots = resolveRoots([repo, outside.dir]);
    expect(await confinePath(roots, outside.file)).toBe(await realpath(outside.file));
    expect(await refusal(confinePath(roots, "secret.txt"))).toMatchObject({ code: "TARGET_NOT_FOUND" });
  });

  test("roots must exist and be folders", async () => {
    const outside = await outsideFolder();
    expect(() => resolveRoots([path.join(outside.dir, "nope")])).toThrow(/root folder not found/);
    expect(() => resolveRoots([outside.file])).toThrow(/root is not a folder/);
  });
});
