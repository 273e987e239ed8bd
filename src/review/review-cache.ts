import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { canonicalJson } from "../llm/request-hash.js";

/** Where reviews are cached: `$CODEAUDIT_CACHE_DIR/reviews`, else `~/.cache/codeaudit/reviews`. */
export function defaultReviewCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.CODEAUDIT_CACHE_DIR?.trim() || path.join(os.homedir(), ".cache", "codeaudit");
  return path.join(base, "reviews");
}

const Entry = z.object({
  version: z.literal(1),
  key: z.string(),
  kind: z.string(),
  createdAt: z.string(),
  value: z.unknown(),
});

/** The sha256 (hex) of a value's canonical JSON: the same parts always give the same key. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/**
 * Finished model answers on disk, one JSON file per key. A key is a hash of everything that decides
 * the answer (area, chunk text, prompt versions, provider, model, pre-scan findings shown), so a
 * rerun over unchanged code makes no model call. Unreadable or stale entries count as misses.
 */
export class ReviewCache {
  constructor(readonly dir: string) {}

  /** The cached value for a key, validated by `schema`, or undefined. */
  async get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(key), "utf8");
    } catch {
      return undefined;
    }
    try {
      const entry = Entry.parse(JSON.parse(text));
      if (entry.key !== key) return undefined;
      const value = schema.safeParse(entry.value);
      return value.success ? value.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a value; written to a temporary file and renamed, so a reader never sees half an entry. */
  async set(key: string, kind: string, value: unknown, now: Date = new Date()): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    const entry = { version: 1, key, kind, createdAt: now.toISOString(), value };
    await writeFile(temporary, `${JSON.stringify(entry)}\n`, "utf8");
    await rename(temporary, file);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}
