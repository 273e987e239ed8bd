import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { ownFiles } from "./lib/files.js";
import { isTestLine, lineText, syntaxOf } from "./lib/syntax.js";
import { discardedValue, type GoResultIndex, goResultIndexOf } from "./lib/syntax-go-results.js";
import { type FirstSite, panicFileFindings, panicRepositoryFindings } from "./lib/syntax-panic-findings.js";
import {
  PANIC_CATEGORIES,
  PANIC_CATEGORY_IDS,
  type PanicCategory,
  type PanicSite,
  panicSites,
} from "./lib/syntax-panic-sites.js";
import { defineScanner } from "./scanner.js";

const Category = z.enum(PANIC_CATEGORY_IDS);

/** Test sites listed beyond this many are only counted (production sites are always all listed). */
export const MAX_LISTED_TEST_SITES = 200;

export const PanicPointsFacts = z.object({
  /** One row per category of a language the repository has, in a fixed order. */
  categories: z.array(
    z.object({
      id: Category,
      label: z.string(),
      production: z.number().int(),
      test: z.number().int(),
    }),
  ),
  sites: z.array(
    z.object({
      category: Category,
      file: z.string(),
      line: z.number().int(),
      isTest: z.boolean(),
      text: z.string(),
    }),
  ),
  omittedTestSites: z.number().int(),
  filesScanned: z.number().int(),
  /** How the files were read: parsed with tree-sitter, or lexically (comments only) where no grammar loaded. */
  methods: z.object({ treeSitter: z.number().int(), lexical: z.number().int() }),
});
export type PanicPointsFacts = z.infer<typeof PanicPointsFacts>;

const LANGUAGES = new Set<string>(PANIC_CATEGORIES.flatMap((category) => [...category.languages]));

/** Rust unwrap/expect/panics/unsafe, Python swallowed excepts, TS/JS empty catches and escapes, Go panics. */
export const panicPointsScanner = defineScanner({
  id: "panic-points",
  version: "1.2.0",
  title: "Panic points and swallowed errors",
  description:
    "Counts, from the syntax tree, Rust unwrap/expect/panic!/todo!/unsafe, Python bare and swallowing excepts, TS/JS empty catch blocks (a body of only comments counts, as a deliberate but unrecorded drop), non-null assertion expressions (definite assignment `let x!: T` is not one) and explicit any in type positions, Go panic and discarded results of calls that return an error or could not be resolved; production vs test, every site with file:line.",
  areas: ["reliability", "security", "code-quality"],
  facts: PanicPointsFacts,
  async run(snapshot) {
    const counts = new Map<PanicCategory, { production: number; test: number }>();
    const seenLanguages = new Set<string>();
    const facts: PanicPointsFacts = {
      categories: [],
      sites: [],
      omittedTestSites: 0,
      filesScanned: 0,
      methods: { treeSitter: 0, lexical: 0 },
    };
    const findings: RawFindingInput[] = [];
    const firstSites = new Map<PanicCategory, FirstSite>();
    let listedTestSites = 0;
    let goResults: GoResultIndex | undefined;
    for (const file of ownFiles(snapshot)) {
      if (!file.language || !LANGUAGES.has(file.language)) continue;
      const analysis = await syntaxOf(snapshot, file);
      facts.filesScanned++;
      seenLanguages.add(file.language);
      if (analysis.method === "tree-sitter") facts.methods.treeSitter++;
      else facts.methods.lexical++;
      let sites = panicSites(analysis);
      // A discard whose callee is known to return something other than an error last (`v, ok`) is no risk.
      if (file.language === "go" && sites.some((site) => site.category === "go-discarded-result")) {
        goResults ??= await goResultIndexOf(snapshot);
        const index = goResults;
        sites = sites.filter(
          (site) =>
            site.category !== "go-discarded-result" ||
            discardedValue(site.detail ?? "", file.path, analysis.imports, index) !== "other",
        );
      }
      const production: PanicSite[] = [];
      for (const site of sites) {
        const isTest = file.isTest || isTestLine(analysis, site.line);
        const count = counts.get(site.category) ?? { production: 0, test: 0 };
        count[isTest ? "test" : "production"]++;
        counts.set(site.category, count);
        const evidence = lineText(analysis, site.line);
        if (!isTest) {
          production.push(site);
          if (!firstSites.has(site.category))
            firstSites.set(site.category, { file: file.path, line: site.line, evidence });
        }
        if (isTest && listedTestSites >= MAX_LISTED_TEST_SITES) {
          facts.omittedTestSites++;
          continue;
        }
        if (isTest) listedTestSites++;
        const text = evidence.trim().slice(0, 160);
        facts.sites.push({ category: site.category, file: file.path, line: site.line, isTest, text });
      }
      findings.push(...panicFileFindings(file, analysis, production));
    }
    for (const category of PANIC_CATEGORIES) {
      if (!category.languages.some((language) => seenLanguages.has(language))) continue;
      const count = counts.get(category.id) ?? { production: 0, test: 0 };
      facts.categories.push({ id: category.id, label: category.label, ...count });
    }
    findings.push(...panicRepositoryFindings(facts, firstSites));
    const strengths = [];
    const unsafeTotal = (["rust-unsafe-block", "rust-unsafe-fn", "rust-unsafe-impl"] as const).reduce(
      (sum, id) => sum + (counts.get(id)?.production ?? 0),
      0,
    );
    if (seenLanguages.has("rust") && unsafeTotal === 0)
      strengths.push({ area: "security" as const, text: "No `unsafe` code in production Rust." });
    const unwraps =
      (counts.get("rust-unwrap")?.production ?? 0) + (counts.get("rust-panic")?.production ?? 0);
    if (seenLanguages.has("rust") && unwraps === 0)
      strengths.push({
        area: "reliability" as const,
        text: "No `.unwrap()` or `panic!` in production Rust.",
      });
    return { facts, findings, strengths };
  },
});
