import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cacheKey, defaultReviewCacheDir, ReviewCache } from "../../src/review/review-cache.js";
import { tempDir } from "../helpers/fixture-repo.js";

const Value = z.object({ summary: z.string() });

describe("ReviewCache", () => {
  it("stores a value under its key and serves it back validated", async () => {
    const cache = new ReviewCache(await tempDir());
    const key = cacheKey({ area: "security", model: "m" });
    expect(await cache.get(key, Value)).toBeUndefined();
    await cache.set(key, "test", { summary: "kept" });
    expect(await cache.get(key, Value)).toEqual({ summary: "kept" });
    expect(await readdir(path.join(cache.dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });

  it("treats a value of another shape, a corrupt file or a foreign key as a miss", async () => {
    const cache = new ReviewCache(await tempDir());
    const key = cacheKey({ n: 1 });
    await cache.set(key, "test", { other: true });
    expect(await cache.get(key, Value)).toBeUndefined();
    await writeFile(path.join(cache.dir, key.slice(0, 2), `${key}.json`), "{ half", "utf8");
    expect(await cache.get(key, Value)).toBeUndefined();
    const other = cacheKey({ n: 2 });
    await cache.set(other, "test", { summary: "x" });
    await writeFile(
      path.join(cache.dir, key.slice(0, 2), `${key}.json`),
      JSON.stringify({ version: 1, key: other, kind: "test", createdAt: "", value: { summary: "x" } }),
    );
    expect(await cache.get(key, Value)).toBeUndefined();
  });
});

describe("cacheKey", () => {
  it("depends on the values, not on the order of the keys", () => {
    expect(cacheKey({ a: 1, b: { c: 2, d: 3 } })).toBe(cacheKey({ b: { d: 3, c: 2 }, a: 1 }));
    expect(cacheKey({ a: 1 })).not.toBe(cacheKey({ a: 2 }));
    expect(cacheKey({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("defaultReviewCacheDir", () => {
  it("lives under CODEAUDIT_CACHE_DIR when set, else under ~/.cache/codeaudit", () => {
    expect(defaultReviewCacheDir({ CODEAUDIT_CACHE_DIR: "/tmp/c" })).toBe("/tmp/c/reviews");
    expect(defaultReviewCacheDir({})).toMatch(/\.cache\/codeaudit\/reviews$/);
  });
});
