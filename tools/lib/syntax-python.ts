import type { Node } from "web-tree-sitter";
import {
  type CollectState,
  functionOf,
  type LanguageSpec,
  linesOfNode,
  statementsOf,
} from "./syntax-spec.js";
import type { TestRegion } from "./syntax-types.js";

const TEST_FRAMEWORKS = new Set(["unittest", "pytest", "nose", "hypothesis"]);

// Test candidates wait for the imports: a `def test_*` only counts as a test outside test files when
// the module pulls in a test framework, so a production `test_connection()` helper stays production.
const candidates = new WeakMap<CollectState, Array<TestRegion & { always: boolean }>>();

/** Python: comments, docstrings, string contents, functions, classes, `except` clauses, imports, tests. */
export const pythonSpec: LanguageSpec = {
  comments: ["comment"],
  strings: ["string_content", "escape_sequence"],
  patterns: [
    // A bare triple-quoted string statement is documentation (a docstring, or a block used as a
    // comment), as cloc and tokei's doc-string option count it; a one-quote string stays code, as both do.
    `((expression_statement . (string) @docstring .) (#match? @docstring "^[rRbBuUfF]*(\\"\\"\\"|''')"))`,
    "(function_definition) @function",
    "(lambda) @lambda",
    "(class_definition) @class",
    "(except_clause) @except",
    "(import_statement) @import",
    "(import_from_statement) @import-from",
  ],
  collect(name, node, state) {
    switch (name) {
      case "function": {
        const functionName = node.childForFieldName("name")?.text ?? "<def>";
        state.functions.push(functionOf(node, state, functionName));
        if (/^test(?:_|[A-Z]|$)/.test(functionName)) addCandidate(state, node, "test function", false);
        return;
      }
      case "lambda":
        state.functions.push(functionOf(node, state, "<lambda>"));
        return;
      case "class":
        collectClass(node, state);
        return;
      case "except":
        collectExcept(node, state);
        return;
      case "import":
        for (const child of node.namedChildren) {
          const moduleNode = child.type === "aliased_import" ? child.childForFieldName("name") : child;
          if (moduleNode?.type === "dotted_name")
            state.imports.push({ module: moduleNode.text, line: node.startPosition.row + 1 });
        }
        return;
      case "import-from": {
        const moduleNode = node.childForFieldName("module_name");
        if (moduleNode?.type === "dotted_name")
          state.imports.push({ module: moduleNode.text, line: node.startPosition.row + 1 });
        return;
      }
    }
  },
  finish(state) {
    const usesFramework = state.imports.some((entry) =>
      TEST_FRAMEWORKS.has(entry.module.split(".")[0] ?? ""),
    );
    for (const { always, ...region } of candidates.get(state) ?? [])
      if (always || usesFramework) state.testRegions.push(region);
    candidates.delete(state);
  },
};

function collectClass(node: Node, state: CollectState): void {
  const className = node.childForFieldName("name")?.text ?? "";
  const bases = node.childForFieldName("superclasses");
  const basesText = bases ? state.codeText.slice(bases.startIndex + 1, bases.endIndex - 1).trim() : "";
  state.marks.push({
    kind: "class",
    start: node.startIndex,
    end: node.endIndex,
    ...linesOfNode(node),
    name: className,
    detail: basesText,
  });
  const isTestCase = /\b\w*TestCase\b/.test(basesText);
  if (isTestCase || /^Test/.test(className)) addCandidate(state, node, "test class", isTestCase);
}

function collectExcept(node: Node, state: CollectState): void {
  const block = node.namedChildren.find((child) => child.type === "block") ?? null;
  const headerEnd = block ? block.startIndex : node.endIndex;
  const header = state.codeText.slice(node.startIndex, headerEnd);
  const caught = /^except\*?\s*(.*?)(?:\s+as\s+\w+)?\s*:\s*$/s.exec(header.trim())?.[1] ?? "";
  state.marks.push({
    kind: "except",
    start: node.startIndex,
    end: node.endIndex,
    ...linesOfNode(node),
    name: caught.replace(/\s+/g, " ").trim(),
    body: statementsOf(block, state),
  });
}

function addCandidate(state: CollectState, node: Node, kind: string, always: boolean): void {
  const outer = node.parent?.type === "decorated_definition" ? node.parent : node;
  const list = candidates.get(state) ?? [];
  list.push({ startLine: linesOfNode(outer).line, endLine: linesOfNode(outer).endLine, kind, always });
  candidates.set(state, list);
}
