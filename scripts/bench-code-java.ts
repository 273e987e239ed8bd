import { type CodeContext, commentText, fillTo, statements, type Weighted } from "./bench-code.js";

const BODY: readonly Weighted[] = [
  [6, ({ names }) => [`String ${names.camel()} = input.getOrDefault("${names.word()}", "");`]],
  [5, ({ names }) => [`int ${names.camel()} = this.${names.camel()}(name, limit);`]],
  [
    4,
    ({ names }) => [
      `if (${names.camel()} == null) {`,
      `    throw new IllegalArgumentException("missing ${names.word()} for " + name);`,
      "}",
    ],
  ],
  [4, ({ names }) => [`for (String item : ${names.camel()}) {`, "    total += item.length();", "}"]],
  [3, (context) => [`// ${commentText(context)}`]],
  [3, ({ names }) => [`LOG.info("processed {} ${names.word()} items", total);`]],
  [1, ({ names }) => [`System.out.println("${names.word()}: " + total);`]],
  [
    2,
    () => [
      "try {",
      "    store.flush();",
      "} catch (IOException e) {",
      '    LOG.warn("flush failed", e);',
      "}",
    ],
  ],
  [1, () => ['MessageDigest digest = MessageDigest.getInstance("MD5");']],
  [1, ({ names }) => [`String endpoint = "http://localhost:8081/${names.word()}";`]],
  [1, () => ['String note = "TODO in a string is not a marker";']],
];

function methodUnit(context: CodeContext): string[] {
  const { names, random } = context;
  return [
    `    /** ${commentText(context)} */`,
    `    public int ${names.camel()}(String name, Map<String, String> input, int limit) throws Exception {`,
    "        int total = 0;",
    ...statements(context, BODY, random.int(3, 12), "        "),
    "        return total;",
    "    }",
  ];
}

function testUnit(context: CodeContext): string[] {
  const { names, random } = context;
  return [
    "    @Test",
    `    void ${names.camel()}Works() {`,
    `        assertEquals(${random.int(0, 9)}, subject.${names.camel()}("x", Map.of(), 1));`,
    "    }",
  ];
}

/** A Java class (or JUnit test class) of about `target` lines. */
export function javaFile(context: CodeContext, target: number, isTest: boolean, className: string): string {
  const header = [
    "package com.example.app;",
    "",
    "import java.io.IOException;",
    "import java.security.MessageDigest;",
    "import java.util.Map;",
    isTest ? "import org.junit.jupiter.api.Test;" : "import org.slf4j.Logger;",
    "",
    `public class ${className} {`,
    isTest
      ? "    private final Service subject = new Service();"
      : `    private static final Logger LOG = LoggerFactory.getLogger(${className}.class);`,
    "",
  ];
  return fillTo(
    target,
    header,
    () => (isTest ? testUnit(context) : methodUnit(context)),
    () => ["}"],
  );
}
