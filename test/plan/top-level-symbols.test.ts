import { describe, expect, it } from "vitest";
import { topLevelSymbols } from "../../src/plan/top-level-symbols.js";

describe("topLevelSymbols", () => {
  it("lists TypeScript top-level declarations and skips nested ones, comments and non-exported constants", () => {
    const text = [
      'import { x } from "y";',
      "export async function load(path: string) {",
      "  function inner() {}",
      "}",
      "export default class Server {}",
      "export interface Options { port: number }",
      "export type Id = string;",
      "export const DEFAULT_PORT = 8080;",
      "const internal = 1;",
      "// export function commentedOut() {}",
      "enum Color { Red }",
    ].join("\n");
    expect(topLevelSymbols(text, "typescript")).toEqual([
      "load",
      "Server",
      "Options",
      "Id",
      "DEFAULT_PORT",
      "Color",
    ]);
  });

  it("handles Python, Go, Rust and Ruby", () => {
    expect(
      topLevelSymbols("class A:\n    def method(self): ...\nasync def main():\n    pass\n", "python"),
    ).toEqual(["A", "main"]);
    expect(
      topLevelSymbols("package x\nfunc (s *Server) Start() {}\nfunc main() {}\ntype Server struct{}\n", "go"),
    ).toEqual(["Start", "main", "Server"]);
    expect(
      topLevelSymbols(
        "pub struct Db;\nimpl Db {\n    fn helper() {}\n}\npub(crate) async fn run() {}\n",
        "rust",
      ),
    ).toEqual(["Db", "run"]);
    expect(
      topLevelSymbols(
        "module Billing\nclass Invoice\n  def total; end\nend\ndef self.helper?\nend\n",
        "ruby",
      ),
    ).toEqual(["Billing", "Invoice", "self.helper?"]);
    expect(topLevelSymbols("anything", "markdown")).toEqual([]);
    expect(topLevelSymbols("anything", null)).toEqual([]);
  });
});
