import { describe, expect, it } from "vitest";
import type { Finding } from "../../schemas/index.js";
import {
  applyScannerVerdict,
  resolveVerdicts,
  type ScannerVerdict,
} from "../../src/merge/scanner-verdict.js";

const FINDING: Finding = {
  id: "CA-1",
  area: "security",
  areas: ["security"],
  severity: "medium",
  title: "Hard-coded token",
  description: "A token is committed.",
  recommendation: "Rotate it.",
  source: "scan",
  ruleId: "secrets/token",
  confidence: 1,
};

const verdict = (fields: Partial<ScannerVerdict>): ScannerVerdict => ({
  action: "confirm",
  reason: "checked",
  areas: ["security"],
  ...fields,
});

describe("applyScannerVerdict", () => {
  it("confirms as a finding of both sources, tagged with the deciding areas", () => {
    expect(applyScannerVerdict(FINDING, verdict({ areas: ["observability"] }))).toEqual({
      ...FINDING,
      areas: ["security", "observability"],
      source: "both",
    });
  });

  it("escalates: new severity, the reason appended to the description", () => {
    expect(
      applyScannerVerdict(
        FINDING,
        verdict({ action: "escalate", severity: "critical", reason: "It is a live key." }),
      ),
    ).toEqual({
      ...FINDING,
      severity: "critical",
      description:
        "A token is committed.\n\nEscalated from medium to critical by the model review (Security): It is a live key.",
      source: "both",
    });
  });

  it("treats an 'escalation' to a lower or equal severity as a confirmation", () => {
    expect(applyScannerVerdict(FINDING, verdict({ action: "escalate", severity: "low" }))).toMatchObject({
      severity: "medium",
      source: "both",
      description: "A token is committed.",
    });
  });

  it("dismisses by marking, never by removing", () => {
    expect(applyScannerVerdict(FINDING, verdict({ action: "dismiss", reason: "A test fixture." }))).toEqual({
      ...FINDING,
      dismissed: { reason: "A test fixture." },
    });
  });
});

describe("resolveVerdicts", () => {
  it("lets the highest escalation win, then a confirmation, and a dismissal only when nobody kept it", () => {
    const dismiss = verdict({ action: "dismiss", reason: "fixture", areas: ["testing"] });
    const confirm = verdict({ areas: ["security"] });
    const high = verdict({ action: "escalate", severity: "high", areas: ["reliability"] });
    const critical = verdict({
      action: "escalate",
      severity: "critical",
      reason: "live",
      areas: ["security"],
    });
    expect(resolveVerdicts([dismiss, high, critical, confirm])).toEqual({
      ...critical,
      areas: ["security", "reliability"],
    });
    expect(resolveVerdicts([dismiss, confirm])).toEqual(confirm);
    expect(
      resolveVerdicts([dismiss, verdict({ action: "dismiss", reason: "dead code", areas: ["correctness"] })]),
    ).toEqual({ action: "dismiss", reason: "fixture dead code", areas: ["testing", "correctness"] });
    expect(resolveVerdicts([])).toBeUndefined();
  });
});
