import { type Language, Parser, Query, type QueryCapture } from "web-tree-sitter";
import { loadGrammar } from "./syntax-grammars.js";
import { LANGUAGE_SPECS } from "./syntax-languages.js";
import { blankRanges, commentSpansOf, lineKindsOf, lineStartsOf, mergeRanges } from "./syntax-mask.js";
import type { CollectState, LanguageSpec } from "./syntax-spec.js";
import type { SyntaxAnalysis } from "./syntax-types.js";

interface Reader {
  spec: LanguageSpec;
  parser: Parser;
  query: Query;
}

const readers = new Map<string, Promise<Reader | undefined>>();

/** Parses the text with the language's grammar, or returns undefined when it has none (or it failed). */
export async function analyzeWithTree(
  language: string,
  text: string,
  path: string | undefined,
): Promise<SyntaxAnalysis | undefined> {
  let reader = readers.get(language);
  if (!reader) {
    reader = createReader(language);
    readers.set(language, reader);
  }
  const ready = await reader;
  if (!ready) return undefined;
  // Everything below is synchronous, so the shared parser and tree are never used by two files at once.
  const tree = ready.parser.parse(text);
  if (!tree) return undefined;
  try {
    const captures = ready.query.captures(tree.rootNode);
    return analyzeCaptures(ready.spec, language, text, path, captures, tree.rootNode.hasError);
  } finally {
    tree.delete();
  }
}

async function createReader(language: string): Promise<Reader | undefined> {
  const spec = LANGUAGE_SPECS[language];
  const grammar = await loadGrammar(language);
  if (!spec || !grammar) return undefined;
  const parser = new Parser();
  parser.setLanguage(grammar);
  return { spec, parser, query: buildQuery(grammar, spec) };
}

/** One query per language: the mask captures first, then each structure pattern the grammar accepts. */
function buildQuery(grammar: Language, spec: LanguageSpec): Query {
  const has = (type: string) => grammar.idForNodeType(type, true) !== null;
  const alternation = (types: string[], capture: string) => {
    const present = types.filter(has);
    return present.length > 0 ? [`[${present.map((type) => `(${type})`).join(" ")}] @${capture}`] : [];
  };
  const patterns = [
    ...alternation(spec.comments, "comment"),
    ...alternation(spec.strings, "string"),
    ...(spec.patterns ?? []).filter((pattern) => compiles(grammar, pattern)),
  ];
  return new Query(grammar, patterns.join("\n"));
}

function compiles(grammar: Language, pattern: string): boolean {
  try {
    new Query(grammar, pattern).delete();
    return true;
  } catch {
    return false;
  }
}

function analyzeCaptures(
  spec: LanguageSpec,
  language: string,
  text: string,
  path: string | undefined,
  captures: QueryCapture[],
  hasErrors: boolean,
): SyntaxAnalysis {
  const commentRanges: number[] = [];
  const stringRanges: number[] = [];
  const structure: QueryCapture[] = [];
  const notIn = spec.commentsNotIn;
  for (const capture of captures) {
    const { name, node } = capture;
    if (name === "comment" || name === "docstring") {
      // (Optional chaining skips the parent lookup, a call into the parser, for other languages.)
      if (notIn?.includes(node.parent?.type ?? "")) continue;
      pushRange(commentRanges, node.startIndex, node.endIndex);
    } else if (name === "string") pushRange(stringRanges, node.startIndex, node.endIndex);
    else structure.push(capture);
  }
  const lineStarts = lineStartsOf(text);
  const codeText = blankRanges(text, mergeRanges(commentRanges, stringRanges));
  const state: CollectState = {
    text,
    codeText,
    path,
    lineCount: lineStarts.length,
    functions: [],
    imports: [],
    marks: [],
    testRegions: [],
  };
  if (spec.collect) for (const { name, node } of structure) spec.collect(name, node, state);
  spec.finish?.(state);
  state.functions.sort((a, b) => a.start - b.start || b.end - a.end);
  return {
    method: "tree-sitter",
    language,
    text,
    codeText,
    lineKinds: lineKindsOf(text, lineStarts, commentRanges),
    lineStarts,
    comments: commentSpansOf(text, lineStarts, commentRanges),
    testRegions: state.testRegions,
    functions: state.functions,
    imports: state.imports,
    marks: state.marks,
    hasErrors,
  };
}

// Captures arrive in document order; a range nested in the previous one (a docstring's content) is
// already covered, so only ranges that start after the last end are kept.
function pushRange(ranges: number[], start: number, end: number): void {
  const lastEnd = ranges[ranges.length - 1];
  if (lastEnd !== undefined && start < lastEnd) return;
  ranges.push(start, end);
}
