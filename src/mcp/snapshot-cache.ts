import { type IngestOptions, ingest } from "../ingest/ingest.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";

export interface SnapshotCacheOptions extends Pick<IngestOptions, "maxFileBytes"> {
  /** How long an ingested snapshot is reused, so a burst of tool calls lists the files once. */
  ttlMs?: number;
  /** How many repositories are kept at once. */
  maxEntries?: number;
  /** Replaceable for tests and for callers that already hold snapshots. */
  ingest?: (folder: string, options: IngestOptions) => Promise<RepoSnapshot>;
  now?: () => number;
}

interface Entry {
  snapshot: Promise<RepoSnapshot>;
  expires: number;
}

/**
 * Ingested repositories by real folder path, shared by every tool and session of a server. Concurrent
 * requests for the same folder share one ingest; failures are not cached.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.maxEntries = options.maxEntries ?? 8;
    this.now = options.now ?? Date.now;
  }

  /** Keeps a snapshot the caller already built (the review agent's) for as long as the cache lives. */
  pin(snapshot: RepoSnapshot): void {
    this.entries.set(snapshot.root, {
      snapshot: Promise.resolve(snapshot),
      expires: Number.POSITIVE_INFINITY,
    });
  }

  /** The snapshot of a real folder path, ingesting it when absent or stale. */
  get(folder: string): Promise<RepoSnapshot> {
    const existing = this.entries.get(folder);
    if (existing && existing.expires > this.now()) return existing.snapshot;
    const load = this.options.ingest ?? ingest;
    // Tools read files as they are now (the client may edit them between calls), not as listed.
    const snapshot = load(folder, { maxFileBytes: this.options.maxFileBytes, keepTexts: false });
    this.entries.set(folder, { snapshot, expires: this.now() + this.ttlMs });
    snapshot.catch(() => {
      if (this.entries.get(folder)?.snapshot === snapshot) this.entries.delete(folder);
    });
    this.evict();
    return snapshot;
  }

  /**
   * Forgets a folder's snapshot (unless pinned), so the next call re-lists the files: used after a
   * read fails because the work tree changed under a cached snapshot.
   */
  invalidate(folder: string): boolean {
    const entry = this.entries.get(folder);
    if (!entry || entry.expires === Number.POSITIVE_INFINITY) return false;
    this.entries.delete(folder);
    return true;
  }

  private evict(): void {
    for (const [folder, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (entry.expires !== Number.POSITIVE_INFINITY) this.entries.delete(folder);
    }
  }
}
