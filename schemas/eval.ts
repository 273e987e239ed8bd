import type { z } from "zod";
import { EvalResult } from "./eval-result.js";
import { EvalSuite } from "./eval-suite.js";

export * from "./eval-result.js";
export * from "./eval-suite.js";

/** The JSON Schema files generated from this module (`npm run schemas`), as [file, schema, title]. */
export const EVAL_JSON_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType, string]> = [
  ["eval-suite.json", EvalSuite, "codeaudit eval suite (evals/<suite>/suite.yaml)"],
  ["eval-result.json", EvalResult, "codeaudit eval result"],
];
