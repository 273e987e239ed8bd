import type { ReviewPlan } from "./build-review-plan.js";

/** Files named in the "not read" line; the JSON plan lists them all. */
const OMITTED_SHOWN = 10;

const number = (value: number) => value.toLocaleString("en-US");

/** Dollars with enough digits to show small estimates. */
export function formatUsd(value: number): string {
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

/** The dry-run plan as text: the model, a table per area, the estimate and then every chunk. */
export function renderPlanText(plan: ReviewPlan, notes: readonly string[] = []): string {
  const { estimate } = plan;
  const out: string[] = [];
  out.push(`codeaudit review plan for ${plan.repo.name} (dry run: no model was called)`);
  out.push(`model: ${estimate.provider} ${estimate.model}`);
  for (const note of notes) out.push(`note: ${note}`);
  out.push(
    `budget: ${number(plan.settings.chunkTokens)} code tokens per call, at most ${plan.settings.maxCallsPerArea} calls per area; repo map ${number(plan.repoMap.tokens)} tokens (${plan.repoMap.detail})`,
  );
  out.push("");
  const header = ["area", "files", "chunks", "calls", "input tokens", "output tokens", "not read"];
  const rows = plan.areas.map((area) => [
    area.area,
    number(area.files),
    number(area.chunks.length),
    number(area.batches.length),
    number(area.batches.reduce((sum, batch) => sum + batch.inputTokens, 0)),
    number(area.batches.reduce((sum, batch) => sum + batch.outputTokens, 0)),
    number(area.omittedFiles.length),
  ]);
  rows.push([
    "total",
    "",
    number(plan.areas.reduce((sum, area) => sum + area.chunks.length, 0)),
    number(estimate.calls),
    number(estimate.inputTokens),
    number(estimate.outputTokens),
    "",
  ]);
  out.push(...table(header, rows));
  out.push("");
  if (estimate.price) {
    out.push(
      `estimated cost: ${formatUsd(estimate.costUsd)} (${estimate.model} at $${estimate.price.input} input / $${estimate.price.output} output per million tokens, prices of ${estimate.price.date})`,
    );
  } else {
    out.push(`estimated cost: unknown (no price is known for ${estimate.model}; counted as $0)`);
  }
  for (const assumption of plan.assumptions) out.push(`  assumes ${assumption}`);
  for (const area of plan.areas) {
    out.push("");
    const hits = area.hitFiles.length > 0 ? `, ${area.hitFiles.length} with pre-scan hits read first` : "";
    out.push(
      `${area.area}: ${area.files} files${hits}${area.batches.length === 0 ? " (no files to read: pre-scan facts only)" : ""}`,
    );
    const chunkById = new Map(area.chunks.map((chunk) => [chunk.id, chunk]));
    for (const batch of area.batches) {
      out.push(`  call ${batch.id}: ${number(batch.tokens)} code tokens`);
      for (const id of batch.chunkIds) {
        const chunk = chunkById.get(id);
        if (chunk)
          out.push(`    ${chunk.file}:${chunk.startLine}-${chunk.endLine} (${number(chunk.tokens)} tokens)`);
      }
    }
    if (area.omittedFiles.length > 0) {
      const shown = area.omittedFiles.slice(0, OMITTED_SHOWN).join(", ");
      const more =
        area.omittedFiles.length > OMITTED_SHOWN
          ? ` and ${area.omittedFiles.length - OMITTED_SHOWN} more`
          : "";
      out.push(`  not read (call cap reached): ${shown}${more}`);
    }
  }
  return `${out.join("\n")}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}
