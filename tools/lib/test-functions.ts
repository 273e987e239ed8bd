import { type Ecosystem, ecosystemOf } from "./packages.js";
import { blankStrings, type SourceText } from "./source-text.js";
import { countJvm } from "./test-functions-jvm.js";
import { countNode } from "./test-functions-node.js";

/** Test definitions found in one file. */
export interface TestCount {
  ecosystem: Ecosystem;
  framework: string;
  /** Test functions or cases (a parametrised test counts once); skipped ones included. */
  tests: number;
  /** Of those, marked skipped, ignored, disabled or todo. */
  skipped: number;
  /** Benchmarks, fuzz targets and examples, counted apart from tests. */
  benchmarks: number;
}

/**
 * Counts the test functions of a file by its ecosystem's conventions: Rust `#[test]`-style
 * attributes, pytest / unittest `test_*` functions and methods, Jest-style `it`/`test` calls,
 * Go `TestXxx(t *testing.T)`, JUnit / TestNG (test-functions-jvm.ts). Undefined when the file's language has none.
 */
export function countTests(source: SourceText, goSuites?: ReadonlySet<string>): TestCount | undefined {
  const ecosystem = ecosystemOf(source.language);
  switch (ecosystem) {
    case "rust":
      return { ecosystem, framework: "cargo test", ...countRust(source) };
    case "python":
      return countPython(source);
    case "node":
      return { ecosystem, ...countNode(source) };
    case "go":
      return { ecosystem, framework: "go test", ...countGo(source, goSuites) };
    case "jvm":
      return { ecosystem, benchmarks: 0, ...countJvm(source) };
    default:
      return undefined;
  }
}

const counted = new WeakMap<
  SourceText,
  { goSuites: ReadonlySet<string> | undefined; count: TestCount | undefined }
>();

/**
 * `countTests`, once per line view and suite set: the test inventory and the CI scanner count the
 * same files, and both read them through the snapshot's memoised views.
 */
export function countTestsOnce(source: SourceText, goSuites?: ReadonlySet<string>): TestCount | undefined {
  const known = counted.get(source);
  if (known && known.goSuites === goSuites) return known.count;
  const count = countTests(source, goSuites);
  counted.set(source, { goSuites, count });
  return count;
}

type Counts = Pick<TestCount, "tests" | "skipped" | "benchmarks">;

const RUST_TEST_ATTRIBUTE =
  /^#\[\s*(?:(?:[\w:]+::)?test|rstest|test_case|wasm_bindgen_test|quickcheck|(?:[\w:]+::)?test_log::test)\b/;
