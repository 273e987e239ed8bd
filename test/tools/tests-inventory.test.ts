import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { testsInventorySection } from "../../src/render/markdown/sections/tests-inventory.js";
import { testsInventoryScanner } from "../../tools/tests-inventory.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const CORE_LIB = `//! Core.
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

// #[test]
fn helper() -> &'static str {
    "#[test]"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(1, 2), 3);
    }

    #[tokio::test]
    #[ignore]
    async fn slow() {}

    fn test_helper() {}
}
`;

const PYTHON_TESTS = `import pytest
import unittest


def test_a():
    def test_inner():
        pass
    assert True


class TestX:
    def test_b(self):
        pass


class Helper:
    def test_c(self):
        pass


@pytest.mark.skip(reason="flaky")
def test_s():
    pass


class MyCase(unittest.TestCase):
    def test_d(self):
        """def test_in_docstring(): pass"""
        self.assertTrue(True)


class CheckerMixin:
    def test_from_mixin(self):
        pass


class MyOtherCase(CheckerMixin, unittest.TestCase):
    pass
`;

const JS_TESTS = `import { bench, describe, expect, it, test } from "vitest";

describe("math", () => {
  it("a", () => expect(1).toBe(1));
  test.each([1, 2])("b %i", (n) => expect(n).toBeGreaterThan(0));
  it.skip("c", () => {});
  xit("d", () => {});
  test.todo("e");
  // it("commented", () => {});
  const label = "it( is not a call";
  bench("z", () => {});
});
`;

const GO_TESTS = `package math

import "testing"

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("bad")
	}
}

func TestSkip(t *testing.T) {
	t.Skip("later")
}

func TestMain(m *testing.M) {}

func Testhelper(t *testing.T) {}

func BenchmarkAdd(b *testing.B) {}

