import { goSpec } from "./syntax-go.js";
import { javascriptSpec, typescriptSpec } from "./syntax-javascript.js";
import { pythonSpec } from "./syntax-python.js";
import { rustSpec } from "./syntax-rust.js";
import { functionOf, type LanguageSpec } from "./syntax-spec.js";

const javaSpec: LanguageSpec = {
  comments: ["line_comment", "block_comment"],
  strings: ["string_fragment", "multiline_string_fragment", "escape_sequence", "character_literal"],
  commentsNotIn: ["string_literal"],
  patterns: [
    "[(method_declaration) (constructor_declaration) (lambda_expression)] @function",
    "(import_declaration) @import",
  ],
  collect(name, node, state) {
    if (name === "function")
      state.functions.push(functionOf(node, state, node.childForFieldName("name")?.text ?? "<lambda>"));
    if (name === "import") {
      const path = /import\s+(?:static\s+)?([\w.]+)/.exec(
        state.codeText.slice(node.startIndex, node.endIndex),
      );
      if (path?.[1]) state.imports.push({ module: path[1], line: node.startPosition.row + 1 });
    }
  },
};

/** How each language with a grammar is read; the others only need comments and literals masked. */
export const LANGUAGE_SPECS: Record<string, LanguageSpec> = {
  rust: rustSpec,
  python: pythonSpec,
  javascript: javascriptSpec,
  typescript: typescriptSpec,
  tsx: typescriptSpec,
  go: goSpec,
  java: javaSpec,
  csharp: {
    comments: ["comment"],
    strings: ["string_literal_content", "raw_string_content", "character_literal_content", "escape_sequence"],
  },
  cpp: {
    comments: ["comment"],
    strings: ["string_content", "raw_string_content", "char_literal", "escape_sequence"],
  },
  ruby: { comments: ["comment"], strings: ["string_content", "heredoc_content", "escape_sequence"] },
  php: { comments: ["comment"], strings: ["string_content", "escape_sequence"] },
  shell: { comments: ["comment"], strings: ["string_content", "raw_string", "heredoc_content"] },
  css: { comments: ["comment", "js_comment"], strings: ["string_content"] },
};
