import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { makeRepo } from "../helpers/fixture-repo.js";

describe("Rust test modules in their own files", () => {
  it("marks the body of a cfg(test) module declared elsewhere, and its submodules, as test code", async () => {
    const root = await makeRepo({
      "src/lib.rs": [
        "pub mod parser;",
        "mod real;",
        "#[cfg(not(test))]",
        "mod release_only;",
        "// #[cfg(test)]",
        "mod commented;",
        "#[cfg(test)]",
        "// shared helpers",
        "pub(crate) mod test_util;",
        "#[cfg(test)]",
        "mod inline {",
        "    #[test]",
        "    fn t() {}",
        "}",
        "",
      ].join("\n"),
      "src/parser.rs":
        '#[cfg(all(feature = "x", test))]\nmod tests;\n\n#[cfg(test)]\n#[path = "fixtures/cases.rs"]\nmod cases;\n',
      "src/parser/tests/mod.rs": "mod helpers;\n#[test]\nfn parses() {}\n",
      "src/parser/tests/helpers.rs": "pub fn sample() -> u8 { 1 }\n",
      "src/parser/fixtures/cases.rs": "pub const CASES: u8 = 1;\n",
      "src/test_util.rs": "pub fn build() {}\n",
      "src/real.rs": "pub fn real() {}\n",
      "src/release_only.rs": "pub fn fast() {}\n",
      "src/commented.rs": "pub fn kept() {}\n",
      "src/inline.rs": "pub fn not_the_inline_module() {}\n",
    });
    const snapshot = await ingest(root);
    const tests = snapshot.files.filter((file) => file.isTest).map((file) => file.path);
    expect(tests.sort()).toEqual([
      "src/parser/fixtures/cases.rs",
      "src/parser/tests/helpers.rs",
      "src/parser/tests/mod.rs",
      "src/test_util.rs",
    ]);
  });
});
