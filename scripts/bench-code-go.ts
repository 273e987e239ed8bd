import { type CodeContext, commentText, fillTo, statements, type Weighted } from "./bench-code.js";
import { capitalise } from "./bench-random.js";

const BODY: readonly Weighted[] = [
  [6, ({ names }) => [`${names.camel()} := input[${JSON.stringify(names.word())}]`]],
  [
    5,
    ({ names }) => [
      `${names.camel()}, err := s.${capitalise(names.camel())}(ctx, name)`,
      "if err != nil {",
      `\treturn 0, fmt.Errorf("loading ${names.word()}: %w", err)`,
      "}",
      `_ = ${names.camel()}`,
    ],
  ],
  [2, ({ names }) => [`_ = s.${capitalise(names.camel())}(ctx, name)`]],
  [4, ({ names }) => [`for _, item := range s.${names.camel()} {`, "\ttotal += len(item)", "}"]],
  [3, (context) => [`// ${commentText(context)}`]],
  [3, ({ names }) => [`log.Printf("processed %d ${names.word()} items", total)`]],
  [1, ({ names }) => [`fmt.Println("${names.word()}", total)`]],
  [1, ({ names }) => ["if total < 0 {", `\tpanic("negative ${names.word()} count")`, "}"]],
  [1, ({ names }) => [`endpoint := "http://localhost:9090/${names.word()}"`, "_ = endpoint"]],
  [1, () => ["sum := md5.Sum([]byte(name))", "_ = sum"]],
  [1, () => ['note := "TODO in a string is not a marker"', "_ = note"]],
];

function functionUnit(context: CodeContext): string[] {
  const { names, random } = context;
  const name = capitalise(names.camel());
  return [
    `// ${name} ${commentText(context).toLowerCase()}`,
    `func (s *Service) ${name}(ctx context.Context, name string, input map[string]string) (int, error) {`,
    "\ttotal := 0",
    ...statements(context, BODY, random.int(3, 12), "\t"),
    "\treturn total, nil",
    "}",
  ];
}

function testUnit(context: CodeContext): string[] {
  const { names, random } = context;
  return [
    `func Test${capitalise(names.camel())}(t *testing.T) {`,
    "\ts := NewService()",
    `\tgot, err := s.${capitalise(names.camel())}(context.Background(), "x", nil)`,
    "\tif err != nil {",
    "\t\tt.Fatal(err)",
    "\t}",
    `\tif got != ${random.int(0, 9)} {`,
    '\t\tt.Errorf("unexpected %d", got)',
    "\t}",
    "}",
  ];
}

/** A Go source or `_test.go` file of about `target` lines. */
export function goFile(context: CodeContext, target: number, isTest: boolean, packageName: string): string {
  const imports = isTest
    ? ['\t"context"', '\t"testing"']
    : ['\t"context"', '\t"crypto/md5"', '\t"fmt"', '\t"log"'];
  const header = [`package ${packageName}`, "", "import (", ...imports, ")", ""];
  if (!isTest)
    header.push(
      "// Service holds the dependencies of the handlers.",
      "type Service struct {",
      "\titems []string",
      "}",
      "",
    );
  return fillTo(
    target,
    header,
    () => (isTest ? testUnit(context) : functionUnit(context)),
    () => [],
  );
}
