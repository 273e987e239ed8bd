import { describe, expect, it } from "vitest";
import type { RawFinding } from "../../schemas/index.js";
import { scannerFindings } from "../../src/merge/build-report.js";

const swallowed = (line: number): RawFinding => ({
  ruleId: "panic-points/python-swallowed-except",
  area: "reliability",
  severity: "medium",
  title: "Exception swallowed",
  description: "The handler drops the error.",
  recommendation: "Log or re-raise it.",
  location: { file: "app/test.py", startLine: line, endLine: line },
  evidence: "    except Exception:",
  confidence: 1,
});

describe("scannerFindings", () => {
  it("keeps the same evidence at two lines of a file as two findings with distinct, stable ids", () => {
    const once = scannerFindings([{ findings: [swallowed(646), swallowed(663)] }]);
    expect(once.map((finding) => finding.location?.startLine)).toEqual([646, 663]);
    expect(new Set(once.map((finding) => finding.id)).size).toBe(2);
    // Lines shift, order stays: the ids do not change.
    const shifted = scannerFindings([{ findings: [swallowed(650), swallowed(667)] }]);
    expect(shifted.map((finding) => finding.id)).toEqual(once.map((finding) => finding.id));
  });

  it("reports a finding two scanners emit identically only once", () => {
    const findings = scannerFindings([{ findings: [swallowed(10)] }, { findings: [swallowed(10)] }]);
    expect(findings).toHaveLength(1);
  });
});
