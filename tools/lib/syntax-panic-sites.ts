import { codeMatches, type SyntaxAnalysis, type SyntaxMark } from "./syntax.js";

/** The kinds of panic point, swallowed error and unchecked escape hatch the panic-points scanner counts. */
export const PANIC_CATEGORIES = [
  { id: "rust-unwrap", languages: ["rust"], label: "`.unwrap()`" },
  { id: "rust-expect", languages: ["rust"], label: "`.expect(…)`" },
  { id: "rust-panic", languages: ["rust"], label: "`panic!`" },
  { id: "rust-unreachable", languages: ["rust"], label: "`unreachable!`" },
  { id: "rust-todo", languages: ["rust"], label: "`todo!`" },
  { id: "rust-unimplemented", languages: ["rust"], label: "`unimplemented!`" },
  { id: "rust-unsafe-block", languages: ["rust"], label: "`unsafe { … }` blocks" },
  { id: "rust-unsafe-fn", languages: ["rust"], label: "`unsafe fn`" },
  { id: "rust-unsafe-impl", languages: ["rust"], label: "`unsafe impl` / `unsafe trait`" },
  { id: "python-bare-except", languages: ["python"], label: "bare `except:`" },
  {
    id: "python-swallowed-except",
    languages: ["python"],
    label: "`except`/`except Exception` that swallows (pass, continue, log only)",
  },
  // A catch whose body holds only comments counts (flagged `commented`, reported at low severity);
  // one with any statement, even `;`, does not.
  { id: "js-empty-catch", languages: ["javascript", "typescript", "tsx"], label: "empty `catch {}`" },
  // Non-null assertion expressions, at the line of the `!`; definite assignment assertions
  // (`let x!: T`, `field!: T`) only tell the compiler a variable is initialised and do not count.
  { id: "ts-non-null", languages: ["typescript", "tsx"], label: "non-null assertions `x!`" },
  { id: "ts-any", languages: ["typescript", "tsx"], label: "explicit `any`" },
  { id: "go-panic", languages: ["go"], label: "`panic(…)`" },
  {
    id: "go-discarded-result",
    languages: ["go"],
    label: "call results discarded with `_` (the callee returns an error last, or was not resolved)",
  },
] as const;
export type PanicCategory = (typeof PANIC_CATEGORIES)[number]["id"];
export const PANIC_CATEGORY_IDS = PANIC_CATEGORIES.map((category) => category.id) as [
  PanicCategory,
  ...PanicCategory[],
];

/** One occurrence, at the line of its keyword or method name. */
export interface PanicSite {
  category: PanicCategory;
  line: number;
  offset: number;
  /** For swallowed excepts and empty catches: the body holds only comments. */
  commented?: boolean;
  /** The caught type for Python excepts, the callee for Go discards. */
  detail?: string;
  /** For Python excepts: the handler ends with a bare `raise`, so the exception goes on unchanged. */
  reraises?: boolean;
}

