import type { Node } from "web-tree-sitter";
import { type CollectState, functionOf, type LanguageSpec, linesOfNode } from "./syntax-spec.js";

// `#[test]`, `#[tokio::test]`, `#[sqlx::test]`, `#[rstest]`, `#[test_case(…)]`, `#[cfg(test)]`,
// `#[cfg(all(test, …))]`; not `#[cfg(not(test))]`.
const TEST_ATTRIBUTE =
  /^#!?\[\s*(?:cfg\s*\(\s*(?:all\s*\(\s*)?test\b|(?:[\w]+::)*test\s*(?:\]|\()|rstest\b|test_case\b|wasm_bindgen_test\b|proptest\b|quickcheck\b)/;

/** Rust: comments, string contents, test attributes, functions/closures/async blocks and `use`d crates. */
export const rustSpec: LanguageSpec = {
  comments: ["line_comment", "block_comment"],
  strings: ["string_content", "escape_sequence", "char_literal"],
  patterns: [
    "(attribute_item) @attribute",
    "(inner_attribute_item) @inner-attribute",
    "(function_item) @function",
    "(closure_expression) @closure",
    "(async_block) @async-block",
    "(use_declaration argument: (_) @use)",
    "(extern_crate_declaration name: (identifier) @extern-crate)",
  ],
  collect(name, node, state) {
    switch (name) {
      case "attribute":
      case "inner-attribute":
        collectTestAttribute(name, node, state);
        return;
      case "function":
        state.functions.push(functionOf(node, state, node.childForFieldName("name")?.text ?? "<fn>"));
        return;
      case "closure":
        state.functions.push(functionOf(node, state, "<closure>"));
        return;
      case "async-block":
        state.functions.push(functionOf(node, state, "<async block>", { forceAsync: true }));
        return;
      case "use":
        for (const crate of useRoots(state.codeText.slice(node.startIndex, node.endIndex)))
          state.imports.push({ module: crate, line: node.startPosition.row + 1 });
        return;
      case "extern-crate":
        state.imports.push({ module: node.text, line: node.startPosition.row + 1 });
        return;
    }
  },
};

function collectTestAttribute(name: string, node: Node, state: CollectState): void {
  const text = state.codeText.slice(node.startIndex, node.endIndex);
  if (!TEST_ATTRIBUTE.test(text)) return;
  const kind = /cfg/.test(text) ? "cfg(test)" : "test function";
  if (name === "inner-attribute") {
    state.testRegions.push({ startLine: 1, endLine: state.lineCount, kind });
    return;
  }
  let item = node.nextNamedSibling;
  while (item && (item.type === "attribute_item" || /comment/.test(item.type))) item = item.nextNamedSibling;
  if (!item) return;
  state.testRegions.push({ startLine: linesOfNode(node).line, endLine: linesOfNode(item).endLine, kind });
}

/** The first path segment of each path a `use` argument names (`a::b`, `{a::x, b}`, `a as c`). */
function useRoots(argument: string): string[] {
  const trimmed = argument.replace(/^::/, "").trim();
  if (!trimmed.startsWith("{")) {
    const root = /^(\w+)/.exec(trimmed)?.[1];
    return root ? [root] : [];
  }
  const roots = new Set<string>();
  let depth = 0;
  let segmentStart = true;
  for (let index = 0; index < trimmed.length; index++) {
    const char = trimmed[index] as string;
    if (char === "{") {
      depth++;
      segmentStart = depth === 1;
    } else if (char === "}") depth--;
    else if (char === "," && depth === 1) segmentStart = true;
    else if (segmentStart && depth === 1 && /\w/.test(char)) {
      const root = /^\w+/.exec(trimmed.slice(index))?.[0] ?? "";
      roots.add(root);
      index += root.length - 1;
      segmentStart = false;
    } else if (!/\s|:/.test(char)) segmentStart = false;
  }
  return [...roots];
}
