import type { Area, ScannerDecision } from "../../schemas/index.js";
import { resolveVerdicts, type ScannerVerdict } from "../merge/scanner-verdict.js";
import type { Redactor } from "../redact/redactor.js";

/** One area's decisions and the pre-scan finding ids that area was shown. */
export interface AreaDecisions {
  area: Area;
  shown: ReadonlySet<string>;
  decisions: readonly ScannerDecision[];
}

/**
 * Turns the areas' decisions into one verdict per scanner finding. A decision counts only for an id
 * the area was shown (a model cannot act on findings it never saw, nor invent ids); others are
 * ignored with a warning. Conflicts resolve as `resolveVerdicts` says: keeping beats dismissing.
 */
export function collectScannerVerdicts(
  entries: readonly AreaDecisions[],
  redactor: Redactor,
): { verdicts: Map<string, ScannerVerdict>; warnings: string[] } {
  const byId = new Map<string, ScannerVerdict[]>();
  const unknown = new Map<Area, Set<string>>();
  for (const entry of entries) {
    for (const decision of entry.decisions) {
      const id = decision.id.trim().replace(/^id\s*[=:]\s*/i, "");
      if (!entry.shown.has(id)) {
        unknown.set(entry.area, (unknown.get(entry.area) ?? new Set()).add(id));
        continue;
      }
      const verdict: ScannerVerdict = {
        action: decision.action,
        ...(decision.action === "escalate" && decision.severity ? { severity: decision.severity } : {}),
        reason: redactor.redactText(decision.reason.trim()),
        areas: [entry.area],
      };
      byId.set(id, [...(byId.get(id) ?? []), verdict]);
    }
  }
  const verdicts = new Map<string, ScannerVerdict>();
  for (const [id, list] of byId) {
    const verdict = resolveVerdicts(list);
    if (verdict) verdicts.set(id, verdict);
  }
  const warnings = [...unknown].map(
    ([area, ids]) =>
      `${area}: the model decided on ${ids.size} pre-scan finding id${ids.size === 1 ? "" : "s"} it was not shown (${[...ids].slice(0, 5).join(", ")}); ignored`,
  );
  return { verdicts, warnings };
}
