// Splits a half-open window [from, to) into pieces that each read the cheapest exact source: whole UTC
// days from the daily rollup, whole hours from the hourly rollup, and the sub-hour edges from raw rows
// (an indexed, time-bounded scan of at most two hours). Together the pieces cover the window exactly once.

export type Span = [Date, Date];
export interface WindowSplit {
  raw: Span[];
  hourly: Span[];
  daily: Span[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ceilTo = (t: number, u: number) => Math.ceil(t / u) * u;
const floorTo = (t: number, u: number) => Math.floor(t / u) * u;

export function splitWindow(from: Date, to: Date): WindowSplit {
  const out: WindowSplit = { raw: [], hourly: [], daily: [] };
  const f = from.getTime();
  const t = to.getTime();
  if (!(f < t)) return out;
  const push = (list: Span[], a: number, b: number) => {
    if (a < b) list.push([new Date(a), new Date(b)]);
  };
  const hFrom = ceilTo(f, HOUR);
  const hTo = floorTo(t, HOUR);
  if (hFrom >= hTo) {
    push(out.raw, f, t);
    return out;
  }
  push(out.raw, f, hFrom);
  push(out.raw, hTo, t);
  const dFrom = ceilTo(hFrom, DAY);
  const dTo = floorTo(hTo, DAY);
  if (dFrom >= dTo) {
    push(out.hourly, hFrom, hTo);
    return out;
  }
  push(out.hourly, hFrom, dFrom);
  push(out.hourly, dTo, hTo);
  push(out.daily, dFrom, dTo);
  return out;
}

/** The fraction denied/total, or null when nothing was decided (docs/kpis.md, deny rate and compliance). */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}
