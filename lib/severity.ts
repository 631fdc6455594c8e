// The one severity scale shared by findings, incidents, alerts, policy reports and the report's attention
// list: the order (most severe first), the type, and the badge tone each level is drawn in. Pure, so both
// server code and client components import it.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical … 4 for info; unknown values sort last. */
export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? SEVERITIES.length : i;
}

export function isSeverity(s: unknown): s is Severity {
  return typeof s === "string" && (SEVERITIES as readonly string[]).includes(s);
}

/** Most severe first; for Array.prototype.sort. */
export function bySeverity(a: { severity: string }, b: { severity: string }): number {
  return severityRank(a.severity) - severityRank(b.severity);
}

/** The most severe known level among these (unknown values and nulls are ignored), or null. */
export function worstSeverity(levels: Iterable<string | null | undefined>): Severity | null {
  let worst: Severity | null = null;
  for (const s of levels)
    if (isSeverity(s) && (worst === null || severityRank(s) < severityRank(worst))) worst = s;
  return worst;
}

/** The badge class of a level (globals.css `.badge.bad` …): critical and high alarm, medium warns. */
export function severityTone(s: string): "bad" | "warn" | "info" | "" {
  if (s === "critical" || s === "high") return "bad";
  if (s === "medium") return "warn";
  if (s === "low") return "info";
  return "";
}

/** `ORDER BY array_position(SEVERITY_SQL_ORDER, severity)`: the same order inside SQL. */
export const SEVERITY_SQL_ORDER = `ARRAY[${SEVERITIES.map((s) => `'${s}'`).join(",")}]`;
