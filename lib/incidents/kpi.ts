import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import type { ClockStats, DataError, IncidentClockRow } from "./kpi-math";

/** Incidents any of whose clock stamps fall in the window (the reference the SQL below is tested against). */
export async function incidentClockRows(
  scope: Pick<KpiScope, "from" | "to" | "cluster">,
): Promise<IncidentClockRow[]> {
  return sqlOfPg(pool()).query<IncidentClockRow>(
    `SELECT i.id, i.number, c.name AS cluster, i."startedAt", i."startedConfidence", i."detectedAt", i."containedAt", i."resolvedAt"
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE ($3::text IS NULL OR c.name = $3) AND ${IN_WINDOW}`,
    [scope.from, scope.to, scope.cluster],
  );
}

const IN_WINDOW = `((i."detectedAt" >= $1 AND i."detectedAt" < $2) OR (i."containedAt" >= $1 AND i."containedAt" < $2)
          OR (i."resolvedAt" >= $1 AND i."resolvedAt" < $2))`;

// Each clock: the stamp that puts it in the window, the stamp it runs from, and whether that start counts
// (MTTD only counts an observed or estimated start; lib/incidents/kpi-math.ts is the same rule in JS).
const CLOCKS = {
  mttd: { at: "detectedAt", since: "startedAt", ok: `i."startedConfidence" IN ('observed', 'estimated')` },
  timeToContainment: { at: "containedAt", since: "detectedAt", ok: "true" },
  timeToResolve: { at: "resolvedAt", since: "detectedAt", ok: "true" },
} as const;
type Clock = keyof typeof CLOCKS;
const CLOCK_NAMES = Object.keys(CLOCKS) as Clock[];

interface ClockRow {
  cluster: string | null;
  total: boolean;
  [k: string]: number | string | boolean | null | DataError[];
}

/**
 * The three incident clocks for the scope and per cluster, aggregated in SQL (n, mean, median and p90 by
 * percentile_cont — the definition lib/kpi/stats.ts implements — with excluded starts and impossible
 * durations counted), so only a few numbers per cluster leave the database: at 10 k incidents, reading
 * every incident of a 30-day window was most of the KPI request. Impossible (negative) durations are data
 * errors and few: they come back listed, as JSON, with the scope's row.
 */
export async function incidentClockKpis(scope: Pick<KpiScope, "from" | "to" | "cluster">) {
  const sql = sqlOfPg(pool());
  const cols: string[] = [];
  const base: string[] = [];
  for (const [k, c] of Object.entries(CLOCKS)) {
    base.push(`i."${c.at}" >= $1 AND i."${c.at}" < $2 AS "${k}_in", (${c.ok}) AND i."${c.since}" IS NOT NULL AS "${k}_ok",
               date_part('epoch', i."${c.at}" - i."${c.since}") AS "${k}_s"`);
    const valid = `"${k}_in" AND "${k}_ok" AND "${k}_s" >= 0`;
    cols.push(`count(*) FILTER (WHERE ${valid})::int AS "${k}_n", avg("${k}_s") FILTER (WHERE ${valid}) AS "${k}_mean",
               percentile_cont(0.5) WITHIN GROUP (ORDER BY "${k}_s") FILTER (WHERE ${valid}) AS "${k}_median",
               percentile_cont(0.9) WITHIN GROUP (ORDER BY "${k}_s") FILTER (WHERE ${valid}) AS "${k}_p90",
               count(*) FILTER (WHERE "${k}_in" AND NOT "${k}_ok")::int AS "${k}_excluded",
               count(*) FILTER (WHERE "${k}_in" AND "${k}_ok" AND "${k}_s" < 0)::int AS "${k}_errors",
               json_agg(json_build_object('incidentId', id, 'number', number, 'metric', '${k}', 'seconds', "${k}_s"))
                 FILTER (WHERE "${k}_in" AND "${k}_ok" AND "${k}_s" < 0) AS "${k}_list"`);
  }
  const groups = await sql.query<ClockRow>(
    `WITH b AS (SELECT i.id, i.number, c.name AS cluster, ${base.join(", ")}
                  FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
                 WHERE ($3::text IS NULL OR c.name = $3) AND ${IN_WINDOW})
     SELECT cluster, GROUPING(cluster) = 1 AS total, ${cols.join(", ")} FROM b GROUP BY GROUPING SETS ((), (cluster))`,
    [scope.from, scope.to, scope.cluster],
  );
  const stats = (r: ClockRow | undefined, k: Clock): ClockStats => {
    const n = Number(r?.[`${k}_n`] ?? 0);
    const num = (v: unknown) => (n && v !== null && v !== undefined ? Number(v) : null);
    return {
      n,
      meanSeconds: num(r?.[`${k}_mean`]),
      medianSeconds: num(r?.[`${k}_median`]),
      p90Seconds: num(r?.[`${k}_p90`]),
      excluded: Number(r?.[`${k}_excluded`] ?? 0),
      dataErrors: Number(r?.[`${k}_errors`] ?? 0),
    };
  };
  const clocks = (r: ClockRow | undefined) =>
    Object.fromEntries(CLOCK_NAMES.map((k) => [k, stats(r, k)])) as Record<Clock, ClockStats>;
  const byCluster = groups
    .filter((g) => !g.total)
    .map((g) => ({ cluster: g.cluster ?? "(none)", ...clocks(g) }))
    .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  const total = groups.find((g) => g.total);
  // Impossible durations of the scope, clock by clock, shortest first (data errors: few).
  const dataErrors = CLOCK_NAMES.flatMap((k) =>
    ((total?.[`${k}_list`] ?? []) as DataError[]).sort((a, b) => a.seconds - b.seconds),
  );
  return { ...clocks(total), byCluster, dataErrors };
}

// Incident KPIs (docs/kpis.md) in GET /api/v1/kpis: mttd, timeToContainment, timeToResolve for the scope, plus (extending
// the shape) the same per cluster and the incidents whose durations were impossible (data errors).
registerKpiSection(async (scope) => {
  const k = await incidentClockKpis(scope);
  return {
    mttd: k.mttd,
    timeToContainment: k.timeToContainment,
    timeToResolve: k.timeToResolve,
    incidentClock: { byCluster: k.byCluster, dataErrors: k.dataErrors },
  };
});
