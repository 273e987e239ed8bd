import type { CryptoFacts } from "../../../../tools/crypto.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const MAX_SITES = 25;

export const cryptoSection: FactsSection<CryptoFacts> = {
  render(facts) {
    const { weakHash, weakRandom, hardcodedKey } = facts.counts;
    const parts = [
      "### Cryptography",
      "",
      table(
        ["Check", "Production", "Test"],
        [
          ["MD5 / SHA-1", weakHash.production, weakHash.test],
          ["Predictable randomness for secrets", weakRandom.production, weakRandom.test],
          ["Hard-coded keys / IVs", hardcodedKey.production, hardcodedKey.test],
        ],
      ),
    ];
    const at = (site: { file: string; line: number }) => code(`${site.file}:${site.line}`);
    const rows: Array<[string, string, string]> = [
      ...facts.weakHashes
        .filter((site) => !site.isTest)
        .map((site): [string, string, string] => [
          at(site),
          code(site.api),
          site.purpose === "non-security"
            ? "weak hash, looks like a cache key / checksum"
            : site.purpose === "protocol"
              ? `weak hash fixed by ${site.protocol ?? "the protocol"}`
              : `weak hash (${site.purpose} purpose)`,
        ]),
      ...facts.weakRandom
        .filter((site) => !site.isTest)
        .map((site): [string, string, string] => [at(site), code(site.api), `predictable ${site.name}`]),
      ...facts.hardcodedKeys
        .filter((site) => !site.isTest)
        .map((site): [string, string, string] => [
          at(site),
          code(site.api),
          `hard-coded ${site.argument}${site.via ? ` via ${code(site.via)}` : ""}`,
        ]),
    ];
    const production = rows.length;
    if (production === 0)
      parts.push("", `No weak cryptography in production code (${facts.filesScanned} files). ✅`);
    else {
      parts.push("", table(["Location", "API", "Issue"], rows.slice(0, MAX_SITES)));
      if (rows.length > MAX_SITES)
        parts.push("", `… and ${rows.length - MAX_SITES} more (see the JSON report).`);
    }
    return parts.join("\n");
  },
  checklist(facts) {
    const { hardcodedKey, weakRandom } = facts.counts;
    const riskyHashes = facts.weakHashes.filter(
      (site) => !site.isTest && (site.purpose === "security" || site.purpose === "unknown"),
    ).length;
    const broken = hardcodedKey.production + weakRandom.production;
    return [
      {
        category: "Cryptography",
        status: broken > 0 ? "❌ Missing" : riskyHashes > 0 ? "⚠️ Partial" : "✅ Good",
        notes:
          broken > 0
            ? `${hardcodedKey.production} hard-coded key(s)/IV(s), ${weakRandom.production} predictable secret(s)`
            : riskyHashes > 0
              ? `${riskyHashes} MD5/SHA-1 use(s) of unclear or security purpose`
              : "no weak hashes for security, predictable secrets or hard-coded keys",
      },
    ];
  },
};
