import type { ConfigHardcodingFacts } from "../../../../tools/config-hardcoding.js";
import { HARDCODED_KINDS } from "../../../../tools/lib/hardcoded-values.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const RISK = { high: "❌", medium: "⚠️", low: "⚠️", note: "✅" } as const;
const SHOWN = 30;

export const configHardcodingSection: FactsSection<ConfigHardcodingFacts> = {
  render(facts) {
    const parts = [
      "### Hard-coded configuration",
      table(
        ["Kind", "Production", "Test"],
        HARDCODED_KINDS.map((kind) => [kind, facts.production[kind], facts.test[kind]]),
      ),
    ];
    if (facts.entries.length > 0) {
      parts.push(
        "",
        table(
          ["Location", "Value", "Kind"],
          facts.entries
            .slice(0, SHOWN)
            .map((entry) => [
              code(`${entry.file}:${entry.line}`),
              code(entry.kind === "credential-default" ? "<redacted>" : entry.value),
              `${RISK[entry.risk]} ${entry.kind}${entry.detail === "model name" || entry.detail === entry.kind ? "" : ` (${entry.detail})`}`,
            ]),
        ),
      );
      const more = facts.entries.length - SHOWN + facts.truncated;
      if (more > 0) parts.push("", `… and ${more} more (see the JSON report).`);
    }
    if (facts.envVars.length > 0)
      parts.push(
        "",
        `Environment variables read by production code (${facts.envVars.length}): ${facts.envVars
          .slice(0, 40)
          .map((entry) => code(entry.name))
          .join(", ")}${facts.envVars.length > 40 ? ", …" : ""}.`,
      );
    return parts.join("\n");
  },
  checklist(facts) {
    if (facts.filesScanned === 0) return [];
    const credentials = facts.production["credential-default"];
    const risky = facts.entries.filter(
      (entry) => entry.risk !== "note" && entry.kind !== "credential-default",
    );
    return [
      {
        category: "Configuration (no hard-coded values)",
        status: credentials > 0 ? "❌ Missing" : risky.length > 0 ? "⚠️ Partial" : "✅ Good",
        notes:
          credentials > 0
            ? `${credentials} default credential(s) in code`
            : risky.length > 0
              ? `${risky.length} hard-coded value(s) worth moving to configuration`
              : `${facts.envVars.length} environment variables read; no risky literals`,
      },
    ];
  },
};
