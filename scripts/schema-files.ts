import { z } from "zod";
import { EVAL_JSON_SCHEMAS } from "../schemas/eval.js";
import { AreaOutput, Finding, RawFinding, Report, ScanResult } from "../schemas/index.js";
import { SCANNER_IDS, scanners } from "../tools/registry.js";

/** Every generated JSON Schema file, by path relative to schemas/json/. Generated from the zod contracts only. */
export function schemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const emit = (name: string, schema: z.ZodType, title: string) => {
    const json = { title, ...z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) };
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  };
  emit("report.json", Report, "codeaudit report");
  emit("finding.json", Finding, "codeaudit finding");
  emit("raw-finding.json", RawFinding, "codeaudit scanner or model finding before merge");
  emit("scan-result.json", ScanResult, "codeaudit scanner result envelope");
  emit("area-output.json", AreaOutput, "codeaudit model output for one review area and chunk");
  for (const [name, schema, title] of EVAL_JSON_SCHEMAS) emit(name, schema, title);
  for (const id of SCANNER_IDS)
    emit(`scanners/${id}.json`, scanners[id].facts, `codeaudit ${id} scanner facts`);
  return files;
}
