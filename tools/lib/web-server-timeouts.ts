import { type Ecosystem, ecosystemOf } from "./packages.js";
import { blankStrings, matchCode, type SourceText } from "./source-text.js";

/** How a server ends up without timeouts. */
export const TIMEOUT_GAPS = [
  "listen-helper",
  "server-literal",
  "gin-run",
  "echo-start",
  "timeout-disabled",
] as const;
export type TimeoutGap = (typeof TIMEOUT_GAPS)[number];

/** A line that starts or builds a server without timeouts, and the timeouts it leaves unset. */
export interface TimeoutSite {
  line: number;
  kind: TimeoutGap;
  missing: string[];
}

/** Cheap pre-check on the raw text of a file that could hold a server without timeouts. */
export const SERVER_TIMEOUT_CANDIDATE: Partial<Record<Ecosystem, RegExp>> = {
  go: /\.(?:ListenAndServe|Serve(?:TLS)?)\s*\(|\.Server\s*\{|\b(?:gin|echo)\.(?:Default|New)\s*\(|\*(?:gin\.Engine|echo\.Echo)\b/,
  node: /\.(?:headersTimeout|requestTimeout)\s*=/,
};

const GO_TIMEOUTS = ["ReadHeaderTimeout", "ReadTimeout", "WriteTimeout", "IdleTimeout"];
const LITERAL_LINES = 200;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where a file starts or builds an HTTP server that leaves slow clients unbounded. */
export function serverTimeoutGaps(
  source: SourceText,
  context: { gin: boolean; echo: boolean; serverFile: boolean },
): TimeoutSite[] {
  if (source.language === "go") return goGaps(source, context);
  if (context.serverFile && ecosystemOf(source.language) === "node")
    return matchCode(source, /\.(headersTimeout|requestTimeout)\s*=\s*0\s*(?:;|$)/g, {
      startInCode: true,
    }).map((hit) => ({ line: hit.line, kind: "timeout-disabled", missing: [hit.match[1] ?? ""] }));
  return [];
}

function goGaps(source: SourceText, context: { gin: boolean; echo: boolean }): TimeoutSite[] {
  const sites: TimeoutSite[] = [];
  const code = source.code.join("\n");
  const all = [...GO_TIMEOUTS];
  const pkg = netHttpName(source);
  if (pkg) {
    // The package-level helpers build a zero `http.Server`, which has no timeouts at all.
    for (const hit of matchCode(
      source,
      new RegExp(String.raw`(?<![\w.])${pkg}\.(?:ListenAndServe(?:TLS)?|Serve(?:TLS)?)\s*\(`, "g"),
      { startInCode: true },
    ))
      sites.push({ line: hit.line, kind: "listen-helper", missing: all });
    // A literal, not a type: `*http.Server {` opens a function body that returns one.
    const literal = new RegExp(String.raw`(?:&\s*|(?:^|[=(,:{]|\breturn)\s*)${pkg}\.Server\s*\{`, "g");
    for (const hit of matchCode(source, literal, { startInCode: true })) {
      const body = literalBody(source, hit.line - 1, hit.column - 1 + hit.match[0].length - 1);
      const before = (source.code[hit.line - 1] ?? "").slice(0, hit.column - 1 + hit.match[0].search(/&|\w/));
      const name = /([\w.]+)\s*:?=\s*$/.exec(before)?.[1];
      // Fields set on the variable after the literal (`srv.ReadHeaderTimeout = …`) count as set.
      const later = name
        ? code
            .split("\n")
            .slice(hit.line)
            .join("\n")
            .match(new RegExp(String.raw`\b${escapeRegExp(name)}\.(\w+Timeout)\s*=(?!=)`, "g"))
        : null;
      const set = (field: string) =>
        new RegExp(String.raw`\b${field}\s*:`).test(body) ||
        (later ?? []).some((assignment) => assignment.includes(`.${field}`));
      // Either read timeout bounds the time a client may take to send its headers.
      if (set("ReadHeaderTimeout") || set("ReadTimeout")) continue;
      sites.push({ line: hit.line, kind: "server-literal", missing: all.filter((field) => !set(field)) });
    }
  }
  const starts: Array<[boolean, RegExp, RegExp, TimeoutGap]> = [
    [
      context.gin,
      /\b(\w+)\s*(?::=|=)\s*gin\.(?:Default|New)\s*\(|\b(\w+)\s+\*gin\.Engine\b/g,
      /Run(?:TLS)?/,
      "gin-run",
    ],
    [
      context.echo,
      /\b(\w+)\s*(?::=|=)\s*echo\.New\s*\(|\b(\w+)\s+\*echo\.Echo\b/g,
      /Start(?:TLS|AutoTLS)?/,
      "echo-start",
    ],
  ];
  for (const [detected, declaration, call, kind] of starts) {
    if (!detected) continue;
    const names = new Set(
      matchCode(source, declaration, { startInCode: true }).flatMap(
        (hit) => hit.match[1] ?? hit.match[2] ?? [],
      ),
    );
    for (const name of names) {
      // Echo serves through `e.Server`; timeouts set on it, or a server put in its place, apply.
      const configured = new RegExp(
        String.raw`\b${name}\.Server(?:\.(?:ReadHeaderTimeout|ReadTimeout))?\s*=(?!=)`,
      );
      if (kind === "echo-start" && configured.test(code)) continue;
      for (const hit of matchCode(source, new RegExp(String.raw`\b${name}\.${call.source}\s*\(`, "g"), {
        startInCode: true,
      }))
        sites.push({ line: hit.line, kind, missing: all });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** The name `net/http` is imported under in this Go file, if it is imported. */
function netHttpName(source: SourceText): string | undefined {
  for (const line of source.code) {
    const match = /^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?"net\/http"/.exec(line);
    if (match) return match[1] === undefined || match[1] === "import" ? "http" : match[1];
  }
  return undefined;
}

/** The text of a composite literal from its opening brace to the matching close (strings blanked). */
function literalBody(source: SourceText, lineIndex: number, braceColumn: number): string {
  let depth = 0;
  let body = "";
  const last = Math.min(source.code.length, lineIndex + LITERAL_LINES);
  for (let index = lineIndex; index < last; index++) {
    const raw = source.code[index] ?? "";
    const line = source.codeOutsideStrings?.[index] ?? blankStrings(raw);
    for (let column = index === lineIndex ? braceColumn : 0; column < line.length; column++) {
      const char = line[column];
      if (char === "{") depth++;
      else if (char === "}") depth--;
      body += char;
      if (depth === 0) return body;
    }
    body += "\n";
  }
  return body;
}
