import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { linesOf } from "./lib/evidence.js";
import { ownFiles } from "./lib/files.js";
import { lex, syntaxFor } from "./lib/lexer.js";
import { isTestLine, syntaxOf } from "./lib/syntax.js";
import { hasGrammar } from "./lib/syntax-grammars.js";
import { defineScanner } from "./scanner.js";

export const MARKER_KINDS = ["TODO", "FIXME", "HACK", "XXX"] as const;
const MarkerKind = z.enum(MARKER_KINDS);

const Split = z.object({ production: z.number().int(), test: z.number().int() });

export const MarkersFacts = z.object({
  total: Split,
  byKind: z.object({ TODO: Split, FIXME: Split, HACK: Split, XXX: Split }),
  sites: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      kind: MarkerKind,
      text: z.string(),
      isTest: z.boolean(),
    }),
  ),
  filesScanned: z.number().int(),
});
export type MarkersFacts = z.infer<typeof MarkersFacts>;

// Upper case only, as a whole word: "todo list" in prose and "XXXX" placeholders are not markers.
// Upper case, or a lower-case tag followed by a colon (`# todo: make path an option`); a lower-case
// word alone is prose ("a todo list").
const MARKER_PATTERN =
  /(?<![A-Za-z0-9_])(TODO|FIXME|HACK|XXX|(?:todo|fixme|hack)(?=\s*(?:\([^)]*\))?:))(?![A-Za-z0-9_])/g;

// A comment that names the markers as a list ("TODO / FIXME", "TODO, FIXME or HACK") talks about
// markers instead of being one.
const LISTS_MARKERS = /\b(TODO|FIXME|HACK|XXX)\b\s*(\/|,|\bor\b|\band\b)\s*\b(TODO|FIXME|HACK|XXX)\b/;

// XXX doubles as a placeholder in prose ("each type XXX has its own XXXOpts"), so it counts only
// where markers stand: first word of the comment text (after comment leaders like `*`, `/`, `!`),
// or tagged like the other markers (`XXX:`, `XXX(name)`).
const COMMENT_LEADER = /^[\s/*!#-]*/;
const TAGGED = /^[:(]/;

/** True when the XXX match at `index` of `text` is a work marker rather than a placeholder. */
function isXxxMarker(text: string, index: number): boolean {
  const leader = COMMENT_LEADER.exec(text)?.[0].length ?? 0;
  return index === leader || TAGGED.test(text.slice(index + 3));
}

/** TODO / FIXME / HACK / XXX inside comments (never inside strings), split production vs test. */
export const markersScanner = defineScanner({
  id: "markers",
  version: "1.2.0",
  title: "TODO / FIXME / HACK / XXX markers",
  description: "Counts work markers in comments (not strings), production vs test, each with file:line.",
  areas: ["code-quality", "reliability"],
  facts: MarkersFacts,
  async run(snapshot) {
    const zero = () => ({ production: 0, test: 0 });
    const facts: MarkersFacts = {
      total: zero(),
      byKind: { TODO: zero(), FIXME: zero(), HACK: zero(), XXX: zero() },
      sites: [],
      filesScanned: 0,
    };
    const findings: RawFindingInput[] = [];
    for (const file of ownFiles(snapshot)) {
      const syntax = syntaxFor(file.language);
      const parsed = hasGrammar(file.language);
      if ((!syntax && !parsed) || file.language === "markdown") continue;
      const text = await snapshot.read(file.path);
      facts.filesScanned++;
      if (!/TODO|FIXME|HACK|XXX|(?:todo|fixme|hack)\s*(?:\([^)\n]*\))?:/.test(text)) continue;
      // A parsed file gives exact comments and its in-file test regions (a Rust `#[cfg(test)]`
      // module, a Python test class); other files are read with the lexical pass.
      const analysis = parsed ? await syntaxOf(snapshot, file) : undefined;
      const comments =
        analysis?.method === "tree-sitter" || !syntax
          ? (analysis?.comments ?? [])
          : lex(text, syntax).comments;
      for (const comment of comments) {
        const isTest = file.isTest || (analysis !== undefined && isTestLine(analysis, comment.line));
        const seen = new Set<string>();
        if (LISTS_MARKERS.test(comment.text)) continue;
        for (const match of comment.text.matchAll(MARKER_PATTERN)) {
          const kind = (match[1] ?? "").toUpperCase() as (typeof MARKER_KINDS)[number];
          if (seen.has(kind)) continue;
          if (kind === "XXX" && !isXxxMarker(comment.text, match.index)) continue;
          seen.add(kind);
          const bucket = isTest ? "test" : "production";
          facts.total[bucket]++;
          facts.byKind[kind][bucket]++;
          const note = comment.text.slice(match.index).trim().slice(0, 200);
          facts.sites.push({ file: file.path, line: comment.line, kind, text: note, isTest });
          if (!isTest && kind !== "TODO") {
            findings.push({
              ruleId: `markers/${kind.toLowerCase()}`,
              area: "code-quality",
              severity: "low",
              title: `${kind} marker in production code`,
              description: `A ${kind} comment marks known unfinished or questionable code: "${note}".`,
              recommendation:
                "Resolve the underlying issue or track it in the issue tracker and reference it here.",
              location: { file: file.path, startLine: comment.line, endLine: comment.line },
              evidence: linesOf(text, comment.line),
            });
          }
        }
      }
    }
    const todos = facts.byKind.TODO.production;
    if (todos > 0) {
      const files = new Set(
        facts.sites.filter((site) => site.kind === "TODO" && !site.isTest).map((site) => site.file),
      );
      findings.push({
        ruleId: "markers/todo-count",
        area: "code-quality",
        severity: "info",
        title: `${todos} TODO marker${todos === 1 ? "" : "s"} in production code`,
        description: `${todos} TODO comment${todos === 1 ? "" : "s"} across ${files.size} production file${files.size === 1 ? "" : "s"}; each site is listed in the markers facts.`,
        recommendation: "Triage the TODOs: fix, delete, or move each into the issue tracker.",
      });
    }
    const strengths =
      facts.total.production === 0 && facts.filesScanned > 0
        ? [{ area: "code-quality" as const, text: "No TODO, FIXME, HACK or XXX markers in production code." }]
        : [];
    return { facts, findings, strengths };
  },
});
