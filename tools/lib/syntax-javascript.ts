import type { Node } from "web-tree-sitter";
import {
  type CollectState,
  functionOf,
  type LanguageSpec,
  linesOfNode,
  statementsOf,
} from "./syntax-spec.js";

const FUNCTION_TYPES = [
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
  "generator_function",
];

// Route registration (`app.get("/x", handler)`, `router.use(fn)`, `http.createServer(fn)`).
const HANDLER_CALLEE =
  /(?:^|\.)(?:get|post|put|patch|delete|del|all|use|head|options|route|handle|createServer)$/;
// A test runner's block: the bare name or a modifier chain (`it.skip`, `describe.each([...])`), never
// another method of an object that happens to share the name (`suite.add`, `context.with`, `it.next`).
const TEST_CALLEE =
  /^(?:describe|it|test|suite|context|bench|Deno\.test)(?:\s*\.\s*(?:only|skip|todo|each|concurrent|sequential|fails|failing|serial|skipIf|runIf|fixme|for))*(?:$|\s*[(`])/;

/** JavaScript: comments, string/regex contents, functions (async, handlers), catch clauses, imports, test blocks. */
export const javascriptSpec: LanguageSpec = {
  comments: ["comment", "html_comment"],
  strings: ["string_fragment", "escape_sequence", "regex_pattern"],
  patterns: [
    `[${FUNCTION_TYPES.map((type) => `(${type})`).join(" ")}] @function`,
    "(catch_clause) @catch",
    "(import_statement source: (string) @import)",
    "(export_statement source: (string) @import)",
    '((call_expression function: (identifier) @require-callee arguments: (arguments . (string) @import)) (#eq? @require-callee "require"))',
    "(call_expression function: (import) arguments: (arguments . (string) @import))",
    "(program (expression_statement (call_expression) @test-call))",
    "(program (if_statement) @test-if)",
  ],
  collect(name, node, state) {
    switch (name) {
      case "function":
        state.functions.push(
          functionOf(node, state, functionName(node, state), { isHandler: isRouteHandler(node, state) }),
        );
        return;
      case "catch": {
        const parameter = node.childForFieldName("parameter");
        state.marks.push({
          kind: "catch",
          start: node.startIndex,
          end: node.endIndex,
          ...linesOfNode(node),
          name: parameter ? parameter.text : "",
          body: statementsOf(node.childForFieldName("body"), state),
        });
        return;
      }
      case "import":
        state.imports.push({
          module: state.text.slice(node.startIndex + 1, node.endIndex - 1),
          line: node.startPosition.row + 1,
        });
        return;
      case "test-call":
        collectTestCall(node, state);
        return;
      case "test-if": {
        const condition = node.childForFieldName("condition");
        if (condition && /import\.meta\.vitest/.test(condition.text))
          state.testRegions.push({ ...regionOf(node), kind: "in-source tests" });
        return;
      }
    }
  },
};

/** TypeScript and TSX add non-null assertions and explicit `any`. */
export const typescriptSpec: LanguageSpec = {
  ...javascriptSpec,
  patterns: [
    ...(javascriptSpec.patterns ?? []),
    "(non_null_expression) @non-null",
    '((predefined_type) @any (#eq? @any "any"))',
  ],
  collect(name, node, state) {
    if (name === "any") {
      state.marks.push({ kind: name, start: node.startIndex, end: node.endIndex, ...linesOfNode(node) });
      return;
    }
    // The site is the `!` (the node's last token): in a chain split over lines (`response\n  .body!`)
    // the expression starts lines above the assertion. `let x!: T` and `field!: T` are definite
    // assignment assertions, not non_null_expression nodes, so they never count.
    if (name === "non-null") {
      const line = node.endPosition.row + 1;
      state.marks.push({ kind: name, start: node.endIndex - 1, end: node.endIndex, line, endLine: line });
      return;
    }
    javascriptSpec.collect?.(name, node, state);
  },
};

function regionOf(node: Node) {
  const { line, endLine } = linesOfNode(node);
  return { startLine: line, endLine };
}

function collectTestCall(node: Node, state: CollectState): void {
  const callee = node.childForFieldName("function");
  if (!callee || !TEST_CALLEE.test(state.codeText.slice(callee.startIndex, callee.endIndex))) return;
  const argumentsNode = node.childForFieldName("arguments");
  const takesFunction = argumentsNode?.namedChildren.some((child) => FUNCTION_TYPES.includes(child.type));
  if (takesFunction) state.testRegions.push({ ...regionOf(node), kind: "test block" });
}

function functionName(node: Node, state: CollectState): string {
  const own = node.childForFieldName("name");
  if (own) return own.text;
  const parent = node.parent;
  const named =
    parent?.type === "variable_declarator"
      ? parent.childForFieldName("name")
      : parent?.type === "pair"
        ? parent.childForFieldName("key")
        : parent?.type === "assignment_expression"
          ? parent.childForFieldName("left")
          : null;
  if (!named) return "<anonymous>";
  // A quoted key (`'store': async (req, res) => …`) is named by its contents, which codeText blanks.
  const written =
    named.type === "string"
      ? state.text.slice(named.startIndex + 1, named.endIndex - 1)
      : state.codeText.slice(named.startIndex, named.endIndex);
  return written.trim() || "<anonymous>";
}

function isRouteHandler(node: Node, state: CollectState): boolean {
  const parent = node.parent;
  if (parent?.type !== "arguments") return false;
  const call = parent.parent;
  const callee = call?.type === "call_expression" ? call.childForFieldName("function") : null;
  if (!callee || !HANDLER_CALLEE.test(state.codeText.slice(callee.startIndex, callee.endIndex))) return false;
  const parameters = node.childForFieldName("parameters");
  return node.childForFieldName("parameter") !== null || (parameters?.namedChildCount ?? 0) > 0;
}
