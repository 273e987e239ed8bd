import type { SourceText } from "./source-text.js";

// A route is declared where the path is a call's first argument (`@app.get("/health")`,
// `.route("/health", …)`, `HandleFunc("/healthz", …)`), a route object's path, what a plain handler
// compares the request path with (`req.url === "/healthz"`, `case "/healthz":`), or the path half of
// a method-and-path match arm (`(&Method::GET, "/health") =>`). A path in a skip list or tuple, a
// prefix test (`path.startswith("/health")`) or an HTTP client call (`fetch("/health")`) only names it.
const ROUTE_POSITION =
  /\b(?:path|url|route)\s*[:=]\s*$|\b(?:url|path|pathname|Path)\s*===?\s*$|\bcase\s+$|\bMethod::\w+\s*,\s*$/;
const CALL_OPEN = /([\w$.]*[\w$\]>])\(\s*$/;
// Clients, set and prefix tests, and log or format calls (`log.Warn().Msg("/api/health")`).
const NOT_A_ROUTE =
  /(?:^|\.)(?:fetch|get|post|request|urlopen|curl|startswith|endswith|startsWith|endsWith|includes|HasPrefix|HasSuffix|Contains|contains|append|push|add|extend|set|Set|exclude\w*|Msgf?|Str|Sprintf|Printf|Println|Print|Errorf|Fatalf?|Infof?|Warnf?|Errorw?|Debugf?|info|warn|warning|error|debug|log|print|println|format)$/;
const HTTP_CLIENT = /^(?:axios|requests|httpx|client|session|http|https)\.(?:get|post|head|request)$/;
// A probe is fetched with GET (or HEAD); a POST under /health (`/health/circuits/reset`) is an action.
const WRITE_ROUTE = /\.(?:post|put|patch|delete)\s*\(\s*$|\bMethod::(?:POST|PUT|PATCH|DELETE)\b/i;
const MATCH_ARM = /^\s*=>/;

/**
 * True when the path string at `column` (1-based) on `line` declares a health route: it sits where
 * a route path goes, on its own line when the call's arguments are wrapped (`@router.get(\n "/health",`).
 */
export function declaresHealthRoute(
  source: SourceText,
  line: number,
  column: number,
  length: number,
): boolean {
  const code = source.code[line - 1] ?? "";
  const before = code.slice(0, column - 1);
  if (WRITE_ROUTE.test(before)) return false;
  if (ROUTE_POSITION.test(before) || MATCH_ARM.test(code.slice(column - 1 + length))) return true;
  if (CALL_OPEN.test(before)) return routeCall(before);
  // Wrapped arguments: the path opens its own line right after the call's parenthesis.
  if (before.trim() !== "") return false;
  const opener = previousCodeLine(source, line);
  return CALL_OPEN.test(opener) && !WRITE_ROUTE.test(opener) && routeCall(opener);
}

/** True when the call whose parenthesis ends `text` registers a route rather than a client call or a set test. */
function routeCall(text: string): boolean {
  const callee = CALL_OPEN.exec(text)?.[1] ?? "";
  // `@app.get(` and `router.get(` are routes; `requests.get(` and `client.post(` are requests.
  if (HTTP_CLIENT.test(callee)) return false;
  if (/(?:^|\.)(?:get|post)$/.test(callee)) return true;
  return !NOT_A_ROUTE.test(callee);
}

function previousCodeLine(source: SourceText, line: number): string {
  for (let index = line - 2; index >= 0; index--) {
    const text = source.code[index] ?? "";
    if (text.trim() !== "") return text;
  }
  return "";
}
