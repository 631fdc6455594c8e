// The period a scheduled report e-mail covers (pure): the last full week (Monday to Sunday, UTC) or the
// last full calendar month before `now`. Keys are the report's own period syntax.
const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

export interface MailPeriod {
  key: string;
  from: Date;
  to: Date;
}

export function lastCompletedPeriod(cadence: "weekly" | "monthly", now: Date): MailPeriod {
  if (cadence === "monthly") {
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return { key: ymd(from).slice(0, 7), from, to };
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  const to = new Date(today - sinceMonday * DAY);
  const from = new Date(to.getTime() - 7 * DAY);
  return { key: `${ymd(from)}..${ymd(new Date(to.getTime() - DAY))}`, from, to };
}
