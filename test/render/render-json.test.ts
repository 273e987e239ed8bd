import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { Report } from "../../schemas/index.js";
import { renderJson } from "../../src/render/render-json.js";
import { sampleReport } from "../helpers/report-fixture.js";

describe("JSON renderer", () => {
  it("writes a report that validates against the published JSON Schema and parses back with zod", async () => {
    const report = await sampleReport();
    const text = renderJson(report);
    const schema = JSON.parse(
      readFileSync(new URL("../../schemas/json/report.json", import.meta.url), "utf8"),
    );
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const parsed = JSON.parse(text);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(Report.parse(parsed)).toEqual(report);
    expect(text).not.toContain("sk-live-not-a-real-token");
  });
});
