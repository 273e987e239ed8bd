import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import type { RepoFile } from "../src/ingest/snapshot.js";
import { baseName, ownFiles } from "./lib/files.js";
import { isTestLine, lineText, type SyntaxAnalysis, syntaxOf } from "./lib/syntax.js";
import { cryptoSites } from "./lib/syntax-crypto-sites.js";
import { defineScanner } from "./scanner.js";

const LANGUAGES = new Set(["python", "javascript", "typescript", "tsx", "go", "rust", "java"]);
const Split = z.object({ production: z.number().int(), test: z.number().int() });
const Site = { file: z.string(), line: z.number().int(), isTest: z.boolean() };

export const CryptoFacts = z.object({
  weakHashes: z.array(
    z.object({
      ...Site,
      algorithm: z.enum(["md5", "sha1"]),
      api: z.string(),
      purpose: z.enum(["security", "non-security", "protocol", "unknown"]),
      /** The standard that fixes the algorithm (purpose protocol). */
      protocol: z.string().optional(),
    }),
  ),
  weakRandom: z.array(z.object({ ...Site, api: z.string(), name: z.string() })),
  hardcodedKeys: z.array(
    z.object({
      ...Site,
      api: z.string(),
      argument: z.enum(["key", "iv"]),
      via: z.string().optional(),
      callLine: z.number().int(),
    }),
  ),
  counts: z.object({ weakHash: Split, weakRandom: Split, hardcodedKey: Split }),
  filesScanned: z.number().int(),
});
export type CryptoFacts = z.infer<typeof CryptoFacts>;

/** MD5/SHA-1, non-cryptographic randomness for secrets, and hard-coded keys and IVs. */
export const cryptoScanner = defineScanner({
  id: "crypto",
  version: "1.1.0",
  title: "Weak cryptography",
  description:
    "MD5/SHA-1 use (with its apparent purpose), non-cryptographic randomness for tokens, passwords, session ids and keys, and literal keys or IVs passed to cipher, HMAC and JWT calls.",
  areas: ["security"],
  facts: CryptoFacts,
  async run(snapshot) {
    const facts: CryptoFacts = {
      weakHashes: [],
      weakRandom: [],
      hardcodedKeys: [],
      counts: {
        weakHash: { production: 0, test: 0 },
        weakRandom: { production: 0, test: 0 },
        hardcodedKey: { production: 0, test: 0 },
      },
      filesScanned: 0,
    };
    const findings: RawFindingInput[] = [];
    for (const file of ownFiles(snapshot)) {
      if (!file.language || !LANGUAGES.has(file.language)) continue;
      const analysis = await syntaxOf(snapshot, file);
      facts.filesScanned++;
      const sites = cryptoSites(analysis);
      const testAt = (line: number) => file.isTest || isTestLine(analysis, line);
      for (const site of sites.weakHashes) {
        const entry = { file: file.path, isTest: testAt(site.line), ...site };
        facts.weakHashes.push(entry);
        facts.counts.weakHash[entry.isTest ? "test" : "production"]++;
        // A call that declares itself not for security (`usedforsecurity=False`) is counted, not reported.
        if (!entry.isTest && !site.declared) findings.push(weakHashFinding(file, analysis, entry));
      }
      for (const site of sites.weakRandom) {
        const isTest = testAt(site.line);
        facts.weakRandom.push({ file: file.path, isTest, ...site });
        facts.counts.weakRandom[isTest ? "test" : "production"]++;
        if (!isTest)
          findings.push(
            at(file, analysis, site.line, {
              ruleId: "crypto/weak-random",
              area: "security",
              severity: "high",
              title: `Predictable randomness (\`${site.api}\`) for a ${site.name} in ${baseName(file.path)}`,
              description: `\`${site.api}\` is not a cryptographic generator: its output can be predicted from earlier values, so a ${site.name} made from it can be guessed.`,
              recommendation: recommendRandom(file.language ?? ""),
            }),
          );
      }
      for (const site of sites.hardcodedKeys) {
        const isTest = testAt(site.line);
        facts.hardcodedKeys.push({ file: file.path, isTest, ...site });
        facts.counts.hardcodedKey[isTest ? "test" : "production"]++;
        if (isTest) continue;
        const what = site.argument === "key" ? "key" : "IV / nonce";
        findings.push(
          at(file, analysis, site.line, {
            ruleId: `crypto/hardcoded-${site.argument}`,
            area: "security",
            severity: site.argument === "key" ? "high" : "medium",
            title: `Hard-coded ${what} for \`${site.api}\` in ${baseName(file.path)}`,
            description:
              site.argument === "key"
                ? `A literal${site.via ? ` (via \`${site.via}\`)` : ""} is used as the ${what} of \`${site.api}\` at line ${site.callLine}: anyone with the source can decrypt or forge, and it cannot be rotated without a release.`
                : `A fixed ${what}${site.via ? ` (via \`${site.via}\`)` : ""} is passed to \`${site.api}\` at line ${site.callLine}: reusing an IV or nonce leaks plaintext relationships (and breaks GCM entirely).`,
            recommendation:
              site.argument === "key"
                ? "Load keys from a secret store or environment at runtime and rotate the exposed one."
                : "Generate a fresh random IV/nonce per message (and send it with the ciphertext).",
          }),
        );
      }
    }
    const strengths =
      facts.filesScanned > 0 &&
      facts.counts.weakHash.production +
        facts.counts.weakRandom.production +
        facts.counts.hardcodedKey.production ===
        0
        ? [
            {
              area: "security" as const,
              text: "No MD5/SHA-1, predictable randomness for secrets, or hard-coded keys in production code.",
            },
          ]
        : [];
    return { facts, findings, strengths };
  },
});

