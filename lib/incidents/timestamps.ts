// Timestamp sanity for everything that feeds the incident clock (bad input): a time before
// 2000 or in the future is an input error, reported per record, never stored as if it were true.

export const EARLIEST = Date.UTC(2000, 0, 1);
/** Clocks of senders drift; five minutes ahead of ours is still "now". */
export const FUTURE_SKEW_MS = 5 * 60_000;

export type TimeCheck = { ok: true; date: Date } | { ok: false; reason: string };

export function checkTime(value: unknown, field: string, now: Date = new Date()): TimeCheck {
  if (value === null || value === undefined || value === "")
    return { ok: false, reason: `${field} is missing` };
  let d: Date;
  if (typeof value === "number") d = new Date(value);
  else if (typeof value === "string") d = new Date(value);
  else return { ok: false, reason: `${field} is not a timestamp` };
  if (Number.isNaN(d.getTime()))
    return { ok: false, reason: `${field} "${String(value).slice(0, 40)}" is not an RFC 3339 timestamp` };
  if (d.getTime() < EARLIEST) return { ok: false, reason: `${field} ${d.toISOString()} is before 2000` };
  if (d.getTime() > now.getTime() + FUTURE_SKEW_MS)
    return { ok: false, reason: `${field} ${d.toISOString()} is in the future` };
  return { ok: true, date: d };
}

/** Alertmanager writes 0001-01-01T00:00:00Z for "no end yet". */
export function isUnsetTime(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === "" ||
    (typeof value === "string" && value.startsWith("0001-01-01"))
  );
}
