import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodeauditError } from "../../src/errors.js";
import { discoverSuites, loadSuite } from "../../src/eval/load-suite.js";
import { tempDir } from "../helpers/fixture-repo.js";

const VALID = `name: demo
description: A demo suite.
cases:
  - id: one
    repo: { fixture: fixtures/one }
    expected:
      - { id: secret, area: security, severity: high, file: app.py, lines: [3, 3] }
      - { id: no-ci, area: ci-cd, severity: high, keywords: [CI], source: scan, required: false }
    injection: true
`;

async function suiteDir(yaml: string, name = "demo"): Promise<string> {
  const root = await tempDir("codeaudit-suite-");
  const dir = path.join(root, name);
  await mkdir(path.join(dir, "fixtures", "one"), { recursive: true });
  await writeFile(path.join(dir, "suite.yaml"), yaml);
  return root;
}

async function loadError(yaml: string): Promise<string> {
  const root = await suiteDir(yaml);
  try {
    await loadSuite(path.join(root, "demo", "suite.yaml"), root);
  } catch (error) {
    expect(error).toBeInstanceOf(CodeauditError);
    expect((error as CodeauditError).code).toBe("CONFIG_INVALID");
    return (error as Error).message;
  }
  throw new Error("the suite loaded");
}

describe("loadSuite", () => {
  it("applies the defaults and resolves the fixture folder", async () => {
    const root = await suiteDir(VALID);
    const suite = await loadSuite(path.join(root, "demo", "suite.yaml"), root);
    expect(suite).toEqual({
      name: "demo",
      description: "A demo suite.",
      file: path.join(root, "demo", "suite.yaml"),
      displayFile: "demo/suite.yaml",
      cases: [
        {
          id: "one",
          repo: { fixture: "fixtures/one" },
          fixtureDir: path.join(root, "demo", "fixtures", "one"),
          expected: [
            {
              id: "secret",
              area: "security",
              acceptAreas: [],
              severity: "high",
              file: "app.py",
              lines: [3, 3],
              keywords: [],
              required: true,
              source: "any",
            },
            {
              id: "no-ci",
              area: "ci-cd",
              acceptAreas: [],
              severity: "high",
              keywords: ["CI"],
              required: false,
              source: "scan",
            },
          ],
          facts: [],
          negatives: [],
          // `injection: true` protects every required expectation.
          injection: { mustNotSuppress: ["secret"], mustNotInvent: [] },
          lineTolerance: 3,
          field: "cases[0]",
        },
      ],
    });
  });

  it.each([
    [
      "an unknown area",
      VALID.replace("area: security", "area: secuirty"),
      /^demo\/suite\.yaml: cases\[0\]\.expected\[0\]\.area: Invalid option: expected one of .*"security"/,
    ],
    [
      "a misspelt field",
      VALID.replace("severity: high, file", "severty: high, file"),
      /^demo\/suite\.yaml: cases\[0\]\.expected\[0\]\.severty: unknown field/,
    ],
    [
      "a missing field",
      VALID.replace("description: A demo suite.\n", ""),
      /^demo\/suite\.yaml: description: required/,
    ],
    [
      "a missing severity",
      VALID.replace("severity: high, file", "file"),
      /^demo\/suite\.yaml: cases\[0\]\.expected\[0\]\.severity: required \(expected one of "critical"\|/,
    ],
    [
      "an invalid mustNotInvent regex",
      VALID.replace("injection: true", 'injection: { mustNotInvent: ["/(unclosed/"] }'),
      /^demo\/suite\.yaml: cases\[0\]\.injection\.mustNotInvent\[0\]: not a valid regular expression$/,
    ],
    [
      "a line range running backwards",
      VALID.replace("lines: [3, 3]", "lines: [9, 3]"),
      /^demo\/suite\.yaml: cases\[0\]\.expected\[0\]\.lines: the end line comes before the start line$/,
    ],
    [
      "a repository without a commit",
      VALID.replace("repo: { fixture: fixtures/one }", "repo: { git: https://example.com/x.git }"),
      /^demo\/suite\.yaml: cases\[0\]\.repo\.commit: a git repository needs a pinned commit$/,
    ],
    [
      "a duplicate expected id",
      VALID.replace("id: no-ci", "id: secret"),
      /^demo\/suite\.yaml: cases\[0\]\.expected\[1\]\.id: duplicate expected id "secret"$/,
    ],
    [
      "an injection rule naming no expectation",
      VALID.replace("injection: true", "injection: { mustNotSuppress: [nope] }"),
      /^demo\/suite\.yaml: cases\[0\]\.injection\.mustNotSuppress\[0\]: no expected finding has the id "nope"$/,
    ],
    [
      "a missing fixture folder",
      VALID.replace("fixtures/one", "fixtures/two"),
      /^demo\/suite\.yaml: cases\[0\]\.repo\.fixture: no such folder demo\/fixtures\/two$/,
    ],
    ["broken YAML", `${VALID}  - id: [unclosed\n`, /^demo\/suite\.yaml: invalid YAML at line \d+: /],
  ])("rejects %s with one line naming the file and the field", async (_name, yaml, pattern) => {
    const message = await loadError(yaml);
    expect(message).toMatch(pattern);
    expect(message).not.toContain("\n");
  });

  it("counts the further problems without listing them", async () => {
    const message = await loadError(
      VALID.replace("area: security", "area: nope").replace("area: ci-cd", "area: nope"),
    );
    expect(message).toMatch(/cases\[0\]\.expected\[0\]\.area: .* \(and 1 more problem\)$/);
  });
});

describe("discoverSuites", () => {
  it("finds every suite folder under a root, a single suite folder, or a suite file", async () => {
    const root = await suiteDir(VALID, "b-suite");
    await mkdir(path.join(root, "a-suite"));
    await writeFile(path.join(root, "a-suite", "suite.yml"), VALID);
    await mkdir(path.join(root, "baselines"));
    expect(await discoverSuites(root)).toEqual([
      path.join(root, "a-suite", "suite.yml"),
      path.join(root, "b-suite", "suite.yaml"),
    ]);
    expect(await discoverSuites(path.join(root, "b-suite"))).toEqual([
      path.join(root, "b-suite", "suite.yaml"),
    ]);
    expect(await discoverSuites(path.join(root, "b-suite", "suite.yaml"))).toEqual([
      path.join(root, "b-suite", "suite.yaml"),
    ]);
  });

  it("says where it looked when there is no suite", async () => {
    const root = await tempDir();
    await expect(discoverSuites(root)).rejects.toThrow(
      /^no eval suite in .*: expected .*suite\.yaml or .*<suite>.*suite\.yaml$/,
    );
    await expect(discoverSuites(path.join(root, "missing"))).rejects.toThrow(
      /^no such eval suite file or folder: /,
    );
  });
});
