import { blankStrings, type SourceText } from "./source-text.js";

/** Tests and skipped tests of one JVM source file. */
export interface JvmCounts {
  framework: "junit" | "testng";
  tests: number;
  skipped: number;
}

interface Annotation {
  /** The simple name (`Test` for `@org.junit.Test`). */
  name: string;
  /** The text between the parentheses, "" without any. */
  args: string;
}

interface TypeScope {
  kind: "type";
  name: string;
  /** `@Disabled` / `@Ignore` here or on an enclosing class: every test inside is skipped. */
  disabled: boolean;
  /** A TestNG class-level `@Test`: its public methods are tests; `enabled` from its arguments. */
  testng?: { enabled: boolean };
  /** A JUnit 3 `TestCase` subclass: its `public void test*()` methods are tests. */
  junit3: boolean;
}

type Scope = TypeScope | { kind: "block" };

const TEST_ANNOTATIONS = new Set([
  "Test",
  "ParameterizedTest",
  "RepeatedTest",
  "TestFactory",
  "TestTemplate",
  "Theory",
]);
const JQWIK_ANNOTATIONS = new Set(["Property", "Example"]);
// Lifecycle and configuration annotations whose names end in "Test" (TestNG `@BeforeTest`).
const NOT_TEST_SUFFIXED = /^(?:Before|After)/;
const SKIP_ANNOTATIONS = new Set(["Disabled", "Ignore"]);
const TYPE_DECLARATION = /(?:^|\s)(?:class|interface|enum|record|object)\s+(\w+)/;
const TESTCASE_BASE = /(?:^|\.)\w*TestCase\w*$/;

/**
 * Counts JUnit 3/4/5, TestNG and jqwik tests: methods under a test annotation (custom
 * `@…Test` meta-annotations included), public methods of a TestNG class annotated `@Test`, and
 * `public void test*()` methods of a JUnit 3 `TestCase` subclass. `@Disabled` / `@Ignore` on the
 * method or an enclosing class and TestNG `enabled = false` mark a test skipped.
 */