const RUST_PATTERNS: Array<[PanicCategory, RegExp]> = [
  ["rust-unwrap", /\.\s*(unwrap)\s*\(\s*\)/g],
  ["rust-expect", /\.\s*(expect)\s*\(/g],
  ["rust-panic", /\b(panic)\s*!\s*[([{]/g],
  ["rust-unreachable", /\b(unreachable)\s*!\s*[([{]/g],
  ["rust-todo", /\b(todo)\s*!\s*[([{]/g],
  ["rust-unimplemented", /\b(unimplemented)\s*!\s*[([{]/g],
  ["rust-unsafe-block", /\b(unsafe)\s*\{/g],
  ["rust-unsafe-fn", /\b(unsafe)\s+(?:extern\s*(?:"[^"\n]*"\s*)?)?fn\b/g],
  ["rust-unsafe-impl", /\b(unsafe)\s+(?:impl|trait)\b/g],
];

const BROAD_EXCEPTION = /^(?:builtins\.)?(?:Exception|BaseException)$/;
const SWALLOWING_STATEMENTS = new Set(["pass_statement", "continue_statement", "comment"]);
// A log call, also through a logger fetched inline (`logging.getLogger(__name__).exception(…)`).
const LOG_CALL =
  /^(?:[\w.]*\.)?(?:getLogger\s*\([^()]*\)\s*\.)?(?:debug|info|warning|warn|error|exception|critical|log|print_exc)\s*\(|^print\s*\(|^warnings\.warn\s*\(/;
// `return` or `return None` as the handler's last statement gives up on the error as `pass` does.
const RETURNS_NOTHING = /^return(?:\s+None)?$/;

/** Panic points of one analysed file, in file order per category. */
export function panicSites(analysis: SyntaxAnalysis): PanicSite[] {
  switch (analysis.language) {
    case "rust":
      return rustSites(analysis);
    case "python":
      return analysis.marks.filter((mark) => mark.kind === "except").flatMap(pythonExceptSites);
    case "javascript":
    case "typescript":
    case "tsx":
      return analysis.marks.flatMap(scriptSite);
    case "go":
      return [
        ...codeMatches(analysis, /(?<![\w.])(panic)\s*\(/g).map(({ line, offset }) => ({
          category: "go-panic" as const,
          line,
          offset,
        })),
        ...analysis.marks
          .filter((mark) => mark.kind === "discard")
          .map((mark) => ({
            category: "go-discarded-result" as const,
            line: mark.line,
            offset: mark.start,
            detail: mark.name ?? "",
          })),
      ];
    default:
      return [];
  }
}

// A macro_rules matcher holds no code; an `unsafe fn(…)` pointer type declares no unsafe function.
function rustSites(analysis: SyntaxAnalysis): PanicSite[] {
  const within = (kinds: readonly string[], offset: number) =>
    analysis.marks.some((mark) => kinds.includes(mark.kind) && offset >= mark.start && offset < mark.end);
  return RUST_PATTERNS.flatMap(([category, pattern]) =>
    codeMatches(analysis, pattern)
      .filter(
        ({ offset }) =>
          !within(
            category === "rust-unsafe-fn" ? ["macro-matcher", "fn-pointer-type"] : ["macro-matcher"],
            offset,
          ),
      )
      .map(({ line, offset }) => ({ category, line, offset })),
  );
}

function pythonExceptSites(mark: SyntaxMark): PanicSite[] {
  const caught = mark.name ?? "";
  const sites: PanicSite[] = [];
  const at = { line: mark.line, offset: mark.start, detail: caught };
  const body = mark.body ?? [];
  const last = body.filter((statement) => statement.type !== "comment").at(-1);
  const reraises = last?.type === "raise_statement" && last.text.trim() === "raise";
  if (caught === "") sites.push({ category: "python-bare-except", ...at, reraises });
  const types = caught.replace(/^\(|\)$/g, "").split(",");
  const broad = caught === "" || types.some((type) => BROAD_EXCEPTION.test(type.trim()));
  const swallows = body.every(
    (statement, index) =>
      SWALLOWING_STATEMENTS.has(statement.type) ||
      (statement.type === "return_statement" && RETURNS_NOTHING.test(statement.text.trim())) ||
      (statement.type === "expression_statement" &&
        (statement.text.trim() === "..." ||
          LOG_CALL.test(statement.text.trim()) ||
          feedsLaterLog(statement.text, body.slice(index + 1)))),
  );
  if (broad && swallows) {
    const commented = body.some((statement) => statement.type === "comment");
    sites.push({ category: "python-swallowed-except", ...at, commented });
  }
  return sites;
}

// `name = futures[f]` then `logger.error(f"… {name.x}")`: a call-free assignment whose only use is a
// later log line prepares the message; the handler still only logs.
const PLAIN_ASSIGNMENT = /^([A-Za-z_]\w*)\s*=\s*([^=(][^(]*)$/s;

function feedsLaterLog(text: string, rest: readonly { type: string; text: string }[]): boolean {
  const name = PLAIN_ASSIGNMENT.exec(text.trim())?.[1];
  if (!name) return false;
  const used = new RegExp(`(?<![\\w.])${name}(?!\\w)`);
  const users = rest.filter((statement) => used.test(statement.text));
  return (
    users.length > 0 &&
    users.every(
      (statement) => statement.type === "expression_statement" && LOG_CALL.test(statement.text.trim()),
    )
  );
}

function scriptSite(mark: SyntaxMark): PanicSite[] {
  const at = { line: mark.line, offset: mark.start };
  if (mark.kind === "non-null") return [{ category: "ts-non-null", ...at }];
  if (mark.kind === "any") return [{ category: "ts-any", ...at }];
  if (mark.kind !== "catch") return [];
  const body = mark.body ?? [];
  if (body.some((statement) => statement.type !== "comment")) return [];
  return [{ category: "js-empty-catch", ...at, commented: body.length > 0 }];
}
