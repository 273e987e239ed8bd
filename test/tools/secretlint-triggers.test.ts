import { lintSource } from "@secretlint/core";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import { describe, expect, it } from "vitest";
import { COVERED_RULES, RULE_TRIGGERS, secretlintMayReport } from "../../tools/lib/secretlint-triggers.js";
import { SECRETLINT_CONFIG } from "../../tools/secrets.js";

// Every sample is built from parts so this repository never holds a credential-shaped literal.
const join = (...parts: string[]) => parts.join("");
const alnum = (length: number, seed = 7) =>
  Array.from({ length }, (_, index) => "aZ3kQ9mW2xR7pL4vN8tB6cH1jF5dS0yG"[(index * seed + 3) % 32]).join("");
const base64Body = (length: number) =>
  join(
    "MI",
    Array.from({ length }, (_, index) => "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/"[(index * 5) % 38]).join(""),
  );
const pem = (label: string) =>
  join("-----BEGIN ", label, "-----\n", base64Body(160), "\n-----END ", label, "-----\n");

function onePasswordToken(): string {
  let body = "x".repeat(90);
  while (`{"a":"${body}"}`.length % 3 !== 1) body += "x";
  return join("ops_", Buffer.from(`{"a":"${body}"}`).toString("base64"));
}

/** A file each rule of the preset reports (the preset's own rule ids), and the message it gives. */
const POSITIVES: Array<{ rule: (typeof COVERED_RULES)[number]; path: string; content: string }> = [
  {
    rule: "@secretlint/secretlint-rule-aws",
    path: "a.py",
    content: `key = "${join("AKIA", "Z7QWERTYUIOPASDF")}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-aws",
    path: "b.py",
    content: `aws_secret_access_key = "${join(alnum(20), alnum(20, 11))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-gcp",
    path: "key.json",
    content: JSON.stringify({
      type: "service_account",
      private_key_id: "1",
      private_key: pem("PRIVATE KEY"),
    }),
  },
  { rule: "@secretlint/secretlint-rule-privatekey", path: "id", content: pem("RSA PRIVATE KEY") },
  {
    rule: "@secretlint/secretlint-rule-npm",
    path: "c.js",
    content: `const t = "${join("npm_", alnum(36))}";\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-npm",
    path: ".npmrc",
    content: join("//registry.npmjs.org/:_auth", "Token=", alnum(30), "\n"),
  },
  {
    rule: "@secretlint/secretlint-rule-basicauth",
    path: "d.sh",
    content: `curl ${join("https://deploy:", alnum(14), "@artifacts.internal.io/x")}\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-slack",
    path: "e.py",
    content: `t = "${join("xoxb-", "123456789012-", alnum(24))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-slack",
    path: "f.py",
    content: `u = "${join("HTTPS://HOOKS.SLACK.COM/services/", "T", alnum(9), "/B", alnum(9), "/", alnum(24))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-sendgrid",
    path: "g.py",
    content: `k = "${join("SG.", alnum(22), ".", alnum(43))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-shopify",
    path: "h.py",
    content: `k = "${join("shpat_", alnum(32))}"\n`,
  },
  { rule: "@secretlint/secretlint-rule-github", path: "i.py", content: `k = "${join("ghp_", alnum(36))}"\n` },
  {
    rule: "@secretlint/secretlint-rule-github",
    path: "j.py",
    content: `k = "${join("github_pat_", alnum(82))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-openai",
    path: "k.py",
    content: `k = "${join("sk-", alnum(20), "T3Blbk", "FJ", alnum(20, 11))}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-anthropic",
    path: "l.py",
    content: `k = "${join("sk-ant-", "api03-", alnum(93), "AA")}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-linear",
    path: "m.py",
    content: `k = "${join("lin_", "api_", alnum(40))}"\n`,
  },
  { rule: "@secretlint/secretlint-rule-1password", path: "n.py", content: `k = "${onePasswordToken()}"\n` },
  {
    rule: "@secretlint/secretlint-rule-database-connection-string",
    path: "o.py",
    content: `u = "${join("PostgreSQL://app:", alnum(14), "@db.internal.io:5432/app")}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-database-connection-string",
    path: "p.py",
    content: `u = "${join("jdbc:mysql://app:", alnum(14), "@db.internal.io/app")}"\n`,
  },
  {
    rule: "@secretlint/secretlint-rule-database-connection-string",
    path: "q.py",
    content: `u = "${join("mongodb+srv://app:", alnum(14), "@cluster.internal.io/app")}"\n`,
  },
];

async function reportedRules(path: string, content: string): Promise<string[]> {
  const result = await lintSource({
    source: { content, filePath: path, ext: /\.[A-Za-z0-9]+$/.exec(path)?.[0] ?? "", contentType: "text" },
    options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
  });
  return result.messages
    .filter((message) => message.messageId !== "AWSAccountID")
    .map((message) => message.ruleId);
}

describe("secretlint triggers", () => {
  it("cover exactly the rules of the installed preset", () => {
    const preset = recommendedPreset as unknown as { rules: Array<{ meta: { id: string } }> };
    expect(preset.rules.map((rule) => rule.meta.id)).toEqual([...COVERED_RULES]);
  });

  it.each(POSITIVES)("let through a file $rule reports ($path)", async ({ rule, path, content }) => {
    expect(await reportedRules(path, content)).toContain(rule);
    // The rule's own trigger lets it through (gcp: every JSON file is linted), and so does the whole check.
    if (rule !== "@secretlint/secretlint-rule-gcp")
      expect(RULE_TRIGGERS[rule].some((trigger) => trigger.test(content))).toBe(true);
    expect(secretlintMayReport(path, content)).toBe(true);
  });

  it("read a 40-character base64 run as the pattern it stands for does", () => {
    const run = (
      RULE_TRIGGERS["@secretlint/secretlint-rule-aws"] as readonly { test(text: string): boolean }[]
    )[1];
    const pattern = /[A-Za-z0-9/+=]{40}/;
    const texts = [
      "a".repeat(39),
      "a".repeat(40),
      `x = "${"ab/+=".repeat(8)}"`,
      `${"a".repeat(20)}-${"a".repeat(20)}`,
      `${"a".repeat(20)}é${"a".repeat(39)}`,
      `${"a".repeat(39)}\n${"b".repeat(39)}`,
      "",
    ];
    for (const text of texts) expect(run?.test(text)).toBe(pattern.test(text));
  });

  it("skip ordinary source, where no rule reports", async () => {
    const source = [
      "const password = process.env.DB_PASSWORD; // see https://example.org/docs",
      'fn main() { let key = Key::new(42); println!("{}", key.id()); }',
      'url = "https://api.example.org/v1/items"',
      "SELECT 1 FROM accounts WHERE id = 123456789012;",
    ].join("\n");
    expect(await reportedRules("a.ts", source)).toEqual([]);
    expect(secretlintMayReport("a.ts", source)).toBe(false);
    expect(secretlintMayReport("config.json", "{}")).toBe(true);
  });
});
