import { describe, expect, it } from "vitest";
import { formatProgress, terminalProgress } from "../../src/review/progress.js";
import { Capture } from "../cli/review-fixture.js";

const EVENT = {
  message: "security#2: reviewed in 3 calls and 2 tool calls",
  areasDone: 1,
  areasTotal: 11,
  batchesDone: 4,
  batchesTotal: 20,
  tokens: 45210,
  costUsd: 0.12345,
};

describe("progress", () => {
  it("formats areas, batches, tokens and cost so far", () => {
    expect(formatProgress(EVENT)).toBe(
      "codeaudit: [1/11 areas, 4/20 batches, 45,210 tokens, $0.1235] security#2: reviewed in 3 calls and 2 tool calls",
    );
  });

  it("writes to a terminal only", () => {
    const piped = new Capture();
    expect(terminalProgress(piped)).toBeUndefined();
    const terminal = Object.assign(new Capture(), { isTTY: true });
    terminalProgress(terminal)?.(EVENT);
    expect(terminal.text).toBe(`${formatProgress(EVENT)}\n`);
  });
});
