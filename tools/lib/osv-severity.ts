import type { Severity } from "../../schemas/index.js";

const WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

/** CVSS v3 rounds up to one decimal, with the spec's guard against floating-point error. */
function roundUp(value: number): number {
  const integer = Math.round(value * 100000);
  return integer % 10000 === 0 ? integer / 100000 : (Math.floor(integer / 10000) + 1) / 10;
}

/** The CVSS v3.0/v3.1 base score of a vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`, or undefined. */
export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector)) return undefined;
  const metrics = new Map(
    vector
      .split("/")
      .slice(1)
      .map((part) => part.split(":") as [string, string]),
  );
  const scope = metrics.get("S");
  const weight = (metric: string) => WEIGHTS[metric]?.[metrics.get(metric) ?? ""];
  const privileges = { N: 0.85, L: scope === "C" ? 0.68 : 0.62, H: scope === "C" ? 0.5 : 0.27 }[
    metrics.get("PR") ?? ""
  ];
  const values = [
    weight("AV"),
    weight("AC"),
    privileges,
    weight("UI"),
    weight("C"),
    weight("I"),
    weight("A"),
  ];
  if (values.some((value) => value === undefined) || (scope !== "U" && scope !== "C")) return undefined;
  const [av, ac, pr, ui, c, i, a] = values as number[];
  const iss = 1 - (1 - (c as number)) * (1 - (i as number)) * (1 - (a as number));
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * (av as number) * (ac as number) * (pr as number) * (ui as number);
  if (impact <= 0) return 0;
  return scope === "U"
    ? roundUp(Math.min(impact + exploitability, 10))
    : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}

/** The report severity of a CVSS score (the CVSS v3 qualitative scale). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return score > 0 ? "low" : "info";
}

const LABELS: Record<string, Severity> = {
  CRITICAL: "critical",
  HIGH: "high",
  MODERATE: "medium",
  MEDIUM: "medium",
  LOW: "low",
};

interface OsvSeverityFields {
  severity?: Array<{ type?: string; score?: string }>;
  database_specific?: { severity?: unknown };
}

/** An advisory's severity: the database's own label when it has one, else its CVSS v3 score, else high. */
export function advisorySeverity(advisory: OsvSeverityFields, affected?: OsvSeverityFields): Severity {
  for (const source of [affected?.database_specific?.severity, advisory.database_specific?.severity]) {
    if (typeof source === "string" && LABELS[source.toUpperCase()])
      return LABELS[source.toUpperCase()] as Severity;
  }
  for (const entry of [...(affected?.severity ?? []), ...(advisory.severity ?? [])]) {
    if (!entry.score) continue;
    const score = cvss3BaseScore(entry.score);
    if (score !== undefined) return severityOfScore(score);
  }
  return "high";
}
