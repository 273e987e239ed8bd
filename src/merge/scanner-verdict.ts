import { AREA_TITLES, type Area, type Finding, type Severity, severityRank } from "../../schemas/index.js";

/** What the model review decided about one scanner finding (after resolving every area's say). */
export interface ScannerVerdict {
  action: "confirm" | "escalate" | "dismiss";
  /** The new severity of an escalation. */
  severity?: Severity;
  reason: string;
  /** The areas whose review made the decision. */
  areas: Area[];
}

/**
 * Applies a verdict to a scanner finding. Confirming makes it a finding of both sources; escalating
 * raises its severity and appends the reason to its description; dismissing keeps it in the report,
 * marked dismissed with the reason, so a model can never make a scanner finding disappear.
 */
export function applyScannerVerdict(finding: Finding, verdict: ScannerVerdict): Finding {
  if (verdict.action === "dismiss") return { ...finding, dismissed: { reason: verdict.reason } };
  const areas = [...new Set([...finding.areas, ...verdict.areas])];
  const raised =
    verdict.action === "escalate" &&
    verdict.severity !== undefined &&
    severityRank(verdict.severity) < severityRank(finding.severity);
  if (!raised) return { ...finding, areas, source: "both" };
  const by = verdict.areas.map((area) => AREA_TITLES[area]).join(", ");
  const note = `Escalated from ${finding.severity} to ${verdict.severity} by the model review (${by}): ${verdict.reason}`;
  return {
    ...finding,
    areas,
    severity: verdict.severity as Severity,
    description: finding.description ? `${finding.description.trimEnd()}\n\n${note}` : note,
    source: "both",
  };
}

/**
 * Combines the decisions several areas made about one finding: any escalation wins (the highest
 * severity), then any confirmation; a dismissal stands only when no area kept the finding.
 */
export function resolveVerdicts(verdicts: readonly ScannerVerdict[]): ScannerVerdict | undefined {
  const escalations = verdicts
    .filter((verdict) => verdict.action === "escalate" && verdict.severity !== undefined)
    .sort((a, b) => severityRank(a.severity as Severity) - severityRank(b.severity as Severity));
  const pick = (chosen: readonly ScannerVerdict[]): ScannerVerdict | undefined => {
    const first = chosen[0];
    if (!first) return undefined;
    const areas = [...new Set(chosen.flatMap((verdict) => verdict.areas))];
    return { ...first, areas };
  };
  const escalation = escalations[0];
  if (escalation)
    return pick([
      escalation,
      ...verdicts.filter((verdict) => verdict !== escalation && verdict.action !== "dismiss"),
    ]);
  const confirmations = verdicts.filter((verdict) => verdict.action !== "dismiss");
  if (confirmations.length > 0) return pick(confirmations);
  const dismissals = verdicts.filter((verdict) => verdict.action === "dismiss");
  if (dismissals.length === 0) return undefined;
  const reasons = [...new Set(dismissals.map((verdict) => verdict.reason))];
  return { ...(pick(dismissals) as ScannerVerdict), reason: reasons.join(" ") };
}
