import type { SizeFacts } from "../../../../tools/size.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

export const sizeSection: FactsSection<SizeFacts> = {
  render(facts) {
    const rows = facts.languages.map((row) => [
      row.language,
      row.files,
      row.code,
      row.comment,
      row.blank,
      row.testFiles,
      row.testCode,
      row.method,
    ]);
    const parts = [
      "### Size and languages",
      table(["Language", "Files", "Code", "Comment", "Blank", "Test files", "Test code", "Method"], rows),
      "",
      table(
        ["", "Files", "Lines of code"],
        [
          ["Production", facts.production.files, facts.production.code],
          ["Test", facts.test.files, facts.test.code],
        ],
      ),
      "",
      `Test-to-code ratio: **${facts.testToCodeRatio ?? "n/a"}** (test code lines per production code line). Vendored files excluded: ${facts.excluded.vendoredFiles}; generated files excluded: ${facts.excluded.generatedFiles}.`,
    ];
    if (facts.largestFiles.length > 0) {
      parts.push(
        "",
        "Largest source files:",
        "",
        table(
          ["File", "Lines", "Code"],
          facts.largestFiles.slice(0, 5).map((file) => [code(file.path), file.lines, file.code]),
        ),
      );
    }
    return parts.join("\n");
  },
  checklist(facts) {
    const ratio = facts.testToCodeRatio;
    return [
      {
        category: "Automated tests",
        status:
          facts.test.files === 0 ? "❌ Missing" : ratio !== null && ratio < 0.2 ? "⚠️ Partial" : "✅ Good",
        notes: `${facts.test.files} test files, ratio ${ratio ?? "n/a"}`,
      },
    ];
  },
};
