import type { Node } from "web-tree-sitter";
import { type CollectState, functionOf, type LanguageSpec, linesOfNode } from "./syntax-spec.js";

/** Go: comments, string contents, functions, imports (with aliases), `_`-discarded call results, test files. */
export const goSpec: LanguageSpec = {
  comments: ["comment"],
  strings: [
    "interpreted_string_literal_content",
    "raw_string_literal_content",
    "escape_sequence",
    "rune_literal",
  ],
  patterns: [
    "[(function_declaration) (method_declaration) (func_literal)] @function",
    "(import_spec) @import",
    '((assignment_statement left: (expression_list (identifier) @blank) right: (expression_list . (call_expression) .)) @discard (#eq? @blank "_"))',
    '((short_var_declaration left: (expression_list (identifier) @blank) right: (expression_list . (call_expression) .)) @discard (#eq? @blank "_"))',
    '((var_spec name: (identifier) @blank value: (expression_list . (call_expression) .)) @discard (#eq? @blank "_"))',
  ],
  collect(name, node, state) {
    switch (name) {
      case "function":
        state.functions.push(functionOf(node, state, node.childForFieldName("name")?.text ?? "<func>"));
        collectResult(node, state);
        return;
      case "import": {
        const path = node.childForFieldName("path");
        const alias = node.childForFieldName("name");
        if (!path) return;
        state.imports.push({
          module: state.text.slice(path.startIndex + 1, path.endIndex - 1),
          line: node.startPosition.row + 1,
          ...(alias ? { alias: alias.text } : {}),
        });
        return;
      }
      case "discard":
        collectDiscard(node, state);
        return;
    }
  },
  finish(state) {
    if (state.path?.endsWith("_test.go"))
      state.testRegions.push({ startLine: 1, endLine: state.lineCount, kind: "test file" });
  },
};

// `_ = f()`, `x, _ := f()`, `var _ = f()`: the value thrown away is often an error, but without types
// we only know it is a call result, so the mark says exactly that.
function collectDiscard(node: Node, state: CollectState): void {
  if (state.marks.some((mark) => mark.kind === "discard" && mark.start === node.startIndex)) return;
  // Go returns the error last: `_, err := conn.Read(b)` drops the count and keeps the error.
  // `var _ io.Writer = (*T)(nil)` asserts at compile time that a type implements an interface.
  if (node.type === "var_spec" && node.childForFieldName("type")) return;
  const names =
    node.type === "var_spec"
      ? node.childrenForFieldName("name")
      : (node.childForFieldName("left")?.namedChildren ?? []);
  if (names.at(-1)?.text !== "_") return;
  const values = node.childForFieldName(node.type === "var_spec" ? "value" : "right");
  const call = values?.namedChildren[0];
  const callee = call?.childForFieldName("function");
  state.marks.push({
    kind: "discard",
    start: node.startIndex,
    end: node.endIndex,
    ...linesOfNode(node),
    name: callee ? state.codeText.slice(callee.startIndex, callee.endIndex) : "",
  });
}

// A declared function's last result type, so a discard can be told apart: Go returns the error last.
function collectResult(node: Node, state: CollectState): void {
  if (node.type === "func_literal") return;
  const name = node.childForFieldName("name");
  if (!name) return;
  const result = node.childForFieldName("result");
  const last =
    result?.type === "parameter_list"
      ? result.namedChildren
          .filter((child) => child.type === "parameter_declaration")
          .at(-1)
          ?.childForFieldName("type")
      : result;
  state.marks.push({
    kind: node.type === "method_declaration" ? "method-result" : "function-result",
    start: node.startIndex,
    end: node.endIndex,
    ...linesOfNode(node),
    name: name.text,
    detail: last ? state.codeText.slice(last.startIndex, last.endIndex).replace(/\s+/g, " ") : "",
  });
}
