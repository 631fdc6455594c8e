// Rotation on schedule, exactly as docs/kpis.md defines it. Pure: the KPI, the findings and the lineage page all
// classify versions with these functions.

const HOUR_MS = 3_600_000;

export interface VersionTimes {
  notBefore: Date;
  notAfter: Date;
  /** cert-manager status.renewalTime, when known. */
  renewalTime?: Date | null;
  /** cert-manager spec.renewBefore (or renewBeforePercentage × lifetime), when known. */
  renewBeforeSeconds?: number | null;
}

export type Outcome = "onTime" | "late" | "missed" | "overdue" | "notDue";
export const DUE_OUTCOMES = ["onTime", "late", "missed", "overdue"] as const;

export function lifetimeMs(v: VersionTimes): number {
  return v.notAfter.getTime() - v.notBefore.getTime();
}

/** renewalTime when known, else notAfter − renewBefore when known, else notBefore + 2/3·L. */
export function deadlineOf(v: VersionTimes): Date {
  if (v.renewalTime) return v.renewalTime;
  if (v.renewBeforeSeconds !== null && v.renewBeforeSeconds !== undefined) {
    return new Date(v.notAfter.getTime() - v.renewBeforeSeconds * 1000);
  }
  return new Date(v.notBefore.getTime() + (2 / 3) * lifetimeMs(v));
}

/** min(1 hour, L/10). */
export function graceMsOf(v: VersionTimes): number {
  return Math.min(HOUR_MS, lifetimeMs(v) / 10);
}

/**
 * The outcome of version v given the notBefore of its successor s (null when none). A successor that
 * starts after `now` did not exist yet at `now` and is ignored, so "as of" views stay honest.
 */
export function outcomeOf(v: VersionTimes, successorNotBefore: Date | null, now: Date): Outcome {
  const limit = deadlineOf(v).getTime() + graceMsOf(v);
  const s =
    successorNotBefore && successorNotBefore.getTime() <= now.getTime() ? successorNotBefore.getTime() : null;
  if (s !== null) {
    if (s <= limit) return "onTime";
    if (s <= v.notAfter.getTime()) return "late";
    return "missed";
  }
  if (now.getTime() > v.notAfter.getTime()) return "missed";
  if (now.getTime() > limit) return "overdue";
  return "notDue";
}

/** Due in [from, to): the deadline lies in the window and deadline + grace has passed. */
export function isDueInWindow(v: VersionTimes, window: { from: Date; to: Date }, now: Date): boolean {
  const d = deadlineOf(v).getTime();
  return d >= window.from.getTime() && d < window.to.getTime() && d + graceMsOf(v) < now.getTime();
}

/** How late the successor started after the deadline (ms; negative = early), or null without one. */
export function latenessMs(v: VersionTimes, successorNotBefore: Date | null): number | null {
  return successorNotBefore ? successorNotBefore.getTime() - deadlineOf(v).getTime() : null;
}

export interface RotationStats {
  due: number;
  onTime: number;
  late: number;
  missed: number;
  overdue: number;
  percent: number | null;
}

export function rotationStats(
  versions: { v: VersionTimes; successorNotBefore: Date | null }[],
  window: { from: Date; to: Date },
  now: Date,
): RotationStats {
  const s: RotationStats = { due: 0, onTime: 0, late: 0, missed: 0, overdue: 0, percent: null };
  for (const { v, successorNotBefore } of versions) {
    if (!isDueInWindow(v, window, now)) continue;
    const o = outcomeOf(v, successorNotBefore, now);
    if (o === "notDue") continue; // cannot happen for a due version; kept for type narrowing
    s[o]++;
    s.due++;
  }
  s.percent = s.due ? (100 * s.onTime) / s.due : null;
  return s;
}

/**
 * Orders a lineage's versions by notBefore and pairs each with its successor's notBefore. Versions
 * without a notBefore (exporter metrics without x509_cert_not_before) have no lifetime and are left out.
 */
export function withSuccessors<T extends { notBefore: Date | null }>(
  versions: T[],
): { version: T; successorNotBefore: Date | null }[] {
  const dated = versions.filter((v): v is T & { notBefore: Date } => v.notBefore !== null);
  dated.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime());
  return dated.map((version, i) => ({ version, successorNotBefore: dated[i + 1]?.notBefore ?? null }));
}
