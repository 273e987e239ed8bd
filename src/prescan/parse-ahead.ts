import { ownFiles } from "../../tools/lib/files.js";
import { syntaxOf } from "../../tools/lib/syntax.js";
import { SYNTAX_CACHE_BYTES } from "../../tools/lib/syntax-cache.js";
import { hasGrammar } from "../../tools/lib/syntax-grammars.js";
import type { RepoFile, RepoSnapshot } from "../ingest/snapshot.js";

// Files asked for at once; the syntax pool reads a few more ahead of each, which keeps its threads busy.
const IN_FLIGHT = 8;

/**
 * Parses the snapshot's source files into its shared syntax cache, in snapshot order, while the
 * scanners that need no syntax tree run. The scanners that do need one then find their files parsed.
 * It stops short of the cache's budget (an entry weighs about twice its file), so on a very large
 * repository it never evicts what it parsed before anyone used it. Failures are left for the
 * scanners to meet and report.
 */
export async function parseAhead(
  snapshot: RepoSnapshot,
  budgetBytes = SYNTAX_CACHE_BYTES / 4,
  cancelled: () => boolean = () => false,
): Promise<void> {
  const files: RepoFile[] = [];
  let bytes = 0;
  for (const file of ownFiles(snapshot)) {
    if (!hasGrammar(file.language)) continue;
    bytes += file.size;
    if (bytes > budgetBytes) break;
    files.push(file);
  }
  let next = 0;
  const lane = async () => {
    for (let file = files[next++]; file && !cancelled(); file = files[next++]) {
      await syntaxOf(snapshot, file, { inAdvance: true }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}
