import { type CodeContext, commentText, fillTo, statements, type Weighted } from "./bench-code.js";
import { capitalise } from "./bench-random.js";

const BODY: readonly Weighted[] = [
  [
    6,
    ({ names }) => [
      `let ${names.snake()} = ${names.snake()}.get("${names.word()}").cloned().unwrap_or_default();`,
    ],
  ],
  [
    5,
    ({ names }) => [
      `let ${names.snake()} = parse_${names.word()}(&input).context("parsing ${names.word()}")?;`,
    ],
  ],
  [3, ({ names }) => [`let ${names.snake()} = state.${names.word()}.lock().unwrap();`]],
  [2, ({ names }) => [`let ${names.snake()}: u64 = raw.parse().expect("${names.word()} is a number");`]],
  [
    4,
    ({ names }) => [
      `if ${names.snake()}.is_empty() {`,
      `    return Err(anyhow!("empty ${names.word()} in {}", name));`,
      "}",
    ],
  ],
  [
    4,
    ({ names }) => [
      `for item in ${names.snake()}.iter() {`,
      "    total += item.len();",
      `    seen.insert(item.${names.word()}.clone());`,
      "}",
    ],
  ],
  [3, (context) => [`// ${commentText(context)}`]],
  [2, ({ names }) => [`let message = format!("could not load {} (TODO is data here)", ${names.snake()});`]],
  [3, ({ names }) => [`tracing::info!(count = total, "processed ${names.word()} batch");`]],
  [1, ({ names }) => [`println!("${names.word()}: {}", total);`]],
  [
    2,
    ({ names }) => [
      `let ${names.snake()} = match lookup(&key) {`,
      "    Some(found) => found,",
      `    None => unreachable!("${names.word()} was registered at start-up"),`,
      "};",
    ],
  ],
  [1, () => ["let first = unsafe { *pointer.add(offset) };"]],
  [1, ({ names }) => [`let endpoint = "http://localhost:8080/${names.word()}";`]],
  [1, () => ["let digest = md5::compute(&bytes);"]],
  [
    3,
    ({ names }) => [
      `let ${names.snake()} = ${names.snake()}`,
      "    .iter()",
      "    .filter(|entry| entry.enabled)",
      "    .map(|entry| entry.weight * 2)",
      "    .collect::<Vec<_>>();",
    ],
  ],
];

function structUnit(context: CodeContext): string[] {
  const { names, random } = context;
  const name = names.pascal();
  const fields = Array.from({ length: random.int(2, 7) }, () => {
    const type = random.pick(["u64", "String", "Option<String>", "Vec<u8>", "bool", "HashMap<String, u32>"]);
    return `    pub ${names.snake()}: ${type},`;
  });
  const methods = Array.from({ length: random.int(1, 4) }, () => fnUnit(context, "    ")).flat();
  return [
    `/// ${commentText(context)}`,
    "#[derive(Debug, Clone, Serialize, Deserialize)]",
    `pub struct ${name} {`,
    ...fields,
    "}",
    "",
    `impl ${name} {`,
    ...methods,
    "}",
  ];
}

function fnUnit(context: CodeContext, indent = ""): string[] {
  const { names, random } = context;
  const isAsync = random.chance(0.3);
  const head = `${isAsync ? "pub async fn" : "pub fn"} ${names.snake()}(input: &str, state: &State) -> Result<usize> {`;
  const sleep = isAsync && random.chance(0.1) ? ["    std::thread::sleep(Duration::from_millis(25));"] : [];
  const body = statements(context, BODY, random.int(3, 14), "    ");
  return [
    `/// ${commentText(context)}`,
    head,
    "    let mut total = 0;",
    ...sleep,
    ...body,
    "    Ok(total)",
    "}",
  ]
    .map((line) => (line === "" ? line : indent + line))
    .concat(indent ? [""] : []);
}

function testsModule(context: CodeContext): string[] {
  const { names, random } = context;
  const tests = Array.from({ length: random.int(1, 6) }, () => [
    random.chance(0.2) ? "    #[tokio::test]" : "    #[test]",
    `    ${random.chance(0.2) ? "async " : ""}fn ${names.snake()}_works() {`,
    `        let value = parse_${names.word()}("input").unwrap();`,
    `        assert_eq!(value.len(), ${random.int(0, 9)});`,
    "    }",
    "",
  ]).flat();
  return ["#[cfg(test)]", "mod tests {", "    use super::*;", "", ...tests, "}"];
}

/** A Rust source file of about `target` lines; production files often end in a `#[cfg(test)]` module. */
export function rustFile(context: CodeContext, target: number, isTest: boolean): string {
  const header = [
    `//! ${capitalise(context.names.word())} handling.`,
    "use std::collections::HashMap;",
    "use std::time::Duration;",
    "",
    "use anyhow::{anyhow, Context, Result};",
    "use serde::{Deserialize, Serialize};",
    "",
  ];
  if (isTest)
    return fillTo(
      target,
      header,
      () => testsModule(context).slice(4, -1),
      () => [],
    );
  const withTests = context.random.chance(0.4);
  return fillTo(
    target,
    header,
    () => (context.random.chance(0.35) ? structUnit(context) : fnUnit(context)),
    () => (withTests ? testsModule(context) : []),
  );
}
