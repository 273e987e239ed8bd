import { baseName } from "./files.js";
import type { Ecosystem } from "./packages.js";
import { blankStrings, matchCode, type SourceText, withGlobal } from "./source-text.js";
import { BIND_ALL_CANDIDATE } from "./web-bind-all.js";
import { AUTHENTICATION, RATE_LIMITING, SECURITY_HEADERS } from "./web-evidence-rules.js";
import {
  CORS_RULES,
  type CorsPolicy,
  DEBUG_MODES,
  TLS_SERVER_EVIDENCE,
  TLS_VERIFY_OFF,
} from "./web-exposure-rules.js";
import { SERVER_TIMEOUT_CANDIDATE } from "./web-server-timeouts.js";

/** A line that shows something, with its trimmed text. */
export interface LineSite {
  file: string;
  line: number;
  text: string;
}

const WINDOW_LINES = 10;
const DEPLOY_CONFIG = /^(?:Dockerfile.*|.*\.dockerfile|(?:docker-)?compose[\w.-]*\.ya?ml|.*\.ya?ml)$/i;

/** Every pattern that could report something for a file of this ecosystem (or deployment config). */
export function candidatePatterns(ecosystem: Ecosystem | "config", served: readonly Ecosystem[]): RegExp[] {
  const own = <T extends { ecosystem: string; pattern: RegExp }>(rules: T[]) =>
    rules
      .filter((rule) => rule.ecosystem === ecosystem || rule.ecosystem === "any")
      .map((rule) => rule.pattern);
  const patterns = [...own(TLS_VERIFY_OFF), ...own(DEBUG_MODES)];
  if (ecosystem === "config") return [...patterns, BIND_ALL_CANDIDATE];
  patterns.push(...own(CORS_RULES));
  const timeouts = SERVER_TIMEOUT_CANDIDATE[ecosystem];
  if (timeouts) patterns.push(timeouts);
  if (served.includes(ecosystem))
    patterns.push(
      ...[AUTHENTICATION, RATE_LIMITING, SECURITY_HEADERS].flatMap((rules) => [
        rules.library[ecosystem],
        rules.serverSide[ecosystem],
      ]),
      TLS_SERVER_EVIDENCE[ecosystem],
      BIND_ALL_CANDIDATE,
    );
  return patterns;
}

/** Dockerfiles and deployment YAML (not CI, not dev/test/example variants). */
export function isDeployConfig(path: string, language: string | null): boolean {
  const name = baseName(path);
  if (language !== "dockerfile" && language !== "yaml") return false;
  if (path.startsWith(".github/") || /(dev|local|test|example|sample)/i.test(name)) return false;
  return DEPLOY_CONFIG.test(name);
}

/** Reports each line that configures CORS with the policy read from it and the lines after it. */
export function scanCors(
  source: SourceText,
  ecosystem: Ecosystem,
  report: (line: number, policy: CorsPolicy) => void,
): void {
  const code = source.code.join("\n");
  const rules = CORS_RULES.filter(
    (rule) =>
      (rule.ecosystem === ecosystem || rule.ecosystem === "any") && (!rule.file || rule.file.test(code)),
  );
  source.code.forEach((text, index) => {
    if (/^\s*(?:from|import|use)\s/.test(text)) return;
    // A configuring call quoted in a string (a code generator's output, a message) configures nothing.
    const outside = source.codeOutsideStrings?.[index] ?? blankStrings(text);
    const rule = rules.find((entry) => {
      const match = entry.pattern.exec(text);
      if (!match) return false;
      const start = match.index + match[0].length - match[0].trimStart().length;
      return !(outside[start] === " " && text[start] !== " ");
    });
    if (!rule) return;
    const window = source.code.slice(index, index + WINDOW_LINES + 1).join("\n");
    report(index + 1, rule.policy(text, window, code));
  });
}

/** Reports each code match of the rules for an ecosystem (matches may not start inside a string). */
export function scanRules(
  source: SourceText,
  rules: Array<{ ecosystem: string; pattern: RegExp; what: string; path?: RegExp; insideCall?: RegExp }>,
  ecosystem: string,
  report: (line: number, what: string, path?: RegExp) => void,
): void {
  for (const rule of rules.filter((entry) => entry.ecosystem === ecosystem))
    for (const hit of matchCode(source, withGlobal(rule.pattern), { startInCode: true }))
      if (!rule.insideCall || enclosingCallee(source, hit.line, hit.column - 1, rule.insideCall))
        report(hit.line, rule.what, rule.path);
}

const CALL_LINES_BACK = 12;

/**
 * True when the position is inside the parentheses of a call whose callee matches `callee` (tested on
 * the code before the opening parenthesis, on its line): `app.run(` ... `debug=True` over several
 * lines. Strings are blanked first, so parentheses inside them do not count.
 */
function enclosingCallee(source: SourceText, line: number, column: number, callee: RegExp): boolean {
  let depth = 0;
  for (let index = line - 1; index >= 0 && index >= line - 1 - CALL_LINES_BACK; index--) {
    const code = source.codeOutsideStrings?.[index] ?? blankStrings(source.code[index] ?? "");
    for (let at = index === line - 1 ? column - 1 : code.length - 1; at >= 0; at--) {
      if (code[at] === ")") depth++;
      else if (code[at] === "(" && depth-- === 0) return callee.test(code.slice(0, at));
    }
  }
  return false;
}

/** True when a Python line sits under `if __name__ == "__main__":` (a development entry point). */
export function underMainGuard(source: SourceText, line: number): boolean {
  if (source.language !== "python") return false;
  const indent = (text: string) => text.length - text.trimStart().length;
  const own = indent(source.code[line - 1] ?? "");
  for (let index = line - 2; index >= 0; index--) {
    const text = source.code[index] ?? "";
    if (text.trim() === "" || indent(text) >= own) continue;
    return /^\s*if\s+__name__\s*==\s*["']__main__["']\s*:/.test(text);
  }
  return false;
}
