// Splits a half-open window [from, to) into pieces that each read the cheapest exact source: whole UTC
// days from the daily rollup, whole hours from the hourly rollup, whole minutes from the minute rollup
// when the caller has one, and the ragged edges from raw rows (an indexed, time-bounded scan of at most
// two minutes, or two hours without a minute rollup). Together the pieces cover the window exactly once.

export type Span = [Date, Date];
export interface WindowSplit {
  raw: Span[];
  /** Whole minutes; empty unless asked for (`{ minutes: true }`), when `raw` keeps only sub-minute edges. */
  minute: Span[];
  hourly: Span[];
  daily: Span[];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ceilTo = (t: number, u: number) => Math.ceil(t / u) * u;
const floorTo = (t: number, u: number) => Math.floor(t / u) * u;

export function splitWindow(from: Date, to: Date, opts: { minutes?: boolean } = {}): WindowSplit {
  const out: WindowSplit = { raw: [], minute: [], hourly: [], daily: [] };
  const push = (list: Span[], a: number, b: number) => {
    if (a < b) list.push([new Date(a), new Date(b)]);
  };
  let a = from.getTime();
  let b = to.getTime();
  if (!(a < b)) return out;
  // Each level keeps the edges that do not fill a whole unit of the next one and hands the aligned middle
  // on; when no whole unit fits, the level keeps the whole span.
  const levels: [Span[], number][] = opts.minutes
    ? [
        [out.raw, MINUTE],
        [out.minute, HOUR],
        [out.hourly, DAY],
      ]
    : [
        [out.raw, HOUR],
        [out.hourly, DAY],
      ];
  for (const [list, unit] of levels) {
    const innerFrom = ceilTo(a, unit);
    const innerTo = floorTo(b, unit);
    if (innerFrom >= innerTo) {
      push(list, a, b);
      return out;
    }
    push(list, a, innerFrom);
    push(list, innerTo, b);
    a = innerFrom;
    b = innerTo;
  }
  push(out.daily, a, b);
  return out;
}

/** The fraction denied/total, or null when nothing was decided (docs/kpis.md, deny rate and compliance). */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}
