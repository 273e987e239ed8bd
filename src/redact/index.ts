/**
 * Secret redaction. The secrets scanner records where each secret is (never its value); a Redactor
 * built from those locations hides them wherever repository text leaves codeaudit. In the review stage:
 *
 *   const redactor = await loadRedactor(snapshot, prescan.results); // values read back, memory only
 *   redactor.redactFile(path, text);              // a whole file for a prompt or read_file
 *   redactor.redactLines(path, startLine, chunk); // a chunk of verbatim lines
 *   redactor.redactText(toolOutput);              // grep output, model answers, anything else
 *   buildReport({ ...input, redactor });          // report evidence (defaults to positions only)
 */
export { maskValue, placeholder, type RedactionSpan, redact, redactValues } from "./redact.js";
export { Redactor, type SecretLocation } from "./redactor.js";
export { loadRedactor, redactorForPrescan, secretLocations } from "./report-redactor.js";
export { spanLocator, type TextSpan } from "./span.js";
