// MTTD, time to containment and time to resolve (docs/kpis.md, incident timestamps) over incident rows. Pure.
import { type DurationStats, durationStats } from "@/lib/kpi/stats";
import type { Confidence } from "./clock";

export interface IncidentClockRow {
  id: string;
  number?: number;
  cluster: string | null;
  startedAt: Date | null;
  startedConfidence: Confidence | string;
  detectedAt: Date;
  containedAt: Date | null;
  resolvedAt: Date | null;
}

export interface DataError {
  incidentId: string;
  number?: number;
  metric: "mttd" | "timeToContainment" | "timeToResolve";
  seconds: number;
}

/** DurationStats plus the impossible (negative) durations left out and reported instead of averaged in. */
export type ClockStats = DurationStats & { excluded: number; dataErrors: number };

export interface IncidentKpis {
  mttd: ClockStats;
  timeToContainment: ClockStats;
  timeToResolve: ClockStats;
  dataErrors: DataError[];
}

const inWindow = (d: Date | null, from: Date, to: Date): d is Date => !!d && d >= from && d < to;
const seconds = (a: Date, b: Date) => (a.getTime() - b.getTime()) / 1000;

export function incidentKpis(
  rows: readonly IncidentClockRow[],
  window: { from: Date; to: Date },
): IncidentKpis {
  const { from, to } = window;
  const dataErrors: DataError[] = [];
  const collect = (
    metric: DataError["metric"],
    pick: (r: IncidentClockRow) => { at: Date | null; since: Date | null; excluded?: boolean },
  ): ClockStats => {
    const values: number[] = [];
    let excluded = 0;
    let errors = 0;
    for (const r of rows) {
      const { at, since, excluded: ex } = pick(r);
      if (!inWindow(at, from, to)) continue;
      if (ex || !since) {
        excluded++;
        continue;
      }
      const s = seconds(at, since);
      if (s < 0) {
        errors++;
        dataErrors.push({ incidentId: r.id, number: r.number, metric, seconds: s });
        continue;
      }
      values.push(s);
    }
    return { ...durationStats(values, excluded), excluded, dataErrors: errors };
  };
  return {
    mttd: collect("mttd", (r) => ({
      at: r.detectedAt,
      since: r.startedAt,
      excluded: r.startedConfidence !== "observed" && r.startedConfidence !== "estimated",
    })),
    timeToContainment: collect("timeToContainment", (r) => ({ at: r.containedAt, since: r.detectedAt })),
    timeToResolve: collect("timeToResolve", (r) => ({ at: r.resolvedAt, since: r.detectedAt })),
    dataErrors,
  };
}
