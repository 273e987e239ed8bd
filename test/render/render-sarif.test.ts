import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/render/render-sarif.js";
import { sampleReport } from "../helpers/report-fixture.js";

const require = createRequire(import.meta.url);

/** The official OASIS SARIF 2.1.0 schema, as shipped by Microsoft's @microsoft/jest-sarif. */
function sarifSchema(): object {
  const packageJson = require.resolve("@microsoft/jest-sarif/package.json");
  return JSON.parse(
    readFileSync(packageJson.replace(/package\.json$/, "lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
  );
}

describe("SARIF renderer", () => {
  it("writes SARIF 2.1.0 that validates against the official schema", async () => {
    const report = await sampleReport();
    const log = JSON.parse(renderSarif(report));
    const ajv = new AjvDraft04.default({
      strict: false,
      allErrors: true,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validate = ajv.compile(sarifSchema());
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    expect(run.results).toHaveLength(report.findings.length);
    const fixme = run.results.find((result: { ruleId: string }) => result.ruleId === "markers/fixme");
    expect(fixme).toMatchObject({
      level: "note",
      partialFingerprints: { "codeauditFindingId/v1": expect.stringMatching(/^CA-[0-9a-f]{10}$/) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/main.rs", uriBaseId: "SRCROOT" },
            region: { startLine: 1, endLine: 1 },
          },
        },
      ],
    });
    expect(run.tool.driver.rules[fixme.ruleIndex].id).toBe("markers/fixme");
    expect(JSON.stringify(log)).not.toContain("sk-live-not-a-real-token");
  });
});
