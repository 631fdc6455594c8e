// Duration statistics as docs/kpis.md defines them: percentiles by linear interpolation between closest
// ranks, exactly PostgreSQL's percentile_cont.

export interface DurationStats {
  n: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  excluded?: number;
}

export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[sorted.length - 1];
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function durationStats(values: readonly number[], excluded?: number): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    meanSeconds: n ? sorted.reduce((a, b) => a + b, 0) / n : null,
    medianSeconds: percentileCont(sorted, 0.5),
    p90Seconds: percentileCont(sorted, 0.9),
    ...(excluded !== undefined ? { excluded } : {}),
  };
}
