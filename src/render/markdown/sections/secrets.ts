import type { SecretsFacts } from "../../../../tools/secrets.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const MAX_SITES = 25;

export const secretsSection: FactsSection<SecretsFacts> = {
  render(facts) {
    const parts = ["### Secrets"];
    if (facts.sites.length === 0) {
      parts.push("", `No hard-coded credentials in ${facts.filesScanned} files scanned. ✅`);
    } else {
      parts.push(
        "",
        table(
          ["Kind", "Production", "Test / examples"],
          facts.byKind.map((row) => [code(row.kind), row.production, row.test]),
        ),
        "",
        "Only a masked preview of each value is shown; the values are redacted from every excerpt in this report.",
        "",
        table(
          ["Location", "Kind", "Detector", "Preview", "Severity"],
          [...facts.sites]
            .sort((a, b) => Number(a.isTest) - Number(b.isTest))
            .slice(0, MAX_SITES)
            .map((site) => [
              code(`${site.file}:${site.span.line}`),
              site.name ? `${site.kind} (${code(site.name)})` : site.kind,
              site.detector === "secretlint" ? `secretlint ${site.rule}` : "entropy",
              code(site.preview),
              site.severity.toUpperCase(),
            ]),
        ),
      );
      if (facts.sites.length > MAX_SITES)
        parts.push("", `… and ${facts.sites.length - MAX_SITES} more (see the JSON report).`);
    }
    const { reference, placeholder, "test-value": testValue, "uuid-or-hash": hashes } = facts.suppressed;
    if (reference + placeholder + testValue + hashes > 0)
      parts.push(
        "",
        `Filtered out as not secrets: ${reference} references to variables or files, ${placeholder} placeholders, ${testValue} test or dummy values, ${hashes} UUIDs or hashes.`,
      );
    return parts.join("\n");
  },
  checklist(facts) {
    return [
      {
        category: "Secrets management",
        status: facts.total.production > 0 ? "❌ Missing" : facts.total.test > 0 ? "⚠️ Partial" : "✅ Good",
        notes:
          facts.total.production > 0
            ? `${facts.total.production} hard-coded credential(s) in production files`
            : facts.total.test > 0
              ? `credential-shaped values in ${facts.total.test} test/example site(s) only`
              : `no hard-coded credentials in ${facts.filesScanned} files`,
      },
    ];
  },
};
