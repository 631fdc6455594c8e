// How a daily series with missing days is drawn (pure; shared by the trend charts and the sparklines):
// solid lines join known values on consecutive days, a dashed line bridges a run of missing days between
// two known values (the reader sees the trend but also that nothing was measured there), and a known value
// with no neighbour on either side is a dot, so a sparse series is never an empty plot.

export interface Point {
  i: number;
  v: number;
}

export interface SeriesShape {
  /** Runs of known values on consecutive indexes (length ≥ 2). */
  solid: Point[][];
  /** Pairs of known values with missing indexes between them. */
  bridges: [Point, Point][];
  /** Known values with no known neighbour (drawn as dots). */
  lonely: Point[];
  /** Maximal runs of missing indexes inside or at the edges of the series, as [first, last]. */
  gaps: [number, number][];
  known: number;
}

export function shapeOf(values: readonly (number | null | undefined)[]): SeriesShape {
  const solid: Point[][] = [];
  const bridges: [Point, Point][] = [];
  const lonely: Point[] = [];
  const gaps: [number, number][] = [];
  let run: Point[] = [];
  let last: Point | null = null;
  let gapStart: number | null = null;
  let known = 0;
  const closeRun = () => {
    if (run.length >= 2) solid.push(run);
    else if (run.length === 1) lonely.push(run[0]);
    run = [];
  };
  values.forEach((raw, i) => {
    const v = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    if (v === null) {
      if (gapStart === null) gapStart = i;
      return;
    }
    known++;
    const p = { i, v };
    if (gapStart !== null) {
      gaps.push([gapStart, i - 1]);
      gapStart = null;
      closeRun();
      if (last) bridges.push([last, p]);
    }
    run.push(p);
    last = p;
  });
  if (gapStart !== null) gaps.push([gapStart, values.length - 1]);
  closeRun();
  // A lonely point that a bridge reaches is not alone: the dashed line already shows it, but keep its dot.
  return { solid, bridges, lonely, gaps, known };
}

/** "M x,y L x,y …" for a list of points through a scale. */
export function pathThrough(
  points: readonly Point[],
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  return points.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
}

/** Round axis ticks (0, 25, 50 … or 1, 2, 5 × 10^n steps) covering [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toFixed(10)));
  return ticks;
}
