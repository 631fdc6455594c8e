import "server-only";
import "./sections";
import { kpiSections } from "./registry";
import type { DurationStats } from "./stats";
import type { KpiScope } from "./window";

const noDurations = (): DurationStats => ({
  n: 0,
  meanSeconds: null,
  medianSeconds: null,
  p90Seconds: null,
  excluded: 0,
});

/** The public KPI shape (docs/kpis.md): extend it, never rename it. */
export function emptyKpis(scope: KpiScope) {
  return {
    window: { from: scope.from.toISOString(), to: scope.to.toISOString() },
    cluster: scope.cluster,
    mttd: noDurations(),
    timeToContainment: noDurations(),
    timeToResolve: noDurations(),
    rotationOnSchedule: { due: 0, onTime: 0, late: 0, missed: 0, overdue: 0, percent: null as number | null },
    mtlsCoverage: {
      percent: null as number | null,
      crossClusterPercent: null as number | null,
      mtls: 0,
      total: 0,
    },
    policy: { denyRate: null as number | null, compliance: null as number | null },
    // The current inventory; null for a past instant of which no snapshot recorded it.
    certificates: {
      total: 0 as number | null,
      expired: 0 as number | null,
      expiring7d: 0 as number | null,
      expiring30d: 0 as number | null,
      weak: 0 as number | null,
      longLived: 0 as number | null,
    },
    risks: { open: 0, aboveAppetite: 0, overdueReview: 0 },
  };
}

export type Kpis = ReturnType<typeof emptyKpis>;

export async function computeKpis(scope: KpiScope): Promise<Kpis> {
  const out = emptyKpis(scope) as Kpis & Record<string, unknown>;
  const parts = await Promise.all(kpiSections().map((fn) => fn(scope)));
  for (const p of parts) Object.assign(out, p);
  return out;
}
