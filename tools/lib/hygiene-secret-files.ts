import type { RawFindingInput } from "../../schemas/index.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { linesOf, splitLines } from "./evidence.js";
import { baseName } from "./files.js";

/** Vendored, test, example or fixture files, whose layout is not the project's own. */
export function isVendoredOrFixture(filePath: string, snapshot: RepoSnapshot): boolean {
  const file = snapshot.file(filePath);
  return (
    (file?.isVendored ?? false) ||
    (file?.isTest ?? false) ||
    /(^|\/)(_?examples?|samples?|fixtures|testdata)\//.test(filePath)
  );
}

const ENV_FILE = /^\.env(\.[\w-]+)?$/;
/** Variables bundlers inline into browser code; their values are public by design. */
const PUBLIC_VARIABLE =
  /^\s*(export\s+)?(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_)\w*\s*=/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?|tpl)$/i;
const PRIVATE_KEY_NAME = /^(id_rsa|id_dsa|id_ecdsa|id_ed25519)$|\.(pem|key|p12|pfx|jks|keystore)$/i;
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const CREDENTIAL_FILES =
  /^(credentials(\.json)?|\.htpasswd|\.pgpass|\.netrc|\.git-credentials|service[-_]?account.*\.json)$/i;

/** An env file with values, a private key or a credentials file found in the repository. */
export interface CommittedSecretFile {
  file: string;
  kind: string;
  line?: number;
}

/**
 * Env files with values, private keys and credentials files in the repository (never their
 * contents: evidence is masked), each also reported as a finding.
 */
export async function findCommittedSecretFiles(
  snapshot: RepoSnapshot,
  allPaths: string[],
  findings: RawFindingInput[],
): Promise<CommittedSecretFile[]> {
  const found: CommittedSecretFile[] = [];
  for (const p of allPaths) {
    const name = baseName(p);
    const file = snapshot.file(p);
    if (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name) && file) {
      // Example apps and fixtures ship their local defaults on purpose.
      if (isVendoredOrFixture(p, snapshot)) continue;
      const lines = splitLines(await snapshot.read(p));
      const index = lines.findIndex(
        (line) =>
          /^\s*(export\s+)?[A-Za-z_][\w.]*\s*=\s*\S/.test(line) &&
          !/=\s*(["']?)\s*\1\s*(#.*)?$/.test(line) &&
          !PUBLIC_VARIABLE.test(line),
      );
      if (index === -1) continue;
      found.push({ file: p, kind: "env-file", line: index + 1 });
      findings.push({
        ruleId: "hygiene/committed-env-file",
        area: "security",
        severity: "high",
        title: "Environment file with values is in the repository",
        description: `${p} assigns values to variables and is not ignored; environment files usually hold credentials, and anything committed stays in the git history.`,
        recommendation:
          "Remove the file from the repository (and its history if it held real secrets), rotate any credential it held, ignore .env files, and commit a .env.example with placeholders instead.",
        location: { file: p, startLine: index + 1, endLine: index + 1 },
        evidence: maskAssignment(lines[index] ?? ""),
      });
      continue;
    }
    let keyLine: number | undefined;
    if (file && file.size < 64 * 1024) {
      const text = await snapshot.read(p);
      const match = PRIVATE_KEY_BLOCK.exec(text);
      if (match && !file.isTest) keyLine = text.slice(0, match.index).split("\n").length;
    }
    if (
      keyLine !== undefined ||
      (PRIVATE_KEY_NAME.test(name) &&
        !file?.isTest &&
        !/\.(pub|crt|cer)$/.test(name) &&
        !/public/i.test(name))
    ) {
      if (
        keyLine === undefined &&
        file &&
        !PRIVATE_KEY_BLOCK.test(await snapshot.read(p)) &&
        /\.pem$/i.test(name)
      )
        continue;
      found.push({ file: p, kind: "private-key", ...(keyLine ? { line: keyLine } : {}) });
      findings.push({
        ruleId: "hygiene/committed-private-key",
        area: "security",
        severity: "critical",
        title: "Private key committed to the repository",
        description: `${p} is a private key (or key store) in the repository; anyone with read access to the code or its history holds the key.`,
        recommendation:
          "Revoke and replace the key, remove it from the repository and its history, and load keys from a secret store at run time.",
        ...(keyLine && file
          ? {
              location: { file: p, startLine: keyLine, endLine: keyLine },
              evidence: linesOf(await snapshot.read(p), keyLine),
            }
          : {}),
      });
      continue;
    }
    if (CREDENTIAL_FILES.test(name) && !file?.isTest) {
      if (/service[-_]?account/i.test(name) && file && !/"private_key"/.test(await snapshot.read(p)))
        continue;
      found.push({ file: p, kind: "credentials-file" });
      findings.push({
        ruleId: "hygiene/committed-credentials-file",
        area: "security",
        severity: "high",
        title: "Credentials file committed to the repository",
        description: `${p} is a credentials file; its contents are readable by everyone with access to the repository and its history.`,
        recommendation:
          "Remove it from the repository and history, rotate what it contained, and ignore it in .gitignore.",
      });
    }
  }
  return found;
}

/** `KEY=value` with the value hidden, so evidence never carries the secret itself. */
function maskAssignment(line: string): string {
  return line.replace(/^(\s*(?:export\s+)?[A-Za-z_][\w.]*\s*=\s*).*/, "$1<redacted>");
}
