/**
 * The grep worker, as source for `new Worker(..., { eval: true })`: plain CommonJS so it runs the same
 * from src/ under vitest and from dist/. It reads each file itself and posts matches back; the parent
 * terminates it when the time budget runs out, which is the only way to stop a runaway regex.
 */
export const GREP_WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const { root, files, pattern, fixed, caseSensitive, maxResults, maxLineChars, maxTextChars } = workerData;
const needle = caseSensitive ? pattern : pattern.toLowerCase();
const regex = fixed ? null : new RegExp(pattern, caseSensitive ? "" : "i");
parentPort.postMessage({ type: "started" });
let count = 0;
let searched = 0;
outer: for (const file of files) {
  let text;
  try {
    text = fs.readFileSync(path.join(root, file), "utf8");
  } catch {
    continue;
  }
  searched++;
  if (searched % 100 === 0) parentPort.postMessage({ type: "progress", searched });
  const lines = text.split(/\\r?\\n/);
  const found = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].length > maxLineChars ? lines[index].slice(0, maxLineChars) : lines[index];
    const hit = fixed ? (caseSensitive ? line : line.toLowerCase()).includes(needle) : regex.test(line);
    if (!hit) continue;
    found.push({ file, line: index + 1, text: line.slice(0, maxTextChars) });
    count++;
    if (count >= maxResults) {
      parentPort.postMessage({ type: "matches", matches: found });
      parentPort.postMessage({ type: "done", truncated: true, searched });
      break outer;
    }
  }
  if (found.length > 0) parentPort.postMessage({ type: "matches", matches: found });
}
if (count < maxResults) parentPort.postMessage({ type: "done", truncated: false, searched });
`;
