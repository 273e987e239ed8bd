import { describe, expect, it } from "vitest";
import { scannerUnits } from "../../src/prescan/scanner-units.js";

describe("scannerUnits", () => {
  it("orders single scanners heaviest first and ends with the full-parse unit, heaviest scanner first", () => {
    const units = scannerUnits(["dependencies", "size", "containers", "observability", "crypto", "secrets"]);
    expect(units.map((unit) => [unit.positions, unit.parses])).toEqual([
      [[5], false],
      [[0], false],
      [[2], false],
      [[3, 4, 1], true],
    ]);
  });

  it("gives every requested scanner exactly one place, duplicates included", () => {
    const units = scannerUnits(["ci", "ci", "panic-points"]);
    expect(units.flatMap((unit) => unit.positions).sort()).toEqual([0, 1, 2]);
  });
});
