import { describe, expect, it } from "vitest";
import { maskValue, placeholder, redact, redactValues } from "../../src/redact/redact.js";

describe("redact", () => {
  it("replaces a span inside a line with its typed placeholder", () => {
    const text = 'const key = "AKIAEXAMPLEVALUE1234";\nnext();\n';
    const start = text.indexOf("AKIA");
    expect(redact(text, [{ start, end: start + 20, kind: "aws-access-key" }])).toBe(
      'const key = "[REDACTED:aws-access-key]";\nnext();\n',
    );
  });

  it("keeps the line count of a multi-line secret, and the text around it", () => {
    const key = "-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----";
    const text = `before\nkey: ${key} after\nlast\n`;
    const start = text.indexOf("-----BEGIN");
    const out = redact(text, [{ start, end: start + key.length, kind: "private-key" }]);
    expect(out).toBe(
      "before\nkey: [REDACTED:private-key]\n[REDACTED:private-key]\n[REDACTED:private-key]\n[REDACTED:private-key] after\nlast\n",
    );
    expect(out.split("\n")).toHaveLength(text.split("\n").length);
  });

  it("keeps CRLF line endings inside a secret", () => {
    expect(maskValue("ab\r\ncd", "x")).toBe("[REDACTED:x]\r\n[REDACTED:x]");
  });

  it("merges overlapping spans and clips spans that run past the text", () => {
    const text = "0123456789";
    expect(
      redact(text, [
        { start: 2, end: 5, kind: "a" },
        { start: 4, end: 7, kind: "b" },
        { start: 8, end: 99, kind: "c" },
      ]),
    ).toBe("01[REDACTED:a]7[REDACTED:c]");
    expect(redact(text, [])).toBe(text);
  });

  it("replaces every occurrence of known values, longest first", () => {
    expect(
      redactValues("token=abcdef123456 and again abcdef123456; short abcdef", [
        { value: "abcdef", kind: "short" },
        { value: "abcdef123456", kind: "token" },
      ]),
    ).toBe("token=[REDACTED:token] and again [REDACTED:token]; short [REDACTED:short]");
    expect(placeholder("github-token")).toBe("[REDACTED:github-token]");
  });
});