export function countJvm(source: SourceText): JvmCounts {
  const text = (source.codeOutsideStrings ?? source.code.map(blankStrings)).join("\n");
  const testng = /\borg\.testng\b/.test(text);
  const jqwik = /\bnet\.jqwik\b/.test(text);
  const junit3 = junit3Classes(text);
  const counts: JvmCounts = { framework: testng ? "testng" : "junit", tests: 0, skipped: 0 };
  const scopes: Scope[] = [];
  let annotations: Annotation[] = [];
  let header = "";
  let depth = 0;

  const enclosingType = (): TypeScope | undefined => {
    const top = scopes[scopes.length - 1];
    return top?.kind === "type" ? top : undefined;
  };
  const isTestAnnotation = (annotation: Annotation) =>
    TEST_ANNOTATIONS.has(annotation.name) ||
    (jqwik && JQWIK_ANNOTATIONS.has(annotation.name)) ||
    (/\wTest$/.test(annotation.name) && !NOT_TEST_SUFFIXED.test(annotation.name));
  // A declaration ends: count it when it is a test method (or an ArchUnit rule field).
  const declare = (): TypeScope | undefined => {
    const type = TYPE_DECLARATION.exec(header);
    const scope = type
      ? typeScope(type[1] ?? "", header, annotations, enclosingType(), junit3, testng)
      : undefined;
    if (!type && annotations.length > 0) countMember(header, annotations);
    else if (!type && header.trim() !== "") countMember(header, []);
    annotations = [];
    header = "";
    depth = 0;
    return scope;
  };
  const countMember = (member: string, found: Annotation[]) => {
    const signature = member.split("=")[0] ?? "";
    const method = /[\w`$]\s*(?:<[^>]*>\s*)?\(/.test(signature);
    const owner = enclosingType();
    const own = found.find(isTestAnnotation);
    let test = own !== undefined && (method || own.name === "ArchTest");
    let disabledByClass = false;
    if (!test && method && owner && /\bpublic\b/.test(signature) && !/\bstatic\b/.test(signature)) {
      const name = /(\w+)\s*\($/.exec(signature.slice(0, signature.indexOf("(") + 1))?.[1];
      if (owner.testng && name !== owner.name && found.every((annotation) => !isConfiguration(annotation))) {
        test = true;
        disabledByClass = !owner.testng.enabled;
      } else if (owner.junit3 && /\bvoid\s+test\w*\s*\(\s*\)/.test(signature)) test = true;
    }
    if (!test) return;
    counts.tests++;
    const skipped =
      disabledByClass ||
      owner?.disabled === true ||
      found.some((annotation) => SKIP_ANNOTATIONS.has(annotation.name)) ||
      (own?.name === "Test" && testng && /\benabled\s*=\s*false\b/.test(own.args));
    if (skipped) counts.skipped++;
  };

  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? "";
    if (char === "@" && depth === 0) {
      const annotation = /^@\s*([\w.]+)/.exec(text.slice(index, index + 200));
      const qualified = annotation?.[1] ?? "";
      if (annotation && qualified !== "interface") {
        // Kotlin needs no semicolon: `@Test fun a() = x` ends where the next annotation starts.
        if (/\)/.test(header)) declare();
        let end = index + annotation[0].length;
        let args = "";
        const open = /^\s*\(/.exec(text.slice(end, end + 50));
        if (open) {
          const close = closingParenthesis(text, end + open[0].length);
          args = text.slice(end + open[0].length, close);
          end = close + 1;
        }
        annotations.push({ name: qualified.slice(qualified.lastIndexOf(".") + 1), args });
        index = end - 1;
        continue;
      }
    }
    if (char === "{") {
      scopes.push(declare() ?? { kind: "block" });
      continue;
    }
    if (char === "}") {
      declare();
      scopes.pop();
      continue;
    }
    if (char === ";" && depth === 0) {
      declare();
      continue;
    }
    if (char === "(") depth++;
    else if (char === ")") depth = Math.max(0, depth - 1);
    header += char;
  }
  return counts;
}

function typeScope(
  name: string,
  header: string,
  annotations: readonly Annotation[],
  parent: TypeScope | undefined,
  junit3: ReadonlySet<string>,
  testng: boolean,
): TypeScope {
  const classTest = testng ? annotations.find((annotation) => annotation.name === "Test") : undefined;
  return {
    kind: "type",
    name,
    disabled:
      parent?.disabled === true || annotations.some((annotation) => SKIP_ANNOTATIONS.has(annotation.name)),
    ...(classTest ? { testng: { enabled: !/\benabled\s*=\s*false\b/.test(classTest.args) } } : {}),
    junit3: junit3.has(name) && /\bclass\b/.test(header),
  };
}

// TestNG runs a public method of a class-level `@Test` class unless it configures the run.
function isConfiguration(annotation: Annotation): boolean {
  return /^(?:Before|After)\w*$|^(?:DataProvider|Factory|Parameters|Override)$/.test(annotation.name);
}

/** Classes of the file that extend `TestCase` (or a `…TestCase…` base), directly or through each other. */
function junit3Classes(text: string): Set<string> {
  const bases = new Map<string, string>();
  for (const match of text.matchAll(/\bclass\s+(\w+)\s*(?:<[^{]*?>\s*)?extends\s+([\w.]+)/g))
    bases.set(match[1] ?? "", match[2] ?? "");
  const derived = new Set<string>();
  const isCase = (name: string, seen: Set<string>): boolean => {
    if (TESTCASE_BASE.test(name) || derived.has(name)) return true;
    const base = bases.get(name);
    if (base === undefined || seen.has(name)) return false;
    seen.add(name);
    return isCase(base, seen);
  };
  for (const [name, base] of bases) if (isCase(base, new Set([name]))) derived.add(name);
  return derived;
}

/** The index of the parenthesis closing the one opened just before `from` (the text's end when unbalanced). */
function closingParenthesis(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === "(") depth++;
    else if (text[index] === ")" && --depth === 0) return index;
  }
  return text.length;
}
