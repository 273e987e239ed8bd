import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { collectScannerVerdicts } from "../../src/review/scanner-decisions.js";

describe("collectScannerVerdicts", () => {
  it("keeps decisions on ids the area was shown (a copied 'id=' prefix is fine) and warns about the rest", () => {
    const result = collectScannerVerdicts(
      [
        {
          area: "security",
          shown: new Set(["CA-1", "CA-2"]),
          decisions: [
            { id: "id=CA-1", action: "escalate", severity: "critical", reason: " Reachable without auth. " },
            { id: "CA-9", action: "dismiss", severity: null, reason: "Invented." },
          ],
        },
        {
          area: "testing",
          shown: new Set(["CA-2", "CA-3"]),
          decisions: [
            { id: "CA-1", action: "dismiss", severity: null, reason: "Not shown to testing." },
            { id: "CA-3", action: "dismiss", severity: null, reason: "A fixture." },
          ],
        },
      ],
      Redactor.empty(),
    );
    expect([...result.verdicts]).toEqual([
      [
        "CA-1",
        { action: "escalate", severity: "critical", reason: "Reachable without auth.", areas: ["security"] },
      ],
      ["CA-3", { action: "dismiss", reason: "A fixture.", areas: ["testing"] }],
    ]);
    expect(result.warnings).toEqual([
      "security: the model decided on 1 pre-scan finding id it was not shown (CA-9); ignored",
      "testing: the model decided on 1 pre-scan finding id it was not shown (CA-1); ignored",
    ]);
  });
});
