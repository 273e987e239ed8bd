import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "../../scripts/bench-options.js";

describe("bench options", () => {
  it("defaults to a million lines, three runs and every baseline", () => {
    expect(parseBenchOptions([])).toEqual({
      lines: 1_000_000,
      seed: 1,
      runs: 3,
      keep: false,
      out: "bench-results/latest.json",
      ripgrep: true,
      parseFloor: true,
      threads: undefined,
      inOrder: false,
    });
    expect(parseBenchOptions(["--runs", "1", "--no-parse-floor", "--lines", "200_000"])).toMatchObject({
      runs: 1,
      parseFloor: false,
      lines: 200_000,
    });
  });

  it("rejects a run count that is not a positive integer, with the usage", () => {
    for (const runs of ["0", "1.5", "x"])
      expect(() => parseBenchOptions(["--runs", runs])).toThrow(
        /--runs must be a positive integer[\s\S]*usage:/,
      );
  });
});
