import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import { type IncidentClockRow, incidentKpis } from "./kpi-math";

/** Incidents any of whose clock stamps fall in the window (the three KPIs pick their own stamp). */
export async function incidentClockRows(
  scope: Pick<KpiScope, "from" | "to" | "cluster">,
): Promise<IncidentClockRow[]> {
  return sqlOfPg(pool()).query<IncidentClockRow>(
    `SELECT i.id, i.number, c.name AS cluster, i."startedAt", i."startedConfidence", i."detectedAt", i."containedAt", i."resolvedAt"
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE ($3::text IS NULL OR c.name = $3)
        AND ((i."detectedAt" >= $1 AND i."detectedAt" < $2) OR (i."containedAt" >= $1 AND i."containedAt" < $2)
          OR (i."resolvedAt" >= $1 AND i."resolvedAt" < $2))`,
    [scope.from, scope.to, scope.cluster],
  );
}

// Incident KPIs (docs/kpis.md) in GET /api/v1/kpis: mttd, timeToContainment, timeToResolve for the scope, plus (extending
// the shape) the same per cluster and the incidents whose durations were impossible (data errors).
registerKpiSection(async (scope) => {
  const rows = await incidentClockRows(scope);
  const all = incidentKpis(rows, scope);
  const clusters = [...new Set(rows.map((r) => r.cluster ?? "(none)"))].sort();
  const byCluster = clusters.map((name) => {
    const k = incidentKpis(
      rows.filter((r) => (r.cluster ?? "(none)") === name),
      scope,
    );
    return {
      cluster: name,
      mttd: k.mttd,
      timeToContainment: k.timeToContainment,
      timeToResolve: k.timeToResolve,
    };
  });
  return {
    mttd: all.mttd,
    timeToContainment: all.timeToContainment,
    timeToResolve: all.timeToResolve,
    incidentClock: { byCluster, dataErrors: all.dataErrors },
  };
});
