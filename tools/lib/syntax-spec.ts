import type { Node } from "web-tree-sitter";
import type { MarkStatement, SyntaxFunction, SyntaxImport, SyntaxMark, TestRegion } from "./syntax-types.js";

/** What a language's structure collector fills in while the captures of its query are walked. */
export interface CollectState {
  readonly text: string;
  /** Comments and string contents already blanked (see SyntaxAnalysis.codeText). */
  readonly codeText: string;
  readonly path: string | undefined;
  readonly lineCount: number;
  functions: SyntaxFunction[];
  imports: SyntaxImport[];
  marks: SyntaxMark[];
  testRegions: TestRegion[];
}

/**
 * How one language is read with tree-sitter. Capture names `comment`, `docstring` and `string` are
 * reserved for the masks; every other capture goes to `collect`. Node types in `comments`/`strings`
 * that a grammar lacks are dropped when the query is built, so one list can serve related grammars.
 */
export interface LanguageSpec {
  /** Comment node types (blanked in codeText, counted as comment lines). */
  comments: string[];
  /** Leaf node types holding a literal's contents (blanked in codeText, still code lines). */
  strings: string[];
  /**
   * Literal node types a comment node can sit inside: tree-sitter-java reads `// …` or `/* …` at the
   * start of a text block's content as a comment child of the string. Such a "comment" is string text.
   */
  commentsNotIn?: string[];
  /** Extra query patterns, e.g. Python docstrings captured as `@docstring`, plus structure patterns. */
  patterns?: string[];
  collect?(name: string, node: Node, state: CollectState): void;
  /** Runs after every capture, e.g. to decide test regions once all imports are known. */
  finish?(state: CollectState): void;
}

/** 1-based first and last line of a node. */
export function linesOfNode(node: Node): { line: number; endLine: number } {
  return { line: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
}

/** A function entry for a node, with its header (start to body) checked for `async` in code text. */
export function functionOf(
  node: Node,
  state: CollectState,
  name: string,
  options: { isHandler?: boolean; bodyField?: string; forceAsync?: boolean } = {},
): SyntaxFunction {
  const body = node.childForFieldName(options.bodyField ?? "body");
  const headerEnd = body ? body.startIndex : node.endIndex;
  const header = state.codeText.slice(node.startIndex, headerEnd);
  return {
    name,
    start: node.startIndex,
    end: node.endIndex,
    ...linesOfNode(node),
    isAsync: options.forceAsync === true || /(^|[^\w$])async\b/.test(header),
    isHandler: options.isHandler ?? false,
  };
}

/** The statements of a block node (named children), comments included as type "comment". */
export function statementsOf(block: Node | null, state: CollectState): MarkStatement[] {
  if (!block) return [];
  const statements: MarkStatement[] = [];
  for (const child of block.namedChildren) {
    statements.push({
      type: /comment/.test(child.type) ? "comment" : child.type,
      text: state.text.slice(child.startIndex, Math.min(child.endIndex, child.startIndex + 300)),
      line: child.startPosition.row + 1,
    });
  }
  return statements;
}
