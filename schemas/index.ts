export * from "./area-output.js";
export * from "./common.js";
export * from "./eval.js";
export * from "./finding.js";
export * from "./report.js";
export * from "./scan-result.js";
