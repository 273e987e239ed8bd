import { describe, expect, it } from "vitest";
import * as codeaudit from "../src/index.js";

describe("public API", () => {
  it("exposes the pipeline stages and surfaces as named exports", () => {
    for (const name of [
      "ingest",
      "runScanners",
      "scanRepository",
      "buildReport",
      "render",
      "renderMarkdown",
      "renderSarif",
      "verifyFindings",
      "buildServer",
      "createLlmRuntime",
      "loadRedactor",
      "scanners",
      "Report",
    ]) {
      expect(codeaudit, name).toHaveProperty(name);
    }
    expect(codeaudit.SCANNER_IDS).toContain("secrets");
  });

  it("scans a folder through the library API alone", async () => {
    const { makeRepo } = await import("./helpers/fixture-repo.js");
    const root = await makeRepo({ "main.py": "print('hi')\n" });
    const { report } = await codeaudit.scanRepository(root);
    expect(codeaudit.Report.parse(report).mode).toBe("scan");
    expect(codeaudit.render(report, "md")).toContain("Production Readiness Review");
  });
});