func ExampleAdd() {}
`;

const JAVA_TESTS = `class FooTest {
  @Test
  void one() {}

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void two(int n) {}

  @Disabled("later")
  @Test
  void three() {}

  // @Test
  void helper() {}
}
`;

async function scan(files: Record<string, string>) {
  return testsInventoryScanner.run(await ingest(await makeRepo(files)), {});
}

describe("tests-inventory scanner", () => {
  it("counts tests per file and module across ecosystems and flags an untested crate", async () => {
    const web = Array.from({ length: 320 }, (_, index) => `pub fn f${index}() -> u32 { ${index} }`).join(
      "\n",
    );
    const result = await scan({
      "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
      "crates/core/Cargo.toml": '[package]\nname = "core"\n',
      "crates/core/src/lib.rs": CORE_LIB,
      "crates/core/tests/api.rs": "#[test]\nfn api() {}\n",
      "crates/web/Cargo.toml": '[package]\nname = "web"\n',
      "crates/web/src/lib.rs": `${web}\n`,
      "crates/web/src/main.rs": "use axum::Router;\nfn main() { let _ = Router::<()>::new(); }\n",
      "tests/test_app.py": PYTHON_TESTS,
      "web/package.json": '{ "name": "web" }\n',
      "web/src/app.test.ts": JS_TESTS,
      "pkg/math/math.go": "package math\n\nfunc Add(a, b int) int { return a + b }\n",
      "pkg/math/math_test.go": GO_TESTS,
      "src/test/java/FooTest.java": JAVA_TESTS,
      "e2e/login.spec.ts":
        'import { test, expect } from "@playwright/test";\n\ntest("login", async ({ page }) => {\n  test.slow();\n});\n',
      "playwright.config.ts": "export default {};\n",
    });
    const files = Object.fromEntries(result.facts.files.map(({ file, ...rest }) => [file, rest]));
    expect(files).toEqual({
      "crates/core/src/lib.rs": {
        ecosystem: "rust",
        framework: "cargo test",
        kind: "unit",
        tests: 2,
        skipped: 1,
        benchmarks: 0,
        inline: true,
      },
      "crates/core/tests/api.rs": {
        ecosystem: "rust",
        framework: "cargo test",
        kind: "integration",
        tests: 1,
        skipped: 0,
        benchmarks: 0,
        inline: false,
      },
      "tests/test_app.py": {
        ecosystem: "python",
        framework: "unittest",
        kind: "unit",
        tests: 5,
        skipped: 1,
        benchmarks: 0,
        inline: false,
      },
      "web/src/app.test.ts": {
        ecosystem: "node",
        framework: "vitest",
        kind: "unit",
        tests: 5,
        skipped: 3,
        benchmarks: 1,
        inline: false,
      },
      "pkg/math/math_test.go": {
        ecosystem: "go",
        framework: "go test",
        kind: "unit",
        tests: 2,
        skipped: 1,
        benchmarks: 2,
        inline: false,
      },
      "src/test/java/FooTest.java": {
        ecosystem: "jvm",
        framework: "junit",
        kind: "unit",
        tests: 3,
        skipped: 1,
        benchmarks: 0,
        inline: false,
      },
      "e2e/login.spec.ts": {
        ecosystem: "node",
        framework: "playwright",
        kind: "e2e",
        tests: 1,
        skipped: 0,
        benchmarks: 0,
        inline: false,
      },
    });
    expect(result.facts.totals).toEqual({
      tests: 19,
      skipped: 7,
      benchmarks: 3,
      files: 7,
      unit: 17,
      integration: 1,
      e2e: 1,
    });
    expect(result.facts.modules).toEqual([
      { module: "pkg/math", ecosystem: "go", productionFiles: 1, productionCode: 2, testFiles: 1, tests: 2 },
      { module: "", ecosystem: "jvm", productionFiles: 0, productionCode: 0, testFiles: 1, tests: 3 },
      { module: "", ecosystem: "node", productionFiles: 1, productionCode: 1, testFiles: 1, tests: 1 },
      { module: "web", ecosystem: "node", productionFiles: 0, productionCode: 0, testFiles: 1, tests: 5 },
      { module: "", ecosystem: "python", productionFiles: 0, productionCode: 0, testFiles: 1, tests: 5 },
      {
        module: "crates/core",
        ecosystem: "rust",
        productionFiles: 1,
        productionCode: 6,
        testFiles: 1,
        tests: 3,
      },
      {
        module: "crates/web",
        ecosystem: "rust",
        productionFiles: 2,
        productionCode: 322,
        testFiles: 0,
        tests: 0,
      },
    ]);
    expect(result.facts.integration).toEqual({ present: true, files: 1, tests: 1 });
    expect(result.facts.e2e).toEqual({
      present: true,
      files: 1,
      tests: 1,
      configs: ["playwright.config.ts"],
    });
    expect(testsInventorySection.checklist?.(result.facts)).toEqual([
      { category: "Test coverage by module", status: "❌ Missing", notes: "No tests in crates/web" },
      {
        category: "Integration / end-to-end tests",
        status: "✅ Good",
        notes: "1 integration, 1 end-to-end tests",
      },
    ]);
    expect(testsInventorySection.render(result.facts, {} as never)).toContain(
      "| `crates/web` | rust | 322 | 0 | 0 | ❌ gap |",
    );
    expect(result.findings).toEqual([
      {
        ruleId: "tests/untested-module",
        area: "testing",
        severity: "medium",
        title: "No tests for crates/web (322 lines of rust code)",
        description:
          "crates/web holds 322 lines of production code in 2 files and no test function was found in it or its test folders, so changes there are verified by nothing but review.",
        recommendation:
          "Add tests for the main behaviour of crates/web, starting with its public entry points and error paths.",
      },
    ]);
  });

  it("reads Rust test attributes across comments and lines, quickcheck! blocks and lone #[test] fns", async () => {
    const { facts } = await scan({
      "Cargo.toml": '[package]\nname = "cells"\n',
      "src/lib.rs": [
        "pub fn size() -> usize { 1 }",
        "#[test]",
        "fn lone_test_without_cfg_module() {}",
        "",
      ].join("\n"),
      "examples/demo.rs": "fn main() {}\n#[test]\nfn example_test() {}\n",
      "tests/it.rs": [
        "#[test]",
        "// a comment between the attribute and the fn",
        "#[allow(clippy::needless_lifetimes)]",
        "fn with_comment<'a>() {}",
        "#[test] // trailing comment",
        "fn trailing() {}",
        '#[test_case(vec![1, 2]; "nested ] bracket")]',
        "fn nested(input: Vec<u8>) {}",
        "#[test_case(",
        "    3,",
        "    4",
        ")]",
        "fn multi_line(a: u8, b: u8) {}",
        "#[derive(Debug)]",
        "// not a test: derive only",
        "struct Fixture;",
        "fn helper_after_struct() {}",
        "quickcheck! {",
        "    fn prop_one(x: u8) -> bool {",
        "        fn inner_helper() -> bool { true }",
        "        inner_helper()",
        "    }",
        "    fn prop_two(x: u8) -> bool { x == x }",
        "}",
        "fn plain_helper_after_block() {}",
        "",
      ].join("\n"),
    });
    expect(facts.files.map((file) => [file.file, file.kind, file.tests, file.inline])).toEqual([
      ["examples/demo.rs", "unit", 1, true],
      ["src/lib.rs", "unit", 1, true],
      ["tests/it.rs", "integration", 6, false],
    ]);
  });

  it("counts testify suite methods on suite types only, whatever file the type lives in", async () => {
    const { facts } = await scan({
      "go.mod": "module example.com/cart\n",
      "cart/cart.go": "package cart\n\nfunc Total() int { return 0 }\n",
      "cart/base_test.go": [
        "package cart",
        "",
        'import "github.com/stretchr/testify/suite"',
        "",
        "type baseSuite struct {",
        "\tsuite.Suite",
        "\tdb string",
        "}",
        "",
      ].join("\n"),
      "cart/cart_test.go": [
        "package cart",
        "",
        "import (",
        '\t"testing"',
        "",
        '\tts "github.com/stretchr/testify/suite"',
        ")",
        "",
        "type CartSuite struct{ baseSuite }",
        "type runOnly struct{ other }",
        "type helper struct{ name string }",
        "",
        "func (s *CartSuite) TestAdd()      {}",
        "func (s *CartSuite) Test_Remove()  { s.T().Skip() }",
        "func (s *CartSuite) SetupTest()    {}",
        "func (s *CartSuite) TestCase(n int) {}",
        "func (r runOnly) TestRun()          {}",
        "func (h *helper) TestMethod()      {}",
        "",
        "func TestCartSuite(t *testing.T) {",
        "\tts.Run(t, new(CartSuite))",
        "\tts.Run(t, &runOnly{})",
        "}",
        "",
      ].join("\n"),
    });
    expect(facts.files.map((file) => [file.file, file.tests, file.skipped])).toEqual([
      ["cart/cart_test.go", 4, 1],
    ]);
  });

  it("reads pytest's collection rules: inherited cases, fixtures, helper modules and module or class skips", async () => {
    const result = await scan({
      "app/core.py": "def run():\n    return 1\n",
      "tests/base.py": [
        "from django.test import TestCase as DjangoTestCase",
        "class BaseCase(DjangoTestCase):",
        "    def test_helper_not_collected(self):",
        "        pass",
        "",
      ].join("\n"),
      "tests/test_models.py": [
        "from base import BaseCase",
        "class One(BaseCase):",
        "    def test_a(self):",
        "        pass",
        "    def test_b(self):",
        "        pass",
        "",
      ].join("\n"),
      "tests/conftest.py": [
        "import pytest",
        "@pytest.fixture",
        "def test_spans(tracer):",
        "    return []",
        "",
      ].join("\n"),
      "tests/test_fixtures.py": [
        "import pytest",
        "@pytest.fixture",
        "def test_client():",
        "    return 1",
        "@pytest.mark.skip(reason='flaky')",
        "class TestSkipped:",
        "    def test_1(self):",
        "        pass",
        "    def test_2(self):",
        "        pass",
        "def test_real(test_client):",
        "    assert test_client",
        "",
      ].join("\n"),
      // A multi-line string with an unclosed bracket must not hide the tests after it.
      "tests/test_strings.py": [
        "def test_doc():",
        '    text = """',
        "    * Argument forms as keywords and tuples (like this",
        '    """',
        "    assert text",
        "def test_after():",
        "    pass",
        "",
      ].join("\n"),
      "tests/test_journald.py": [
        "import pytest",
        "pytestmark = [",
        "    pytest.mark.skipif(True, reason='no journald'),",
        "]",
        "def test_log():",
        "    pass",
        "",
      ].join("\n"),
    });
    const byFile = Object.fromEntries(
      result.facts.files.map((entry) => [entry.file, [entry.tests, entry.skipped]]),
    );
    expect(byFile).toEqual({
      "tests/test_models.py": [2, 0],
      "tests/test_fixtures.py": [3, 2],
      "tests/test_journald.py": [1, 1],
      "tests/test_strings.py": [2, 0],
    });
  });

  it("reads Rust tests and ignores behind cfg_attr, and Go's old +build tag", async () => {
    const result = await scan({
      "Cargo.toml": '[package]\nname = "car"\nversion = "0.1.0"\n',
      "src/lib.rs": [
        "pub fn add(a: u8, b: u8) -> u8 { a + b }",
        "#[cfg(test)]",
        "mod tests {",
        '    #[cfg_attr(not(target_arch = "wasm32"), tokio::test)]',
        "    async fn roundtrip() {}",
        "    #[test]",
        '    #[cfg_attr(windows, ignore = "slow on windows")]',
        "    fn slow() {}",
        "    #[cfg_attr(test, derive(Debug))]",
        "    struct Fixture;",
        "}",
        "",
      ].join("\n"),
      "go.mod": "module example.com/x\n\ngo 1.21\n",
      "store/store_test.go": [
        "// +build integration",
        "",
        "package store",
        "",
        'import "testing"',
        "",
        "func TestSave(t *testing.T) {}",
        "",
      ].join("\n"),
      // A skip inside a t.Run subtest skips one case; a skip in the test's own body skips the test.
      "store/table_test.go": [
        "package store",
        "",
        'import "testing"',
        "",
        "func TestTable(t *testing.T) {",
        "\tfor _, tc := range cases {",
        "\t\tt.Run(tc.name, func(t *testing.T) {",
        "\t\t\tif tc.skip {",
        "\t\t\t\tt.Skip()",
        "\t\t\t}",
        "\t\t})",
        "\t}",
        "}",
        "",
        "func TestLater(t *testing.T) {",
        '\tt.Run("first", func(t *testing.T) {})',
        '\tt.Skip("not yet")',
        "}",
        "",
      ].join("\n"),
    });
    expect(result.facts.files.map((entry) => [entry.file, entry.tests, entry.skipped, entry.kind])).toEqual([
      ["src/lib.rs", 2, 1, "unit"],
      ["store/store_test.go", 1, 0, "integration"],
      ["store/table_test.go", 2, 1, "unit"],
    ]);
  });

  it("counts JUnit 3 cases, TestNG class-level tests, jqwik properties and class-level @Disabled", async () => {
    const { facts } = await scan({
      "src/test/java/LegacyTest.java": [
        "import junit.framework.TestCase;",
        "public class LegacyTest extends TestCase {",
        "  public void testAdds() {}",
        "  @Override public void setUp() {}",
        "  private void testHelper() {}",
        "  public static void testStatic() {}",
        "}",
        "class Plain {",
        "  public void testNotATestCase() {}",
        "}",
        "",
      ].join("\n"),
      "src/test/java/ClassLevelTest.java": [
        "import org.testng.annotations.*;",
        "@Test(enabled = false)",
        "public class ClassLevelTest {",
        "  public ClassLevelTest() {}",
        "  public void inherits() {}",
        "  @Test public void ownAnnotationRuns() {}",
        "  @Test(enabled = false) public void disabled() {}",
        "  @BeforeTest public void configures() {}",
        "  @DataProvider public Object[][] rows() { return null; }",
        "  void packagePrivate() {}",
        "}",
        "",
      ].join("\n"),
      "src/test/java/PropertiesTest.java": [
        "import net.jqwik.api.*;",
        "class PropertiesTest {",
        "  @Property(tries = 10)",
        "  boolean holds(@ForAll int number) { return true; }",
        '  @CartesianProductTest({"0", "1"})',
        "  void custom(String a) {}",
        '  String block = """',
        "      @Test",
        "      void quoted() {}",
        '      """;',
        "}",
        "",
      ].join("\n"),
      "src/test/java/DisabledTest.java": [
        "import org.junit.jupiter.api.*;",
        '@Disabled("bug (#99)")',
        "class DisabledTest {",
        "  @Test void one() {}",
        "  @Nested class Inner {",
        "    @Test void two() {}",
        "  }",
        "}",
        "class Enabled {",
        "  @Test void three() {}",
        "}",
        "",
      ].join("\n"),
    });
    expect(facts.files.map((file) => [file.file, file.framework, file.tests, file.skipped])).toEqual([
      ["src/test/java/ClassLevelTest.java", "testng", 3, 2],
      ["src/test/java/DisabledTest.java", "junit", 3, 2],
      ["src/test/java/LegacyTest.java", "junit", 1, 0],
      ["src/test/java/PropertiesTest.java", "junit", 2, 0],
    ]);
  });

  it("skips every test of a skipped suite and ignores test code quoted in template literals", async () => {
    const { facts } = await scan({
      "src/suite.test.ts": [
        'import { describe, it, test } from "vitest";',
        'describe.skip("off", () => {',
        '  it("a", () => {});',
        '  describe("inner", () => { test("b", () => {}); });',
        "});",
        'xdescribe("x", () => { it("c", () => {}); });',
        "describe.skip.each([1, 2])('%s', () => { it('d', () => {}); });",
        'describe("on", () => {',
        "  it.each`",
        "    a | b",
        "    $" + "{1} | $" + "{2}",
        "  `('adds $a', () => {});",
        '  test("writes a fixture", () => {',
        "    const content = `",
        "      it('quoted', () => {});",
        "      test.skip('quoted too', () => {});",
        "    `;",
        "  });",
        "});",
        "",
      ].join("\n"),
    });
    expect(facts.files.map((file) => [file.file, file.framework, file.tests, file.skipped])).toEqual([
      ["src/suite.test.ts", "vitest", 6, 4],
    ]);
  });

  it("flags a service without integration tests and stays silent when there are no tests at all", async () => {
    const service = await scan({
      "app/main.py":
        'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\ndef root():\n    return {}\n',
      "tests/test_main.py": "def test_root():\n    assert True\n",
    });
    expect(service.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ["tests/no-integration-tests", "low"],
    ]);
    const big = Array.from({ length: 1200 }, (_, index) => `x${index} = ${index}`).join("\n");
    const untested = await scan({ "app/main.py": `from fastapi import FastAPI\n${big}\n` });
    expect(untested.facts.totals.tests).toBe(0);
    expect(untested.findings).toEqual([]);
  });
});
