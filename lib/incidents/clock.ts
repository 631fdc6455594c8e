// The incident clock (docs/kpis.md, incident timestamps), as pure functions over what an incident links to.

export type Confidence = "observed" | "estimated" | "unknown";

export interface AlertTimes {
  status: "firing" | "resolved" | string;
  startsAt: Date;
  endsAt: Date | null;
}

/** An alert-opened incident is detected at the earliest startsAt of its alerts. */
export function detectedFromAlerts(alerts: readonly AlertTimes[]): Date | null {
  if (alerts.length === 0) return null;
  return new Date(Math.min(...alerts.map((a) => a.startsAt.getTime())));
}

/**
 * Contained, by the alerts alone, once every alert has resolved: the latest of their endsAt. A firing
 * alert's endsAt is provisional and never counts, so any firing alert means "not contained".
 */
export function containmentFromAlerts(alerts: readonly AlertTimes[]): Date | null {
  if (alerts.length === 0) return null;
  let latest = -Infinity;
  for (const a of alerts) {
    if (a.status !== "resolved" || !a.endsAt) return null;
    latest = Math.max(latest, a.endsAt.getTime());
  }
  return new Date(latest);
}

/**
 * The earliest linked evidence (other than the incident's own alerts) makes the start `observed`; with
 * only alerts, their earliest startsAt is an `estimated` start (MTTD 0); with neither, it is `unknown`.
 */
export function startFromLinks(
  evidenceTimes: readonly Date[],
  alertStarts: readonly Date[],
): { startedAt: Date | null; confidence: Confidence } {
  if (evidenceTimes.length > 0) {
    const all = [...evidenceTimes, ...alertStarts].map((d) => d.getTime());
    return { startedAt: new Date(Math.min(...all)), confidence: "observed" };
  }
  if (alertStarts.length > 0) {
    return { startedAt: new Date(Math.min(...alertStarts.map((d) => d.getTime()))), confidence: "estimated" };
  }
  return { startedAt: null, confidence: "unknown" };
}

/** How far back of detection evidence is linked automatically. */
export const EVIDENCE_WINDOW_MS = 30 * 60_000;

export function inEvidenceWindow(occurredAt: Date, detectedAt: Date): boolean {
  const t = occurredAt.getTime();
  return t >= detectedAt.getTime() - EVIDENCE_WINDOW_MS && t <= detectedAt.getTime();
}

export const STATUSES = ["open", "acknowledged", "contained", "resolved"] as const;
export type IncidentStatus = (typeof STATUSES)[number];

/** Statuses only move forward (open → acknowledged → contained → resolved); skipping ahead is allowed. */
export function canMoveTo(from: IncidentStatus, to: IncidentStatus): boolean {
  return STATUSES.indexOf(to) > STATUSES.indexOf(from);
}

export interface ClockTimes {
  startedAt: Date | null;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  containedAt: Date | null;
  resolvedAt: Date | null;
}

/** Orderings that cannot be true; shown on the incident and left out of the KPIs as data errors. */
export function clockProblems(t: ClockTimes): string[] {
  const out: string[] = [];
  const before = (a: Date | null, b: Date | null) => a && b && a.getTime() < b.getTime();
  if (before(t.detectedAt, t.startedAt)) out.push("detected before it started");
  if (before(t.containedAt, t.detectedAt)) out.push("contained before it was detected");
  if (before(t.resolvedAt, t.detectedAt)) out.push("resolved before it was detected");
  if (before(t.acknowledgedAt, t.detectedAt)) out.push("acknowledged before it was detected");
  return out;
}
