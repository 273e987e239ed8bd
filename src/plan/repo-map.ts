import { dirName, ownFiles } from "../../tools/lib/files.js";
import type { RepoFile, RepoSnapshot } from "../ingest/snapshot.js";
import { countTokens } from "../llm/token-count.js";
import { knowsSymbols, topLevelSymbols } from "./top-level-symbols.js";

export interface RepoMap {
  text: string;
  tokens: number;
  /** How much detail fit: every symbol, symbols of non-test files only, no symbols, or folders only. */
  detail: "symbols" | "source-symbols" | "files" | "folders";
}

/** Symbols listed per file before "+N more". */
const MAX_SYMBOLS = 12;

/**
 * A compact map of the repository for the model's context: the file tree with languages, line counts
 * and top-level symbols. When it does not fit `maxTokens` it sheds detail (test symbols, then all
 * symbols, then single files) and says so in its header.
 */
export async function buildRepoMap(snapshot: RepoSnapshot, maxTokens: number): Promise<RepoMap> {
  const files = ownFiles(snapshot)
    .slice()
    .sort((a, b) => a.path.localeCompare(b.path));
  const symbols = new Map<string, string[]>();
  for (const file of files) {
    if (knowsSymbols(file.language)) {
      symbols.set(file.path, topLevelSymbols(await snapshot.read(file.path), file.language));
    }
  }
  const totalLines = files.reduce((sum, file) => sum + file.lines, 0);
  const header = `Repository map of ${snapshot.name}: ${files.length} files, ${totalLines} lines (vendored and generated files left out).`;
  const levels: Array<RepoMap["detail"]> = ["symbols", "source-symbols", "files", "folders"];
  let last: RepoMap | undefined;
  for (const detail of levels) {
    const body = detail === "folders" ? folderLines(files) : fileLines(files, symbols, detail);
    const text = [header, ...(detail === "symbols" ? [] : [`(${detailNote(detail)})`]), ...body].join("\n");
    last = { text, tokens: countTokens(text), detail };
    if (last.tokens <= maxTokens) return last;
  }
  return cut(last as RepoMap, maxTokens);
}

function detailNote(detail: RepoMap["detail"]): string {
  if (detail === "source-symbols") return "symbols of test files left out to fit";
  if (detail === "files") return "symbols left out to fit";
  return "files summarised per folder to fit";
}

function fileLines(files: RepoFile[], symbols: Map<string, string[]>, detail: RepoMap["detail"]): string[] {
  const out: string[] = [];
  let folder: string | undefined;
  for (const file of files) {
    const dir = dirName(file.path);
    if (dir !== folder) {
      folder = dir;
      out.push(`${dir === "" ? "." : dir}/`);
    }
    const names =
      detail === "files" || (detail === "source-symbols" && file.isTest)
        ? []
        : (symbols.get(file.path) ?? []);
    const shown = names.slice(0, MAX_SYMBOLS).join(", ");
    const more = names.length > MAX_SYMBOLS ? ` +${names.length - MAX_SYMBOLS} more` : "";
    const tags = [file.language ?? "text", `${file.lines} lines`, ...(file.isTest ? ["test"] : [])].join(
      ", ",
    );
    out.push(
      `  ${file.path.slice(dir === "" ? 0 : dir.length + 1)} (${tags})${shown ? `: ${shown}${more}` : ""}`,
    );
  }
  return out;
}

function folderLines(files: RepoFile[]): string[] {
  const folders = new Map<string, { files: number; lines: number; languages: Set<string> }>();
  for (const file of files) {
    const dir = dirName(file.path) || ".";
    const entry = folders.get(dir) ?? { files: 0, lines: 0, languages: new Set<string>() };
    entry.files++;
    entry.lines += file.lines;
    if (file.language) entry.languages.add(file.language);
    folders.set(dir, entry);
  }
  return [...folders].map(
    ([dir, entry]) =>
      `${dir}/ (${entry.files} files, ${entry.lines} lines; ${[...entry.languages].sort().join(", ") || "text"})`,
  );
}

/** Keeps whole lines from the top until the budget, noting how many were left out. */
function cut(map: RepoMap, maxTokens: number): RepoMap {
  const lines = map.text.split("\n");
  const kept: string[] = [];
  let tokens = 0;
  for (const line of lines) {
    const cost = countTokens(`${line}\n`);
    if (tokens + cost > maxTokens - 20) break;
    kept.push(line);
    tokens += cost;
  }
  kept.push(`(${lines.length - kept.length} more folders left out to fit)`);
  const text = kept.join("\n");
  return { text, tokens: countTokens(text), detail: "folders" };
}
