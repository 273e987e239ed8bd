import { baseName } from "./files.js";
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
 * `knownTypes` are types declared in other files: a Go folder's testify suite types, or the Python
 * classes of the repository that derive from a TestCase (see test-contexts.ts).
 */
export function countTests(source: SourceText, knownTypes?: ReadonlySet<string>): TestCount | undefined {
  const ecosystem = ecosystemOf(source.language);
  switch (ecosystem) {
    case "rust":
      return { ecosystem, framework: "cargo test", ...countRust(source) };
    case "python":
      return countPython(source, knownTypes);
    case "node":
      return { ecosystem, ...countNode(source) };
    case "go":
      return { ecosystem, framework: "go test", ...countGo(source, knownTypes) };
    case "jvm":
      return { ecosystem, benchmarks: 0, ...countJvm(source) };
    default:
      return undefined;
  }
}

const counted = new WeakMap<
  SourceText,
  { knownTypes: ReadonlySet<string> | undefined; count: TestCount | undefined }
>();

/**
 * `countTests`, once per line view and suite set: the test inventory and the CI scanner count the
 * same files, and both read them through the snapshot's memoised views.
 */
export function countTestsOnce(source: SourceText, knownTypes?: ReadonlySet<string>): TestCount | undefined {
  const known = counted.get(source);
  if (known && known.knownTypes === knownTypes) return known.count;
  const count = countTests(source, knownTypes);
  counted.set(source, { knownTypes, count });
  return count;
}

type Counts = Pick<TestCount, "tests" | "skipped" | "benchmarks">;

const RUST_TEST_ATTRIBUTE =
  /^#\[\s*(?:(?:[\w:]+::)?test|rstest|test_case|wasm_bindgen_test|quickcheck|(?:[\w:]+::)?test_log::test)\b|^#\[\s*cfg_attr\s*\([\s\S]*,\s*(?:[\w:]+::)?test\s*\)\s*\]$/;
// `#[ignore]`, or ignored on some platforms only (`#[cfg_attr(windows, ignore = "…")]`).
const RUST_IGNORE = /^#\[\s*(?:ignore\b|cfg_attr\s*\([\s\S]*,\s*ignore\b)/;
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
        if (attributes.some((attribute) => RUST_IGNORE.test(attribute))) counts.skipped++;
      } else if (attributes.some((attribute) => /^#\[\s*bench\b/.test(attribute))) counts.benchmarks++;
    }
    braces += (rest.match(/\{/g)?.length ?? 0) - (rest.match(/\}/g)?.length ?? 0);
    attributes = [];
  }
  return counts;
}

const PYTHON_SKIP = /^@(?:pytest\.mark\.skip(?:if)?|unittest\.skip(?:If|Unless)?|skip(?:If|Unless)?)\b/;

const PYTHON_CLASS = /^class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:/;
const PYTHON_FIXTURE = /^@(?:pytest\.|pytest_asyncio\.)?fixture\b/;
const PYTHON_COLLECTED = /^test[\w.-]*\.py$|_tests?\.py$/;

/** A module-level `pytestmark = pytest.mark.skip(…)` (or a list holding one) skips every test of the file. */
function pytestmarkSkips(code: readonly string[]): boolean {
  const start = code.findIndex((line) => /^pytestmark\s*=/.test(line));
  if (start === -1) return false;
  let text = "";
  let balance = 0;
  for (let index = start; index < code.length; index++) {
    text += `${code[index]}\n`;
    balance += bracketBalance(code[index] ?? "");
    if (balance <= 0) break;
  }
  return /\bmark\.skip(?:if)?\b/.test(text);
}

/**
 * Classes whose `test*` methods run: TestCase subclasses, `Test*` classes, and the mixins they
 * inherit from in the same file (a mixin's tests run in every concrete case class; each is counted once).
 */
function pythonTestClasses(source: SourceText, caseBases: ReadonlySet<string>): Set<string> {
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
    if (
      /^Test/.test(name) ||
      list.some((base) => /(?:^|\.)\w*TestCase$/.test(base) || caseBases.has(base.split(".").pop() ?? ""))
    )
      add(name);
  return tests;
}

function countPython(source: SourceText, caseBases: ReadonlySet<string> = new Set()): TestCount {
  const counts = { tests: 0, skipped: 0, benchmarks: 0 };
  // pytest collects test_*.py and *_test.py, unittest test*.py: helpers and conftest.py hold no tests.
  if (!PYTHON_COLLECTED.test(baseName(source.path)))
    return { ecosystem: "python", framework: "pytest", ...counts };
  const testClasses = pythonTestClasses(source, caseBases);
  const moduleSkipped = pytestmarkSkips(source.code);
  const blocks: Array<{ indent: number; kind: "class" | "def"; test: boolean; skipped: boolean }> = [];
  let decorators: string[] = [];
  let unittest = false;
  let openBrackets = 0;
  source.code.forEach((line, index) => {
    const text = line.trim();
    if (text === "") return;
    const continued = openBrackets > 0;
    // Brackets are counted outside strings; the parsed view knows multi-line strings, a line alone does not.
    openBrackets = Math.max(0, openBrackets + bracketBalance(source.codeOutsideStrings?.[index] ?? line));
    // Continuation lines of a multi-line call or literal start no block and keep the decorators.
    if (continued) return;
    const indent = line.length - line.trimStart().length;
    while (blocks.length > 0 && (blocks[blocks.length - 1]?.indent ?? 0) >= indent) blocks.pop();
    if (text.startsWith("@")) {
      decorators.push(text);
      return;
    }
    const classMatch = PYTHON_CLASS.exec(text);
    const defMatch = /^(?:async\s+)?def\s+(\w+)\s*\(/.exec(text);
    if (classMatch) {
      const bases = classMatch[2] ?? "";
      const isCase = /\bTestCase\b|\w+TestCase\b/.test(bases);
      unittest ||= isCase;
      blocks.push({
        indent,
        kind: "class",
        test: testClasses.has(classMatch[1] ?? ""),
        skipped: decorators.some((decorator) => PYTHON_SKIP.test(decorator)),
      });
    } else if (defMatch) {
      const parent = blocks[blocks.length - 1];
      // A `test_*` fixture is set-up, not a test.
      const isTest =
        /^test/.test(defMatch[1] ?? "") &&
        !decorators.some((decorator) => PYTHON_FIXTURE.test(decorator)) &&
        (parent === undefined || (parent.kind === "class" && parent.test));
      if (isTest) {
        counts.tests++;
        if (
          moduleSkipped ||
          decorators.some((decorator) => PYTHON_SKIP.test(decorator)) ||
          blocks.some((block) => block.kind === "class" && block.skipped)
        )
          counts.skipped++;
      }
      blocks.push({ indent, kind: "def", test: isTest, skipped: false });
    }
    decorators = [];
  });
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
  // Brace depth inside the current function, and the depth a `t.Run` subtest opened at: a skip
  // inside a subtest skips that case only, not the test.
  let depth = 0;
  let subtestAt: number | undefined;
  for (const line of source.code) {
    const code = blankStrings(line);
    const delta = (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
    if (/^func\s/.test(line)) {
      depth = 0;
      subtestAt = undefined;
    } else if (current?.test && subtestAt === undefined && /\.Run\s*\(/.test(code)) subtestAt = depth;
    depth += delta;
    const inSubtest = subtestAt !== undefined;
    if (subtestAt !== undefined && depth <= subtestAt) subtestAt = undefined;
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
    if (current?.test && !current.skipped && !inSubtest && skip.test(line)) {
      current.skipped = true;
      counts.skipped++;
    }
  }
  return counts;
}
