import { type CodeContext, commentText, fillTo, statements, type Weighted } from "./bench-code.js";

const BODY: readonly Weighted[] = [
  [6, ({ names }) => [`${names.snake()} = payload.get("${names.word()}", {})`]],
  [
    5,
    ({ names }) => [
      `${names.snake()} = self.${names.snake()}(${names.snake()}, limit=${names.word().length})`,
    ],
  ],
  [
    4,
    ({ names }) => [
      `if not ${names.snake()}:`,
      `    raise ValueError(f"missing ${names.word()} for {name}")`,
    ],
  ],
  [
    4,
    ({ names }) => [
      `for item in ${names.snake()}:`,
      "    total += len(item)",
      `    seen.add(item.${names.word()})`,
    ],
  ],
  [3, (context) => [`# ${commentText(context)}`]],
  [3, ({ names }) => [`logger.info("processed %s ${names.word()} items", total)`]],
  [1, ({ names }) => [`print(f"${names.word()}: {total}")`]],
  [
    2,
    ({ names }) => [
      "try:",
      `    ${names.snake()} = json.loads(raw)`,
      "except ValueError as error:",
      `    logger.warning("bad ${names.word()}: %s", error)`,
    ],
  ],
  [1, () => ["try:", "    handle.close()", "except:", "    pass"]],
  [1, () => ["try:", "    cache.flush()", "except Exception:", "    pass"]],
  [1, ({ names }) => [`${names.snake()} = "https://api.example.com/v1/${names.word()}"`]],
  [1, () => ["digest = hashlib.md5(body).hexdigest()"]],
  [1, () => ['note = "TODO in a string is not a marker"']],
  [
    2,
    ({ names }) => [
      `${names.snake()} = [`,
      "    entry.weight * 2",
      `    for entry in ${names.snake()}`,
      "    if entry.enabled",
      "]",
    ],
  ],
];

function functionUnit(context: CodeContext, indent: string, method: boolean): string[] {
  const { names, random } = context;
  const isAsync = random.chance(0.25);
  const self = method ? "self, " : "";
  const blocking = isAsync && random.chance(0.15) ? ["time.sleep(0.5)"] : [];
  const lines = [
    `${isAsync ? "async def" : "def"} ${names.snake()}(${self}payload: dict, name: str = "default") -> int:`,
    `    """${commentText(context)}"""`,
    "    total = 0",
    "    seen = set()",
    ...blocking.map((line) => `    ${line}`),
    ...statements(context, BODY, random.int(3, 14), "    "),
    "    return total",
  ];
  return lines.map((line) => (line === "" ? line : indent + line));
}

function classUnit(context: CodeContext): string[] {
  const { names, random } = context;
  const methods = Array.from({ length: random.int(1, 4) }, () => [
    ...functionUnit(context, "    ", true),
    "",
  ]);
  return [
    `class ${names.pascal()}:`,
    `    """${commentText(context)}"""`,
    "",
    "    def __init__(self, store, limit: int = 100) -> None:",
    "        self.store = store",
    "        self.limit = limit",
    "",
    ...methods.flat(),
  ];
}

function testUnit(context: CodeContext): string[] {
  const { names, random } = context;
  if (random.chance(0.3)) {
    return [
      `class Test${names.pascal()}(unittest.TestCase):`,
      `    def test_${names.snake()}(self):`,
      `        self.assertEqual(parse_${names.word()}("x"), ${random.int(0, 9)})`,
      "",
      `    def test_${names.snake()}_empty(self):`,
      "        with self.assertRaises(ValueError):",
      `            parse_${names.word()}("")`,
    ];
  }
  return [
    `def test_${names.snake()}():`,
    `    result = ${names.snake()}({"${names.word()}": 1})`,
    `    assert result == ${random.int(0, 9)}`,
  ];
}

/** A Python module (or pytest file) of about `target` lines. */
export function pythonFile(context: CodeContext, target: number, isTest: boolean): string {
  const header = [
    `"""${commentText(context)}"""`,
    "import hashlib",
    "import json",
    "import logging",
    "import time",
    isTest ? "import unittest" : "import requests",
    "",
    "logger = logging.getLogger(__name__)",
    "",
  ];
  const unit = isTest
    ? () => testUnit(context)
    : () => (context.random.chance(0.4) ? classUnit(context) : functionUnit(context, "", false));
  return fillTo(target, header, unit, () => []);
}
