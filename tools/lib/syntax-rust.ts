import type { Node } from "web-tree-sitter";
import { type CollectState, functionOf, type LanguageSpec, linesOfNode } from "./syntax-spec.js";

// `#[test]`, `#[tokio::test]`, `#[sqlx::test]`, `#[rstest]`, `#[test_case(…)]`; `#[cfg(…)]` is read by `cfgRequiresTest`.
const TEST_ATTRIBUTE =
  /^#!?\[\s*(?:(?:[\w]+::)*test\s*(?:\]|\()|rstest\b|test_case\b|wasm_bindgen_test\b|proptest\b|quickcheck\b)/;
const CFG_ATTRIBUTE = /^#!?\[\s*cfg\s*\(([\s\S]*)\)\s*\]$/;

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
    "(function_type) @fn-pointer-type",
    "(macro_rule left: (token_tree_pattern) @macro-matcher)",
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
      // Spans that hold no code of their own: an `unsafe fn(…)` pointer type declares no unsafe
      // function, and a macro_rules matcher only describes the tokens a call may pass.
      case "fn-pointer-type":
      case "macro-matcher":
        state.marks.push({ kind: name, start: node.startIndex, end: node.endIndex, ...linesOfNode(node) });
        return;
    }
  },
};

function collectTestAttribute(name: string, node: Node, state: CollectState): void {
  const text = state.codeText.slice(node.startIndex, node.endIndex);
  const cfg = CFG_ATTRIBUTE.exec(text);
  if (cfg ? !cfgRequiresTest(cfg[1] ?? "") : !TEST_ATTRIBUTE.test(text)) return;
  const kind = cfg ? "cfg(test)" : "test function";
  if (name === "inner-attribute") {
    state.testRegions.push({ startLine: 1, endLine: state.lineCount, kind });
    return;
  }
  let item = node.nextNamedSibling;
  while (item && (item.type === "attribute_item" || /comment/.test(item.type))) item = item.nextNamedSibling;
  if (!item) return;
  state.testRegions.push({ startLine: linesOfNode(node).line, endLine: linesOfNode(item).endLine, kind });
}

/**
 * True when a cfg predicate holds only under test: `test`, or `all(…)` with such an argument
 * (`all(feature = "x", test)`); not `any(test, …)` or `not(test)`. String contents arrive blanked.
 */
export function cfgRequiresTest(predicate: string): boolean {
  const trimmed = predicate.trim();
  if (trimmed === "test") return true;
  const all = /^all\s*\(([\s\S]*)\)$/.exec(trimmed);
  if (!all) return false;
  const argumentsText = all[1] ?? "";
  let depth = 0;
  let start = 0;
  for (let index = 0; index <= argumentsText.length; index++) {
    const char = argumentsText[index];
    if (char === "(") depth++;
    else if (char === ")") depth--;
    else if ((char === "," && depth === 0) || char === undefined) {
      if (cfgRequiresTest(argumentsText.slice(start, index))) return true;
      start = index + 1;
    }
  }
  return false;
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
