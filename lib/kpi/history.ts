// Daily series for charts and sparklines from stored KPI snapshots (pure).
import type { Kpis } from "./compute";
import { metricValue } from "./targets";

export interface SeriesPoint {
  day: string;
  value: number | null;
}

/** One value per day of `days` (null where no snapshot or no figure), so charts show the gaps. */
export function seriesOf(points: { day: string; data: Kpis }[], key: string, days: string[]): SeriesPoint[] {
  const byDay = new Map(points.map((p) => [p.day, p.data]));
  return days.map((day) => {
    const d = byDay.get(day);
    return { day, value: d ? metricValue(d, key) : null };
  });
}

/** "up", "down" or "flat" from previous to current (flat when either is missing or they are equal). */
export function trendOf(previous: number | null, current: number | null): "up" | "down" | "flat" {
  if (previous === null || current === null || previous === current) return "flat";
  return current > previous ? "up" : "down";
}

/** Whether a move is good news for a figure that should go `direction`. */
export function trendTone(
  direction: "up" | "down" | "neutral",
  trend: "up" | "down" | "flat",
): "good" | "bad" | "neutral" {
  if (direction === "neutral" || trend === "flat") return "neutral";
  return direction === trend ? "good" : "bad";
}
