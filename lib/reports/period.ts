// Report periods: "2026-10" (a month), "2026-Q3" (a quarter), "2026-10-01..2026-10-15" (days, both
// inclusive), "7d"/"30d"/"90d" (the days up to now). Windows are half-open [from, to) in UTC (docs/kpis.md).
import { badRequest } from "@/lib/errors";

export interface Period {
  /** The canonical text (goes back into URLs). */
  key: string;
  kind: "month" | "quarter" | "range" | "rolling";
  label: string;
  from: Date;
  to: Date;
}

const DAY = 86_400_000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));
const ymd = (d: Date) => d.toISOString().slice(0, 10);

function month(y: number, m: number): Period {
  const from = utc(y, m);
  return {
    key: `${from.getUTCFullYear()}-${String(from.getUTCMonth() + 1).padStart(2, "0")}`,
    kind: "month",
    label: `${MONTHS[from.getUTCMonth()]} ${from.getUTCFullYear()}`,
    from,
    to: utc(y, m + 1),
  };
}

function quarter(y: number, q: number): Period {
  const from = utc(y, (q - 1) * 3);
  const yy = from.getUTCFullYear();
  const qq = Math.floor(from.getUTCMonth() / 3) + 1;
  return { key: `${yy}-Q${qq}`, kind: "quarter", label: `Q${qq} ${yy}`, from, to: utc(yy, qq * 3) };
}

function range(from: Date, to: Date): Period {
  const last = new Date(to.getTime() - DAY);
  return {
    key: `${ymd(from)}..${ymd(last)}`,
    kind: "range",
    label: `${ymd(from)} to ${ymd(last)}`,
    from,
    to,
  };
}

function parseDay(s: string, what: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s))
    throw badRequest(`period: ${what} "${s.slice(0, 20)}" must be a date YYYY-MM-DD`);
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || ymd(d) !== s)
    throw badRequest(`period: ${what} "${s}" is not a calendar date`);
  return d;
}

/** The default: the 30 days up to now. */
export function parsePeriod(raw: string | null | undefined, now = new Date()): Period {
  const s = (raw ?? "").trim() || "30d";
  let p: Period;
  const mMonth = /^(\d{4})-(\d{2})$/.exec(s);
  const mQuarter = /^(\d{4})-Q([1-4])$/i.exec(s);
  const mRange = /^(\S+)\.\.(\S+)$/.exec(s);
  const mRolling = /^(\d{1,3})d$/.exec(s);
  if (mMonth) {
    const m = mMonth;
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw badRequest(`period: month ${m[2]} is not 01–12`);
    p = month(Number(m[1]), mo - 1);
  } else if (mQuarter) {
    p = quarter(Number(mQuarter[1]), Number(mQuarter[2]));
  } else if (mRange) {
    const m = mRange;
    const from = parseDay(m[1], "start");
    const to = new Date(parseDay(m[2], "end").getTime() + DAY);
    if (from >= to) throw badRequest("period: the start must not be after the end");
    if (to.getTime() - from.getTime() > 5 * 366 * DAY) throw badRequest("period: at most 5 years");
    p = range(from, to);
  } else if (mRolling) {
    const days = Number(mRolling[1]);
    if (days < 1 || days > 366) throw badRequest("period: 1d to 366d");
    p = {
      key: `${days}d`,
      kind: "rolling",
      label: `Last ${days} days`,
      from: new Date(now.getTime() - days * DAY),
      to: now,
    };
  } else {
    throw badRequest(
      `period "${s.slice(0, 40)}": use YYYY-MM, YYYY-Qn, YYYY-MM-DD..YYYY-MM-DD or Nd (e.g. 30d)`,
    );
  }
  if (p.from >= now) throw badRequest(`period ${p.key} has not started yet`);
  return p;
}

/** The period just before: the previous month / quarter, or a window of the same length ending at from. */
export function previousPeriod(p: Period): Period {
  if (p.kind === "month") return month(p.from.getUTCFullYear(), p.from.getUTCMonth() - 1);
  if (p.kind === "quarter") return quarter(p.from.getUTCFullYear(), Math.floor(p.from.getUTCMonth() / 3));
  const len = p.to.getTime() - p.from.getTime();
  const from = new Date(p.from.getTime() - len);
  if (p.kind === "rolling")
    return {
      key: `${p.key}-previous`,
      kind: "rolling",
      label: `the ${Math.round(len / DAY)} days before`,
      from,
      to: p.from,
    };
  return range(from, p.from);
}

/** The end the figures are computed at: the period's end, or now while the period is still running. */
export function effectiveNow(p: Period, now: Date): Date {
  return p.to < now ? p.to : now;
}

/** The UTC days of a window ([from, to) rounded to whole days), for daily series. */
export function daysOf(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (
    let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    t < to.getTime();
    t += DAY
  ) {
    out.push(ymd(new Date(t)));
  }
  return out;
}

/** The choices of a period picker: rolling windows, this and the last two months, this and last quarter. */
export function periodChoices(now = new Date()): { key: string; label: string }[] {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const q = Math.floor(m / 3) + 1;
  const out = [
    { key: "7d", label: "Last 7 days" },
    { key: "30d", label: "Last 30 days" },
    { key: "90d", label: "Last 90 days" },
  ];
  for (let i = 0; i < 3; i++) {
    const p = month(y, m - i);
    out.push({ key: p.key, label: i === 0 ? `${p.label} (so far)` : p.label });
  }
  const cq = quarter(y, q);
  out.push({ key: cq.key, label: `${cq.label} (so far)` });
  const pq = previousPeriod(cq);
  out.push({ key: pq.key, label: pq.label });
  return out;
}
