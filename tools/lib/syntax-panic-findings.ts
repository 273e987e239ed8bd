import type { RawFindingInput, Severity } from "../../schemas/index.js";
import type { RepoFile } from "../../src/ingest/snapshot.js";
import { baseName } from "./files.js";
import { enclosingFunction, lineText, type SyntaxAnalysis } from "./syntax.js";
import type { PanicCategory, PanicSite } from "./syntax-panic-sites.js";

// Code that runs once at start-up (or is not shipped): a panic there stops a launch, not a request.
const START_UP_PATH = /(^|\/)(main\.rs|build\.rs|bin\/[^/]+\.rs|examples?\/.*|benches\/.*|main\.go|cmd\/.*)$/;

function finding(
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

function byCategory(sites: PanicSite[], ...categories: PanicCategory[]): PanicSite[] {
  return sites.filter((site) => categories.includes(site.category));
}

/** Low at start-up, medium when a site runs inside async code or a request handler, else low. */
function panicSeverity(file: RepoFile, analysis: SyntaxAnalysis, sites: PanicSite[]): Severity {
  if (START_UP_PATH.test(file.path)) return "info";
  const inRequestPath = sites.some((site) => {
    const scope = enclosingFunction(analysis, site.offset);
    return scope?.isAsync === true || scope?.isHandler === true;
  });
  return inRequestPath ? "medium" : "low";
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The findings for one file's production panic points, aggregated as the report reads them. */
export function panicFileFindings(
  file: RepoFile,
  analysis: SyntaxAnalysis,
  sites: PanicSite[],
): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  const name = baseName(file.path);
  const unwraps = byCategory(sites, "rust-unwrap", "rust-expect");
  const first = unwraps[0];
  if (first) {
    const unwrapCount = byCategory(unwraps, "rust-unwrap").length;
    findings.push(
      finding(file, analysis, first.line, {
        ruleId: "panic-points/rust-unwrap",
        area: "reliability",
        severity: panicSeverity(file, analysis, unwraps),
        title: `${plural(unwraps.length, "unwrap/expect call")} in ${name}`,
        description: `${file.path} has ${unwrapCount} \`.unwrap()\` and ${unwraps.length - unwrapCount} \`.expect()\` in production code (lines ${unwraps.map((site) => site.line).join(", ")}); each panics and takes the task or process down when its assumption fails.`,
        recommendation:
          "Propagate the error with `?` and context (anyhow::Context or a typed error); keep expect() only for true invariants with a message that says why it holds.",
      }),
    );
  }
  const panics = byCategory(sites, "rust-panic", "rust-unreachable", "go-panic");
  const firstPanic = panics[0];
  if (firstPanic) {
    findings.push(
      finding(file, analysis, firstPanic.line, {
        ruleId: "panic-points/explicit-panic",
        area: "reliability",
        severity: panicSeverity(file, analysis, panics),
        title: `${plural(panics.length, "explicit panic")} in ${name}`,
        description: `${file.path} panics explicitly in production code at lines ${panics.map((site) => site.line).join(", ")}.`,
        recommendation:
          "Return an error the caller can handle instead of panicking, unless the state is truly impossible.",
      }),
    );
  }
  for (const site of byCategory(sites, "rust-todo", "rust-unimplemented")) {
    findings.push(
      finding(file, analysis, site.line, {
        ruleId: `panic-points/${site.category}`,
        area: "correctness",
        severity: "medium",
        title: `Unfinished code path (\`${site.category === "rust-todo" ? "todo!" : "unimplemented!"}\`) in ${name}`,
        description: "This branch panics when reached: the behaviour was never written.",
        recommendation: "Implement the branch or return an explicit error for the unsupported case.",
      }),
    );
  }
  for (const site of byCategory(sites, "rust-unsafe-block", "rust-unsafe-fn", "rust-unsafe-impl")) {
    const block = site.category === "rust-unsafe-block";
    findings.push(
      finding(file, analysis, site.line, {
        ruleId: `panic-points/${site.category}`,
        area: "security",
        severity: block ? "medium" : "low",
        title: block ? `\`unsafe\` block in ${name}` : `\`unsafe\` item in ${name}`,
        description: block
          ? "Memory safety inside this block rests on invariants the compiler does not check."
          : "This item opts out of compiler-checked safety; every caller or implementation must uphold its contract.",
        recommendation:
          "Keep unsafe code minimal, document the invariants in a `// SAFETY:` comment, and cover it with tests (Miri where possible).",
      }),
    );
  }
  for (const site of byCategory(sites, "python-swallowed-except")) {
    const bare = site.detail === "";
    findings.push(
      finding(file, analysis, site.line, {
        ruleId: "panic-points/python-swallowed-except",
        area: "reliability",
        severity: "medium",
        title: `${bare ? "Bare `except:`" : `\`except ${site.detail}\``} swallows errors in ${name}`,
        description: `The handler catches ${bare ? "everything, including KeyboardInterrupt and SystemExit," : "every exception"} and only passes, continues or logs, so failures disappear without reaching a caller or a metric.`,
        recommendation:
          "Catch the specific exceptions you expect; re-raise or return an error for the rest, and count what you drop.",
      }),
    );
  }
  // A bare except that ends with `raise` is the cleanup-and-re-raise idiom: Ctrl-C still gets through.
  const bareOnly = byCategory(sites, "python-bare-except").filter(
    (bare) =>
      !bare.reraises &&
      !sites.some((site) => site.category === "python-swallowed-except" && site.offset === bare.offset),
  );
  const firstBare = bareOnly[0];
  if (firstBare) {
    findings.push(
      finding(file, analysis, firstBare.line, {
        ruleId: "panic-points/python-bare-except",
        area: "code-quality",
        severity: "low",
        title: `${plural(bareOnly.length, "bare `except:`")} in ${name}`,
        description: `Bare excepts at lines ${bareOnly.map((site) => site.line).join(", ")} also catch KeyboardInterrupt and SystemExit.`,
        recommendation: "Name the exceptions (at least `except Exception:`).",
      }),
    );
  }
  for (const site of byCategory(sites, "js-empty-catch")) {
    findings.push(
      finding(file, analysis, site.line, {
        ruleId: "panic-points/js-empty-catch",
        area: "reliability",
        severity: site.commented ? "low" : "medium",
        title: `Empty \`catch\` block in ${name}`,
        description: site.commented
          ? "The catch block holds only a comment: the error is dropped on purpose, but nothing records it."
          : "The catch block is empty, so the error is silently dropped.",
        recommendation: "Handle, log or rethrow the error; if ignoring it is correct, say why and count it.",
      }),
    );
  }
  const discards = byCategory(sites, "go-discarded-result");
  const firstDiscard = discards[0];
  if (firstDiscard) {
    findings.push(
      finding(file, analysis, firstDiscard.line, {
        ruleId: "panic-points/go-discarded-result",
        area: "reliability",
        severity: "low",
        title: `${plural(discards.length, "call result")} discarded with \`_\` in ${name}`,
        description: `Results of ${discards.map((site) => `\`${site.detail}\` (line ${site.line})`).join(", ")} are thrown away; each callee returns an error last or could not be resolved (functions of the repository and common standard-library calls were checked), so failures may go unnoticed.`,
        recommendation: "Check returned errors, or comment why ignoring this one is safe.",
      }),
    );
  }
  return findings;
}

/** The first production site of a category, for repository-wide aggregate findings. */
export interface FirstSite {
  file: string;
  line: number;
  evidence: string;
}

/** One aggregate finding per TypeScript escape hatch (non-null assertions, explicit any). */
export function panicRepositoryFindings(
  facts: { sites: Array<{ category: PanicCategory; isTest: boolean; file: string }> },
  firstSites: Map<PanicCategory, FirstSite>,
): RawFindingInput[] {
  const findings: RawFindingInput[] = [];
  const aggregates = [
    {
      id: "ts-non-null" as const,
      severity: "low" as const,
      title: "non-null assertion",
      why: "each `!` tells the compiler a value cannot be null or undefined without checking it at runtime",
    },
    {
      id: "ts-any" as const,
      severity: "info" as const,
      title: "explicit `any`",
      why: "`any` switches type checking off for the value and everything it flows into",
    },
  ];
  for (const aggregate of aggregates) {
    const production = facts.sites.filter((site) => site.category === aggregate.id && !site.isTest);
    const first = firstSites.get(aggregate.id);
    if (!first) continue;
    const files = new Set(production.map((site) => site.file)).size;
    findings.push({
      ruleId: `panic-points/${aggregate.id}`,
      area: "code-quality",
      severity: aggregate.severity,
      title: `${plural(production.length, aggregate.title)} in production TypeScript`,
      description: `${production.length} in ${plural(files, "file")}; ${aggregate.why}. Every site is listed in the panic-points facts; the location is the first one.`,
      recommendation:
        aggregate.id === "ts-any"
          ? "Replace `any` with `unknown` plus narrowing, or a precise type."
          : "Narrow with a check (or optional chaining) instead of asserting.",
      location: { file: first.file, startLine: first.line, endLine: first.line },
      evidence: first.evidence,
    });
  }
  return findings;
}
