import { codeMatches, lineOf, literalAt, type SyntaxAnalysis } from "./syntax.js";

/** Key material written into the code: a literal passed to a cipher/HMAC/JWT call, directly or via a variable. */
export interface KeySite {
  api: string;
  /** The line of the literal. */
  line: number;
  argument: "key" | "iv";
  /** The variable that carried the literal to the call, when it was not passed directly. */
  via?: string;
  /** The line of the call. */
  callLine: number;
}

interface KeyCall {
  /** Matches the callee up to its opening parenthesis; group 1 is the API name. */
  pattern: RegExp;
  /** Positional arguments that are key material. */
  positions: Array<[number, KeySite["argument"]]>;
}

const KEYWORD_ROLES: Record<string, KeySite["argument"]> = {
  key: "key",
  secret: "key",
  iv: "iv",
  nonce: "iv",
};

const SCRIPT_CALLS: KeyCall[] = [
  {
    pattern: /\b(create(?:Cipheriv|Decipheriv))\s*\(/g,
    positions: [
      [1, "key"],
      [2, "iv"],
    ],
  },
  { pattern: /\b(createHmac)\s*\(/g, positions: [[1, "key"]] },
  { pattern: /\b(jwt\s*\.\s*(?:sign|verify))\s*\(/g, positions: [[1, "key"]] },
];

const CALLS: Record<string, KeyCall[]> = {
  python: [
    { pattern: /(?<![\w.])(AES\s*\.\s*new)\s*\(/g, positions: [[0, "key"]] },
    {
      pattern: /(?<![\w.])(algorithms\s*\.\s*(?:AES|TripleDES|ChaCha20|Camellia|Blowfish))\s*\(/g,
      positions: [[0, "key"]],
    },
    { pattern: /(?<![\w.])(modes\s*\.\s*(?:CBC|GCM|CTR|CFB|OFB))\s*\(/g, positions: [[0, "iv"]] },
    { pattern: /(?<![\w.])(Fernet)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /(?<![\w.])(hmac\s*\.\s*new)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /(?<![\w.])(jwt\s*\.\s*(?:encode|decode))\s*\(/g, positions: [[1, "key"]] },
  ],
  javascript: SCRIPT_CALLS,
  typescript: SCRIPT_CALLS,
  tsx: SCRIPT_CALLS,
  go: [
    { pattern: /(?<![\w.])(aes\s*\.\s*NewCipher)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /(?<![\w.])(hmac\s*\.\s*New)\s*\(/g, positions: [[1, "key"]] },
    { pattern: /(?<![\w.])(cipher\s*\.\s*NewCBC(?:En|De)crypter)\s*\(/g, positions: [[1, "iv"]] },
    { pattern: /\.\s*(SignedString)\s*\(/g, positions: [[0, "key"]] },
  ],
  rust: [
    { pattern: /(?<![\w:])(Key(?:\s*::\s*<[^>()]*>)?\s*::\s*from_slice)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /(?<![\w:])(Nonce(?:\s*::\s*<[^>()]*>)?\s*::\s*from_slice)\s*\(/g, positions: [[0, "iv"]] },
    { pattern: /(?<![\w:])(\w+(?:\s*::\s*<[^>()]*>)?\s*::\s*new_from_slice)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /(?<![\w:])((?:Encoding|Decoding)Key\s*::\s*from_secret)\s*\(/g, positions: [[0, "key"]] },
  ],
  java: [
    { pattern: /\bnew\s+(SecretKeySpec)\s*\(/g, positions: [[0, "key"]] },
    { pattern: /\bnew\s+(IvParameterSpec)\s*\(/g, positions: [[0, "iv"]] },
    { pattern: /\bnew\s+(GCMParameterSpec)\s*\(/g, positions: [[1, "iv"]] },
    { pattern: /\b(Algorithm\s*\.\s*HMAC\d+)\s*\(/g, positions: [[0, "key"]] },
  ],
};

/** A call's top-level arguments (offsets into the text), from the code text where strings cannot hide commas. */
export function callArguments(codeText: string, open: number): Array<{ start: number; end: number }> {
  const args: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = open + 1;
  for (let index = open + 1; index < codeText.length; index++) {
    const char = codeText[index];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if ((char === ")" || char === "]" || char === "}") && depth > 0) depth--;
    else if (char === ")" || (char === "," && depth === 0)) {
      if (codeText.slice(start, index).trim() !== "") args.push({ start, end: index });
      if (char === ")") return args;
      start = index + 1;
    }
  }
  return args;
}

/** Hard-coded keys and IVs handed to the crypto calls codeaudit knows in one analysed file. */
export function hardcodedKeySites(analysis: SyntaxAnalysis): KeySite[] {
  const calls = analysis.language ? CALLS[analysis.language] : undefined;
  if (!calls) return [];
  const sites = new Map<string, KeySite>();
  for (const call of calls) {
    for (const { match, line } of codeMatches(analysis, call.pattern)) {
      const api = (match[1] ?? "").replace(/\s+/g, "");
      const args = callArguments(analysis.codeText, match.index + match[0].length - 1);
      args.forEach((arg, index) => {
        const raw = analysis.codeText.slice(arg.start, arg.end);
        const keyword = /^\s*(\w+)\s*=(?!=)/.exec(raw);
        const role = keyword
          ? KEYWORD_ROLES[(keyword[1] ?? "").toLowerCase()]
          : call.positions.find(([position]) => position === index)?.[1];
        if (!role) return;
        const valueStart = arg.start + (keyword ? keyword[0].length : 0);
        const site = literalSite(analysis, valueStart, arg.end);
        if (!site) return;
        const entry: KeySite = {
          api,
          line: site.line,
          argument: role,
          callLine: line,
          ...(site.via ? { via: site.via } : {}),
        };
        sites.set(`${entry.line}:${role}`, sites.get(`${entry.line}:${role}`) ?? entry);
      });
    }
  }
  return [...sites.values()].sort((a, b) => a.line - b.line);
}

// `"…"`, `b"…"`, `"…".encode()`, `"…".getBytes()`, `[]byte("…")`, `Buffer.from("…")`, `&[0u8; 32]`, `new byte[]{…}`.
const LITERAL_START =
  /^\s*&?\s*(?:\[\]byte\s*\(\s*|Buffer\s*\.\s*from\s*\(\s*|[bBrRuU]{0,2}(?=["'`]))(["'`])/;
const BYTE_ARRAY = /^\s*&?\s*(?:\[\s*(?:0x[0-9a-fA-F]+|\d+)(?:u8)?\s*[;,\]]|new\s+byte\s*\[\s*\]\s*\{)/;

function literalSite(
  analysis: SyntaxAnalysis,
  start: number,
  end: number,
): { line: number; via?: string } | undefined {
  const value = analysis.codeText.slice(start, end);
  if (isLiteral(analysis, start, value)) return { line: lineOf(analysis, start + value.search(/\S/)) };
  const name = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(value)?.[1];
  if (!name) return undefined;
  const assignment = new RegExp(
    `(?<![\\w$.])${name.replace(/\$/g, "\\$")}\\s*(?::\\s*[^=\\n;]+)?(?::=|=)(?!=)`,
    "g",
  );
  for (const { match } of codeMatches(analysis, assignment)) {
    const valueAt = match.index + match[0].length;
    const rest = analysis.codeText.slice(valueAt, analysis.codeText.indexOf("\n", valueAt) + 1 || undefined);
    if (isLiteral(analysis, valueAt, rest))
      return { line: lineOf(analysis, valueAt + rest.search(/\S/)), via: name };
  }
  return undefined;
}

function isLiteral(analysis: SyntaxAnalysis, start: number, value: string): boolean {
  if (BYTE_ARRAY.test(value)) return true;
  const string = LITERAL_START.exec(value);
  if (!string) return false;
  const quoteOffset = start + string[0].length - 1;
  const content = literalAt(analysis, quoteOffset);
  return content !== undefined && content.length > 0;
}
