import type { Area, AreaStrengthOutput } from "../../schemas/index.js";
import type { RepoSnapshot } from "../ingest/snapshot.js";
import type { AreaReview } from "../merge/build-report.js";
import { normaliseWhitespace } from "../merge/finding-id.js";
import type { Redactor } from "../redact/redactor.js";
import type { BatchOutcome } from "./review-batch.js";

/**
 * One area's status, summary and strengths from its batches: completed when every batch was
 * reviewed, failed when every batch failed, partial otherwise (some failed, or `--max-cost` or a
 * cancellation stopped the rest), with a one-line reason.
 */
export function areaResult(
  area: Area,
  outcomes: readonly BatchOutcome[],
  prompt: { id: string; version: string },
  snapshot: RepoSnapshot,
  redactor: Redactor,
): AreaReview {
  const done = outcomes.flatMap((outcome) => (outcome.status === "done" ? [outcome] : []));
  const notDone = outcomes.flatMap((outcome) => (outcome.status === "done" ? [] : [outcome]));
  const summaries = [...new Set(done.map((outcome) => outcome.output.summary.trim()).filter(Boolean))];
  const strengths = uniqueStrengths(
    done.flatMap((outcome) => outcome.output.strengths),
    snapshot,
    redactor,
  );
  const review: AreaReview = {
    status: "completed",
    ...(summaries.length > 0 ? { summary: redactor.redactText(summaries.join("\n\n")) } : {}),
    strengths,
    prompt,
  };
  if (notDone.length === 0) return review;
  const first = notDone[0];
  const failedOnly = notDone.every((outcome) => outcome.status === "failed");
  if (done.length === 0 && failedOnly) {
    return { ...review, status: "failed", reason: oneLine(first?.reason ?? "the model review failed") };
  }
  const reasons = [...new Set(notDone.map((outcome) => outcome.reason))];
  return {
    ...review,
    status: "partial",
    reason: oneLine(
      `${done.length} of ${outcomes.length} batch${outcomes.length === 1 ? "" : "es"} reviewed (${area}); ${reasons.join("; ")}`,
    ),
  };
}

/**
 * Strengths as report lines, without repeats. A cited place is kept only when the file exists and
 * has that line, since every file:line in a report must be real; otherwise the text stands alone.
 */
function uniqueStrengths(
  strengths: readonly AreaStrengthOutput[],
  snapshot: RepoSnapshot,
  redactor: Redactor,
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const strength of strengths) {
    const text = redactor.redactText(strength.description.trim());
    const key = normaliseWhitespace(text.toLowerCase());
    if (!text || seen.has(key)) continue;
    seen.add(key);
    const file = strength.file ? snapshot.file(strength.file.replace(/^\.?\//, "")) : undefined;
    const place =
      file && strength.line !== null && strength.line <= file.lines
        ? ` (\`${file.path}:${strength.line}\`)`
        : "";
    out.push(`${text}${place}`);
  }
  return out;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
