// KPI bodies for tests of what is built from them (attention lines, reports): the public shape of
// lib/kpi/compute.ts written out by hand, so a renamed field breaks these tests too.
import type { Kpis } from "@/lib/kpi/compute";

/** The KPIs of a scope where nothing has reported yet (counts 0, rates null); `over` replaces sections. */
export function blankKpis(over: Partial<Kpis> = {}): Kpis {
  return {
    window: { from: "", to: "" },
    cluster: null,
    mttd: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
    timeToContainment: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
    timeToResolve: { n: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null, excluded: 0 },
    rotationOnSchedule: { due: 0, onTime: 0, late: 0, missed: 0, overdue: 0, percent: null },
    mtlsCoverage: { percent: null, crossClusterPercent: null, mtls: 0, total: 0 },
    policy: { denyRate: null, compliance: null },
    certificates: { total: 0, expired: 0, expiring7d: 0, expiring30d: 0, weak: 0, longLived: 0 },
    risks: { open: 0, aboveAppetite: 0, overdueReview: 0 },
    ...over,
  };
}
