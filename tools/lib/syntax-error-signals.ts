import { codeMatches, lineOf, literalAt, type SyntaxAnalysis } from "./syntax.js";

/** How a file signals errors, counted from its code (comments and string contents never count). */
export interface ErrorSignals {
  anyhow: boolean;
  eyre: boolean;
  boxDynError: boolean;
  thiserrorDerives: number;
  manualErrorImpls: number;
  sentinelErrors: number;
  errorfWrapped: number;
  errorfUnwrapped: number;
  /** Error types declared here; for Python and TS, classes whose base may make them errors (resolved per package). */
  types: ErrorTypeCandidate[];
}

export interface ErrorTypeCandidate {
  name: string;
  line: number;
  /** thiserror: derived; manual: implements Error by hand (or named *Error); class: a subclass; go-type: has Error() string. */
  kind: "thiserror" | "manual" | "class" | "go-type";
  /** Python/TS: the base class list as written, for transitive resolution. */
  base?: string;
}

const EMPTY = (): ErrorSignals => ({
  anyhow: false,
  eyre: false,
  boxDynError: false,
  thiserrorDerives: 0,
  manualErrorImpls: 0,
  sentinelErrors: 0,
  errorfWrapped: 0,
  errorfUnwrapped: 0,
  types: [],
});

/** The error-handling signals of one analysed file, by its language. */
export function errorSignals(analysis: SyntaxAnalysis): ErrorSignals {
  switch (analysis.language) {
    case "rust":
      return rustSignals(analysis);
    case "python":
      return pythonSignals(analysis);
    case "javascript":
    case "typescript":
    case "tsx":
      return scriptSignals(analysis);
    case "go":
      return goSignals(analysis);
    default:
      return EMPTY();
  }
}

function rustSignals(analysis: SyntaxAnalysis): ErrorSignals {
  const signals = EMPTY();
  const code = analysis.codeText;
  signals.anyhow = /\banyhow\s*::|\buse\s+anyhow\b|\banyhow\s*!/.test(code);
  signals.eyre = /\b(?:color_)?eyre\s*::|\buse\s+(?:color_)?eyre\b/.test(code);
  signals.boxDynError = /Box\s*<\s*dyn\s+(?:(?:std|core)\s*::\s*error\s*::\s*)?Error\b/.test(code);
  const usesThiserror =
    /\bthiserror\s*::/.test(code) || analysis.imports.some((entry) => entry.module === "thiserror");
  const derived = new Set<string>();
  if (usesThiserror) {
    const derive =
      /#\s*\[\s*derive\s*\(([^)]*)\)\s*\]\s*(?:#\s*\[[^\]]*\]\s*)*(?:pub(?:\s*\([^)]*\))?\s+)?(?:enum|struct)\s+(\w+)/g;
    for (const { match } of codeMatches(analysis, derive)) {
      if (!/(?:^|[\s,:])Error\b/.test(match[1] ?? "")) continue;
      const name = match[2] ?? "";
      derived.add(name);
      signals.thiserrorDerives++;
      const line = lineOf(analysis, match.indices?.[2]?.[0] ?? match.index);
      signals.types.push({ name, line, kind: "thiserror" });
    }
  }
  const impls = codeMatches(
    analysis,
    /\bimpl\s*(?:<[^>{]*>\s*)?(?:(?:std|core)\s*::\s*error\s*::\s*)?Error\s+for\s+(\w+)/g,
  );
  const implemented = new Set(impls.map(({ match }) => match[1] ?? ""));
  signals.manualErrorImpls = impls.length;
  for (const { match, line } of codeMatches(analysis, /\b(?:enum|struct)\s+(\w*Error)\b/g)) {
    const name = match[1] ?? "";
    if (!derived.has(name)) signals.types.push({ name, line, kind: "manual" });
    implemented.delete(name);
  }
  for (const { match, line } of impls)
    if (implemented.has(match[1] ?? "")) signals.types.push({ name: match[1] ?? "", line, kind: "manual" });
  return signals;
}

function pythonSignals(analysis: SyntaxAnalysis): ErrorSignals {
  const signals = EMPTY();
  for (const mark of analysis.marks) {
    if (mark.kind !== "class" || !mark.detail) continue;
    signals.types.push({ name: mark.name ?? "", line: mark.line, kind: "class", base: mark.detail });
  }
  return signals;
}

function scriptSignals(analysis: SyntaxAnalysis): ErrorSignals {
  const signals = EMPTY();
  for (const { match, line } of codeMatches(
    analysis,
    /\bclass\s+([\w$]+)(?:\s*<[^>{]*>)?\s+extends\s+([\w$.]+)/g,
  ))
    signals.types.push({ name: match[1] ?? "", line, kind: "class", base: match[2] ?? "" });
  return signals;
}

function goSignals(analysis: SyntaxAnalysis): ErrorSignals {
  const signals = EMPTY();
  signals.sentinelErrors = codeMatches(analysis, /\b(Err\w*)\s*=\s*errors\s*\.\s*New\s*\(/g).length;
  for (const { match } of codeMatches(analysis, /\bfmt\s*\.\s*Errorf\s*\(\s*(["`])/g)) {
    const quoteOffset = (match.indices?.[1]?.[0] ?? match.index) as number;
    const format = literalAt(analysis, quoteOffset) ?? "";
    if (format.includes("%w")) signals.errorfWrapped++;
    else signals.errorfUnwrapped++;
  }
  const methods = /\bfunc\s*\(\s*\w*\s*\*?\s*(\w+)\s*\)\s*Error\s*\(\s*\)\s*string\b/g;
  for (const { match, line } of codeMatches(analysis, methods))
    signals.types.push({ name: match[1] ?? "", line, kind: "go-type" });
  return signals;
}

const ERROR_BASE = /(?:^|\.)(?:[A-Z]\w*)?(?:Error|Exception)$|^BaseException$/;

/**
 * Keeps the Python/TS class candidates that are errors: a base named like an error (`Exception`,
 * `ValueError`, `HTTPException`, `Error`), or a class already known to be one (any depth, same package).
 */
export function resolveErrorClasses<T extends ErrorTypeCandidate>(candidates: readonly T[]): T[] {
  const known = new Set<string>();
  const classes = candidates.filter((candidate) => candidate.kind === "class");
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of classes) {
      if (known.has(candidate.name)) continue;
      const bases = (candidate.base ?? "")
        .split(",")
        .map((base) => base.trim())
        .filter((base) => base !== "" && !base.includes("="));
      if (bases.some((base) => ERROR_BASE.test(base) || known.has(base.split(".").pop() ?? base))) {
        known.add(candidate.name);
        grew = true;
      }
    }
  }
  return candidates.filter((candidate) => candidate.kind !== "class" || known.has(candidate.name));
}
