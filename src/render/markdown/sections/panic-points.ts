import type { PanicPointsFacts } from "../../../../tools/panic-points.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const MAX_SITES = 25;

export const panicPointsSection: FactsSection<PanicPointsFacts> = {
  render(facts) {
    const parts = ["### Panic points and swallowed errors"];
    if (facts.categories.length === 0) {
      parts.push("", "No Rust, Python, TypeScript/JavaScript or Go files to scan.");
      return parts.join("\n");
    }
    parts.push(
      "",
      table(
        ["Category", "Production", "Test", ""],
        facts.categories.map((row) => [
          row.label,
          `**${row.production}**`,
          row.test,
          row.production === 0 ? "✅ Clean" : "⚠️",
        ]),
      ),
    );
    const production = facts.sites.filter((site) => !site.isTest);
    if (production.length > 0) {
      parts.push("", "Production sites:", "");
      const labels = new Map(facts.categories.map((row) => [row.id, row.label]));
      for (const site of production.slice(0, MAX_SITES))
        parts.push(
          `- ${code(`${site.file}:${site.line}`)} ${labels.get(site.category) ?? site.category}: ${code(site.text)}`,
        );
      if (production.length > MAX_SITES)
        parts.push(`- … and ${production.length - MAX_SITES} more (see the JSON report)`);
    }
    const method =
      facts.methods.lexical > 0
        ? ` ${facts.methods.lexical} of ${facts.filesScanned} files had no usable grammar and were read lexically.`
        : "";
    parts.push(
      "",
      `Counted from the syntax tree: occurrences in strings and comments never count; test files and test regions (\`#[cfg(test)]\`, \`describe\` blocks) count as test.${method}`,
    );
    return parts.join("\n");
  },
};
