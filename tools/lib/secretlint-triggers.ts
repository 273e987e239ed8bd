/**
 * What a file must contain for a rule of secretlint's recommended preset (11.7) to report anything
 * codeaudit keeps: one necessary text per rule, read from each rule's own patterns. A file with none
 * of them is not handed to secretlint, which on ordinary source costs more than every other secrets
 * check together. Each entry is a superset of its rule (never narrower), so skipping loses nothing;
 * the test runs every rule on a true positive and checks its trigger, and fails when the preset's
 * rule list changes.
 */

/** The preset's rules these triggers were read from, in the preset's order. */
export const COVERED_RULES = [
  "@secretlint/secretlint-rule-aws",
  "@secretlint/secretlint-rule-gcp",
  "@secretlint/secretlint-rule-privatekey",
  "@secretlint/secretlint-rule-npm",
  "@secretlint/secretlint-rule-basicauth",
  "@secretlint/secretlint-rule-slack",
  "@secretlint/secretlint-rule-sendgrid",
  "@secretlint/secretlint-rule-shopify",
  "@secretlint/secretlint-rule-github",
  "@secretlint/secretlint-rule-openai",
  "@secretlint/secretlint-rule-anthropic",
  "@secretlint/secretlint-rule-linear",
  "@secretlint/secretlint-rule-1password",
  "@secretlint/secretlint-rule-database-connection-string",
  "@secretlint/secretlint-rule-filter-comments",
] as const;

type Rule = (typeof COVERED_RULES)[number];

/** Something a file must hold; a RegExp, or a check faster than the pattern it stands for. */
export interface Trigger {
  test(text: string): boolean;
}

const BASE64 = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=")
  BASE64[char.charCodeAt(0)] = 1;

/**
 * `[A-Za-z0-9/+=]{length}` as one pass over the characters: as a pattern it is tried from every
 * position, which on ordinary source costs more than every other trigger together.
 */
function base64Run(length: number): Trigger {
  return {
    test(text) {
      let run = 0;
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code < 128 && BASE64[code] === 1) {
          if (++run >= length) return true;
        } else run = 0;
      }
      return false;
    },
  };
}

/** Per rule, texts one of which a file must hold for the rule to report; an empty list reports nothing. */
export const RULE_TRIGGERS: Record<Rule, readonly Trigger[]> = {
  // Access key ids, and secret access keys (40 base64 characters after an optional name). The
  // account-id check is not covered: codeaudit drops those messages.
  "@secretlint/secretlint-rule-aws": [
    /(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}/,
    base64Run(40),
  ],
  // Key files: `.p12` (never handed over) and `.json`, linted whole (see secretlintMayReport).
  "@secretlint/secretlint-rule-gcp": [],
  "@secretlint/secretlint-rule-privatekey": [/PRIVATE KEY/],
  // GitHub OAuth URLs in package files, `_authToken=` in .npmrc, npm access tokens anywhere.
  "@secretlint/secretlint-rule-npm": [/x-oauth-basic@/, /_authToken=/, /npm_[A-Za-z0-9_]{36}/],
  "@secretlint/secretlint-rule-basicauth": [/(?:https?|ftps?):\/\/[-\w]+:[-\w]+@/],
  "@secretlint/secretlint-rule-slack": [/xox[bpaor]-|xapp-/, /hooks\.slack\.com\/services\//i],
  "@secretlint/secretlint-rule-sendgrid": [/SG\.\w+\./],
  "@secretlint/secretlint-rule-shopify": [/shp(?:pa|ca|at|ss)_/],
  "@secretlint/secretlint-rule-github": [/gh[pousr]_|github_pat_/],
  "@secretlint/secretlint-rule-openai": [/T3BlbkFJ/],
  "@secretlint/secretlint-rule-anthropic": [/sk-ant-api0/],
  "@secretlint/secretlint-rule-linear": [/lin_api_/],
  "@secretlint/secretlint-rule-1password": [/ops_ey/],
  "@secretlint/secretlint-rule-database-connection-string": [
    /mongodb(?:\+srv)?:\/\//i,
    /mysqlx?:\/\//i,
    /postgres(?:ql)?:\/\//i,
  ],
  // Only filters the others' reports by `secretlint-disable` comments.
  "@secretlint/secretlint-rule-filter-comments": [],
};

// The patterns run as one pass per flag set over the file instead of one pass each.
const COMBINED: readonly Trigger[] = (() => {
  const all = Object.values(RULE_TRIGGERS).flat();
  const patterns = all.filter((trigger): trigger is RegExp => trigger instanceof RegExp);
  const joined = (flags: string) =>
    new RegExp(
      patterns
        .filter((pattern) => pattern.flags === flags)
        .map((pattern) => `(?:${pattern.source})`)
        .join("|"),
      flags,
    );
  return [joined(""), joined("i"), ...all.filter((trigger) => !(trigger instanceof RegExp))];
})();

/**
 * False when no rule of the preset can report in this file. gcp reads JSON key files as a whole
 * (their key may be escaped), so every `.json` file is linted.
 */
export function secretlintMayReport(path: string, content: string): boolean {
  return /\.json$/i.test(path) || COMBINED.some((trigger) => trigger.test(content));
}
