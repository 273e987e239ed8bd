import type { ErrorHandlingFacts } from "../../../../tools/error-handling.js";
import { code, table } from "../text.js";
import type { ChecklistItem, FactsSection } from "./section.js";

const ASSESSMENT = { typed: "✅", dynamic: "⚠️", none: "⚠️" } as const;

export const errorHandlingSection: FactsSection<ErrorHandlingFacts> = {
  render(facts) {
    const parts = ["### Error types"];
    if (facts.packages.length === 0)
      parts.push("", "No Rust, Python, TypeScript/JavaScript or Go packages found.");
    else
      parts.push(
        "",
        table(
          ["Package", "Kind", "Files", "Error strategy", ""],
          facts.packages.map((row) => [
            `${code(row.name)}${row.root ? ` (${code(row.root)})` : ""}`,
            row.ecosystem === "rust" ? `${row.kind} crate` : row.ecosystem,
            row.sourceFiles,
            row.strategy,
            ASSESSMENT[row.status],
          ]),
        ),
      );
    if (facts.unusedDependencies.length > 0)
      parts.push(
        "",
        "Declared but never imported or referenced by the package's code:",
        "",
        table(
          ["Dependency", "Declared at", "Scope"],
          facts.unusedDependencies.map((entry) => [
            code(entry.name),
            code(`${entry.manifest}:${entry.line}`),
            entry.scope,
          ]),
        ),
      );
    else if (facts.dependenciesChecked > 0)
      parts.push("", `All ${facts.dependenciesChecked} declared dependencies checked are used. ✅`);
    return parts.join("\n");
  },
  checklist(facts) {
    if (facts.packages.length === 0) return [];
    const typed = facts.packages.filter((row) => row.status === "typed");
    const untyped = facts.packages.filter((row) => row.status !== "typed");
    const anyhowOnly = untyped.filter((row) => row.ecosystem === "rust" && row.signals.anyhowFiles > 0);
    const item: ChecklistItem = {
      category: "Error handling",
      status: untyped.length === 0 ? "✅ Good" : "⚠️ Partial",
      notes:
        untyped.length === 0
          ? `typed errors in all ${facts.packages.length} package(s)`
          : anyhowOnly.length === untyped.length && typed.length === 0
            ? "`anyhow` everywhere; no typed errors"
            : `typed errors in ${typed.length} of ${facts.packages.length} package(s); ${untyped
                .slice(0, 3)
                .map((row) => `${row.name}: ${row.strategy}`)
                .join("; ")}`,
    };
    return [item];
  },
};