const RUST_FN =
  /^(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s/;

// One line's literals (not lifetimes: `'a` has no closing quote) and the comment delimiters the
// lexical pass leaves behind, blanked so brackets and braces can be counted.
const RUST_LITERAL =
  /(?<!\w)b?r(#*)"[\s\S]*?"\1|b?"(?:\\.|[^"\\])*"|b?'(?:\\(?:u\{[0-9a-fA-F_]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'/g;

function rustCodeOf(line: string): string {
  return line
    .replace(RUST_LITERAL, (literal) => " ".repeat(literal.length))
    .replace(/\/\/.*$/, "")
    .replace(/\/\*|\*\//g, "  ");
}

/**
 * Test functions: a `fn` after a test attribute (attributes may span lines, nest brackets and have
 * comments between them), and the functions a `quickcheck! { … }` block declares.
 */
function countRust(source: SourceText): Counts {
  const counts = { tests: 0, skipped: 0, benchmarks: 0 };
  let attributes: string[] = [];
  let open = "";
  let depth = 0;
  let braces = 0;
  let quickcheckBody: number | undefined;
  for (const raw of source.code) {
    let rest = rustCodeOf(raw).trim();
    if (rest === "") continue;
    while (open !== "" || rest.startsWith("#[")) {
      let index = 0;
      for (; index < rest.length; index++) {
        if (rest[index] === "[") depth++;
        else if (rest[index] === "]" && --depth === 0) break;
      }
      open += rest.slice(0, index + 1);
      rest = rest.slice(index + 1).trim();
      if (depth > 0) break;
      attributes.push(open);
      open = "";
    }
    if (rest === "") continue;
    if (quickcheckBody !== undefined && braces < quickcheckBody) quickcheckBody = undefined;
    if (/^(?:[\w:]+::)?quickcheck!\s*\{/.test(rest)) quickcheckBody = braces + 1;
    if (RUST_FN.test(rest)) {
      if (attributes.some((attribute) => RUST_TEST_ATTRIBUTE.test(attribute)) || braces === quickcheckBody) {
        counts.tests++;
        if (attributes.some((attribute) => /^#\[\s*ignore\b/.test(attribute))) counts.skipped++;
      } else if (attributes.some((attribute) => /^#\[\s*bench\b/.test(attribute))) counts.benchmarks++;
    }
    braces += (rest.match(/\{/g)?.length ?? 0) - (rest.match(/\}/g)?.length ?? 0);
    attributes = [];
  }
  return counts;
}

const PYTHON_SKIP = /^@(?:pytest\.mark\.skip(?:if)?|unittest\.skip(?:If|Unless)?|skip(?:If|Unless)?)\b/;

const PYTHON_CLASS = /^class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:/;

/**
 * Classes whose `test*` methods run: TestCase subclasses, `Test*` classes, and the mixins they
 * inherit from in the same file (a mixin's tests run in every concrete case class; each is counted once).
 */
function pythonTestClasses(source: SourceText): Set<string> {
  const bases = new Map<string, string[]>();
  for (const line of source.code) {
    const match = PYTHON_CLASS.exec(line.trim());
    if (match?.[1])
      bases.set(
        match[1],
        (match[2] ?? "").split(",").map((base) => base.trim()),
      );
  }
  const tests = new Set<string>();
  const add = (name: string) => {
    if (tests.has(name)) return;
    tests.add(name);
    for (const base of bases.get(name) ?? []) if (bases.has(base)) add(base);
  };
  for (const [name, list] of bases)
    if (/^Test/.test(name) || list.some((base) => /(?:^|\.)\w*TestCase$/.test(base))) add(name);
  return tests;
}

function countPython(source: SourceText): TestCount {
  const counts = { tests: 0, skipped: 0, benchmarks: 0 };
  const testClasses = pythonTestClasses(source);
  const blocks: Array<{ indent: number; kind: "class" | "def"; test: boolean }> = [];
  let decorators: string[] = [];
  let unittest = false;
  let openBrackets = 0;
  for (const line of source.code) {
    const text = line.trim();
    if (text === "") continue;
    const continued = openBrackets > 0;
    openBrackets = Math.max(0, openBrackets + bracketBalance(line));
    // Continuation lines of a multi-line call or literal start no block and keep the decorators.
    if (continued) continue;
    const indent = line.length - line.trimStart().length;
    while (blocks.length > 0 && (blocks[blocks.length - 1]?.indent ?? 0) >= indent) blocks.pop();
    if (text.startsWith("@")) {
      decorators.push(text);
      continue;
    }
    const classMatch = PYTHON_CLASS.exec(text);
    const defMatch = /^(?:async\s+)?def\s+(\w+)\s*\(/.exec(text);
    if (classMatch) {
      const bases = classMatch[2] ?? "";
      const isCase = /\bTestCase\b|\w+TestCase\b/.test(bases);
      unittest ||= isCase;
      blocks.push({ indent, kind: "class", test: testClasses.has(classMatch[1] ?? "") });
    } else if (defMatch) {
      const parent = blocks[blocks.length - 1];
      const isTest =
        /^test/.test(defMatch[1] ?? "") && (parent === undefined || (parent.kind === "class" && parent.test));
      if (isTest) {
        counts.tests++;
        if (decorators.some((decorator) => PYTHON_SKIP.test(decorator))) counts.skipped++;
      }
      blocks.push({ indent, kind: "def", test: isTest });
    }
    decorators = [];
  }
  return { ecosystem: "python", framework: unittest ? "unittest" : "pytest", ...counts };
}

function bracketBalance(line: string): number {
  const text = blankStrings(line);
  return (text.match(/[([{]/g)?.length ?? 0) - (text.match(/[)\]}]/g)?.length ?? 0);
}

// testify runs every method whose name starts with "Test" on a suite type (`suite.Run`).
const GO_SUITE_METHOD = /^func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)\s*\)\s*Test\w*\s*\(\s*\)/;

function countGo(source: SourceText, suites: ReadonlySet<string> = new Set()): Counts {
  const counts = { tests: 0, skipped: 0, benchmarks: 0 };
  let current: { test: boolean; skipped: boolean; suite?: boolean } | undefined;
  for (const line of source.code) {
    const func = /^func\s+(Test|Benchmark|Fuzz|Example)(\w*)\s*\(([^)]*)\)/.exec(line);
    if (func) {
      const [, prefix, rest = "", parameters = ""] = func;
      const named = rest === "" || !/^[a-z]/.test(rest);
      const isTest = prefix === "Test" && named && rest !== "Main" && /\*testing\.T\b/.test(parameters);
      const isBench =
        named &&
        ((prefix === "Benchmark" && /\*testing\.B\b/.test(parameters)) ||
          (prefix === "Fuzz" && /\*testing\.F\b/.test(parameters)) ||
          (prefix === "Example" && parameters.trim() === ""));
      if (isTest) counts.tests++;
      if (isBench) counts.benchmarks++;
      current = { test: isTest, skipped: false };
      continue;
    }
    const method = GO_SUITE_METHOD.exec(line);
    if (method && suites.has(method[1] ?? "")) {
      counts.tests++;
      current = { test: true, skipped: false, suite: true };
    } else if (/^func\s/.test(line)) current = undefined;
    const skip = current?.suite ? /\.T\(\)\.Skip(f|Now)?\(/ : /\bt\.Skip(f|Now)?\(/;
    if (current?.test && !current.skipped && skip.test(line)) {
      current.skipped = true;
      counts.skipped++;
    }
  }
  return counts;
}