function at(
  file: RepoFile,
  analysis: SyntaxAnalysis,
  line: number,
  fields: Omit<RawFindingInput, "location" | "evidence">,
): RawFindingInput {
  return {
    ...fields,
    location: { file: file.path, startLine: line, endLine: line },
    evidence: lineText(analysis, line),
  };
}

function weakHashFinding(
  file: RepoFile,
  analysis: SyntaxAnalysis,
  site: CryptoFacts["weakHashes"][number],
): RawFindingInput {
  const name = site.algorithm === "md5" ? "MD5" : "SHA-1";
  const purposes = {
    security: {
      severity: "high" as const,
      note: `${name} is broken for this purpose: collisions are cheap and, for passwords, brute force is fast.`,
    },
    unknown: {
      severity: "medium" as const,
      note: `${name} is broken for signatures, integrity against tampering and passwords; check what this hash protects.`,
    },
    "non-security": {
      severity: "info" as const,
      note: `This looks like a non-security use (cache key, ETag, checksum), where ${name} is acceptable; it is listed so the purpose can be confirmed.`,
    },
    protocol: {
      severity: "info" as const,
      note: `${site.protocol ?? "The protocol implemented here"} fixes ${name} at this point, so it cannot be replaced without breaking interoperability; it is listed so the use of that protocol can be confirmed.`,
    },
  };
  const purpose = purposes[site.purpose];
  return at(file, analysis, site.line, {
    ruleId: `crypto/weak-hash-${site.algorithm}`,
    area: "security",
    severity: purpose.severity,
    title: `${name} (\`${site.api}\`) in ${baseName(file.path)}`,
    description: purpose.note,
    recommendation:
      site.purpose === "protocol"
        ? "Nothing to change at this call; where the protocol offers a stronger algorithm (SHA-256 Digest, UUID v7), prefer it."
        : site.purpose === "non-security"
          ? "If it is only a cache key or checksum, mark it as such (e.g. `usedforsecurity=False`); otherwise use SHA-256 or better."
          : "Use SHA-256/SHA-3 (or BLAKE2) for integrity, HMAC-SHA-256 for authentication, and argon2/bcrypt/scrypt for passwords.",
  });
}

function recommendRandom(language: string): string {
  if (language === "python") return "Use the `secrets` module (`secrets.token_urlsafe()`, `secrets.choice`).";
  if (language === "go") return "Use `crypto/rand` (e.g. `rand.Read`, or `rand.Text()` in Go 1.24+).";
  if (language === "java") return "Use `java.security.SecureRandom`.";
  if (language === "rust") return "Use `rand::rngs::OsRng` or `rand::thread_rng()` (a CSPRNG).";
  return "Use `crypto.randomBytes` / `crypto.randomUUID()` (Node) or `crypto.getRandomValues` (browser).";
}
