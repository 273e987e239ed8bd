import { z } from "zod";
import type { RawFindingInput } from "../schemas/index.js";
import { SOURCE_LANGUAGES } from "../src/ingest/language.js";
import { ownFiles } from "./lib/files.js";
import { type CountMethod, countLines, syntaxOf } from "./lib/syntax.js";
import { defineScanner } from "./scanner.js";

const LanguageRow = z.object({
  language: z.string(),
  files: z.number().int(),
  code: z.number().int(),
  comment: z.number().int(),
  blank: z.number().int(),
  testFiles: z.number().int(),
  testCode: z.number().int(),
  /** How the lines were told apart; the least precise method any file of the language needed. */
  method: z.enum(["tree-sitter", "lexical", "lines"]),
});

export const SizeFacts = z.object({
  languages: z.array(LanguageRow),
  totals: z.object({
    files: z.number().int(),
    lines: z.number().int(),
    code: z.number().int(),
    comment: z.number().int(),
    blank: z.number().int(),
  }),
  production: z.object({ files: z.number().int(), code: z.number().int() }),
  test: z.object({ files: z.number().int(), code: z.number().int() }),
  /** Test code lines per production code line, over source languages only; null without production code. */
  testToCodeRatio: z.number().nullable(),
  largestFiles: z.array(
    z.object({
      path: z.string(),
      language: z.string().nullable(),
      lines: z.number().int(),
      code: z.number().int(),
    }),
  ),
  excluded: z.object({ vendoredFiles: z.number().int(), generatedFiles: z.number().int() }),
});
export type SizeFacts = z.infer<typeof SizeFacts>;

/** Source files longer than this many code lines are flagged as hard to maintain. */
export const LARGE_FILE_CODE_LINES = 1500;

/** Lines per language (code, comment, blank), file counts, largest files and the test-to-code ratio. */
export const sizeScanner = defineScanner({
  id: "size",
  version: "1.2.0",
  title: "Size and languages",
  description:
    "Lines of code, comments and blanks per language, production vs test, largest files, test-to-code ratio.",
  areas: ["code-quality", "testing"],
  facts: SizeFacts,
  async run(snapshot) {
    const rows = new Map<string, z.infer<typeof LanguageRow>>();
    const sized: Array<{
      path: string;
      language: string | null;
      lines: number;
      code: number;
      isTest: boolean;
    }> = [];
    const totals = { files: 0, lines: 0, code: 0, comment: 0, blank: 0 };
    const production = { files: 0, code: 0 };
    const test = { files: 0, code: 0 };
    const own = ownFiles(snapshot);
    for (const file of own) {
      const language = file.language ?? "other";
      const analysis = await syntaxOf(snapshot, file);
      const counts = countLines(analysis);
      // Tests inside a production file (a Rust `#[cfg(test)] mod tests`) count as test code.
      const testCode = file.isTest ? counts.code : counts.testCode;
      const row = rows.get(language) ?? {
        language,
        files: 0,
        code: 0,
        comment: 0,
        blank: 0,
        testFiles: 0,
        testCode: 0,
        method: analysis.method,
      };
      row.files++;
      row.code += counts.code;
      row.comment += counts.comment;
      row.blank += counts.blank;
      row.testCode += testCode;
      if (file.isTest) row.testFiles++;
      row.method = leastPrecise(row.method, analysis.method);
      rows.set(language, row);
      totals.files++;
      totals.lines += file.lines;
      totals.code += counts.code;
      totals.comment += counts.comment;
      totals.blank += counts.blank;
      if (file.language && SOURCE_LANGUAGES.has(file.language)) {
        if (file.isTest) test.files++;
        else production.files++;
        production.code += counts.code - testCode;
        test.code += testCode;
        sized.push({
          path: file.path,
          language: file.language,
          lines: file.lines,
          code: counts.code,
          isTest: file.isTest,
        });
      }
    }
    const languages = [...rows.values()].sort(
      (a, b) => b.code - a.code || a.language.localeCompare(b.language),
    );
    const largest = [...sized].sort((a, b) => b.code - a.code || a.path.localeCompare(b.path));
    const facts: SizeFacts = {
      languages,
      totals,
      production,
      test,
      testToCodeRatio: production.code > 0 ? Math.round((test.code / production.code) * 1000) / 1000 : null,
      largestFiles: largest
        .slice(0, 10)
        .map(({ path, language, lines, code }) => ({ path, language, lines, code })),
      excluded: {
        vendoredFiles: snapshot.files.filter((file) => file.isVendored).length,
        generatedFiles: snapshot.files.filter((file) => file.isGenerated && !file.isVendored).length,
      },
    };
    const findings: RawFindingInput[] = [];
    for (const file of largest) {
      if (file.code <= LARGE_FILE_CODE_LINES || file.isTest) continue;
      findings.push({
        ruleId: "size/large-file",
        area: "code-quality",
        severity: "low",
        title: `Very large source file (${file.code} lines of code)`,
        description: `${file.path} holds ${file.code} lines of code; files this size usually mix several responsibilities and are hard to review and test.`,
        recommendation: "Split the file by responsibility into smaller modules.",
        location: { file: file.path, startLine: 1, endLine: 1 },
        evidence: (await snapshot.read(file.path)).split(/\r?\n/, 1)[0] ?? "",
      });
    }
    // In-file tests (a Rust `#[cfg(test)]` module) are tests too, so only their absence counts.
    if (production.code > 0 && test.files === 0 && test.code === 0) {
      findings.push({
        ruleId: "size/no-tests",
        area: "testing",
        severity: production.code >= 500 ? "high" : "medium",
        title: "No test files",
        description: `The repository has ${production.code} lines of production code in ${production.files} files and no file that follows a test convention.`,
        recommendation: "Add automated tests for the core behaviour and run them in CI.",
      });
    }
    const strengths =
      facts.testToCodeRatio !== null && facts.testToCodeRatio >= 0.5
        ? [
            {
              area: "testing" as const,
              text: `Substantial test code: ${test.code} test lines for ${production.code} production lines (ratio ${facts.testToCodeRatio}).`,
            },
          ]
        : [];
    return { facts, findings, strengths };
  },
});

const PRECISION: readonly CountMethod[] = ["lines", "lexical", "tree-sitter"];

function leastPrecise(a: CountMethod, b: CountMethod): CountMethod {
  return PRECISION.indexOf(a) <= PRECISION.indexOf(b) ? a : b;
}
