import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { isLive, recordedBlock } from "@/lib/kpi/recorded";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import { DEFAULT_MAX_LIFETIME_DAYS, type HygieneCounts } from "./hygiene";
import { type RotationStats, rotationStats } from "./rotation";

// A cluster condition on a column, written only when the scope names a cluster, so that the all-clusters
// query reads no cluster table and keeps its index range scans ($n: the cluster name).
const inCluster = (col: string, n: number, cluster: string | null) =>
  cluster === null ? "" : `AND ${col} = (SELECT id FROM cluster WHERE name = $${n})`;

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * rotationOnSchedule (docs/kpis.md): versions whose stored deadline lies in [from, to), classified in SQL
 * exactly as lib/certificates/rotation.ts does (outcomeOf, isDueInWindow) — a successor that starts after
 * `now` is ignored; grace = min(1 hour, lifetime / 10); due = deadline + grace < now — so only counts
 * leave the database. A test holds the two to the same answers over many moments, windows and clusters.
 *   onTime: successor by the limit; late: after it but by notAfter; missed: after notAfter, or none and
 *   expired; overdue: none yet and not expired.
 * deadline + grace is the stored generated column "rotationLimit" (UTC, exact to the microsecond). The whole
 * UTC days of the window that end an hour or more before `now` are certainly due (the limit is at most an hour
 * after the deadline): there the settled outcomes come from certificate_rotation_daily, corrected by the few
 * versions the daily counts cannot settle — no successor yet, or a successor that starts after `now`. The
 * window's ragged days are classified version by version (index-only range scans).
 */
export async function rotationKpi(scope: KpiScope): Promise<RotationStats> {
  const f = scope.from.getTime();
  const t = scope.to.getTime();
  const d0 = Math.ceil(f / DAY) * DAY;
  const d1 = Math.min(Math.floor(t / DAY) * DAY, Math.floor((scope.now.getTime() - HOUR) / DAY) * DAY);
  const days = d0 < d1;
  const ragged: [number, number][] = days
    ? [
        [f, d0],
        [d1, t],
      ]
    : [[f, t]];
  const params: unknown[] = [scope.now];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cluster = scope.cluster === null ? "" : `(SELECT id FROM cluster WHERE name = ${p(scope.cluster)})`;
  const version = cluster && `AND v."lineageClusterId" = ${cluster}`;
  const daily = cluster && `AND r."clusterId" = ${cluster}`;
  const classified = (where: string) =>
    `SELECT count(*) FILTER (WHERE s <= lim) AS "onTime", count(*) FILTER (WHERE s > lim AND s <= na) AS late,
            count(*) FILTER (WHERE s > na OR (s IS NULL AND $1 > na)) AS missed,
            count(*) FILTER (WHERE s IS NULL AND $1 <= na) AS overdue
       FROM (SELECT v."rotationLimit" AS lim, v."notAfter" AS na,
                    CASE WHEN v."successorNotBefore" <= $1 THEN v."successorNotBefore" END AS s
               FROM certificate_version v WHERE ${where} AND v."rotationLimit" < $1 ${version}) x`;
  const parts = ragged
    .filter(([a, b]) => a < b)
    .map(([a, b]) => classified(`v.deadline >= ${p(new Date(a))} AND v.deadline < ${p(new Date(b))}`));
  if (days) {
    const [a, b] = [p(new Date(d0)), p(new Date(d1))];
    // Settled outcomes of the whole days …
    parts.push(`SELECT coalesce(sum(r."onTime"), 0), coalesce(sum(r.late), 0), coalesce(sum(r.missed), 0), 0
                  FROM certificate_rotation_daily r WHERE r.day >= ${a} AND r.day < ${b} ${daily}`);
    // … less the successors that start after now (counted there by their outcome, here as none yet) …
    parts.push(`SELECT -count(*) FILTER (WHERE s <= lim), -count(*) FILTER (WHERE s > lim AND s <= na),
                       -count(*) FILTER (WHERE s > na), 0
                  FROM (SELECT v."rotationLimit" AS lim, v."notAfter" AS na, v."successorNotBefore" AS s FROM certificate_version v
                         WHERE v."successorNotBefore" > $1 AND v.deadline >= ${a} AND v.deadline < ${b}
                           AND v."rotationLimit" IS NOT NULL ${version}) x`);
    // … plus every version of those days without a successor by now: none yet (the partial index of
    // unrotated versions), or one that starts later (the successor index); two scans, as an OR would read
    // every version of the days.
    for (const none of [`v."successorNotBefore" IS NULL`, `v."successorNotBefore" > $1`])
      parts.push(`SELECT 0, 0, count(*) FILTER (WHERE $1 > v."notAfter"), count(*) FILTER (WHERE $1 <= v."notAfter")
                    FROM certificate_version v
                   WHERE ${none} AND v.deadline >= ${a} AND v.deadline < ${b} AND v."rotationLimit" IS NOT NULL ${version}`);
  }
  const rows = await sqlOfPg(pool()).query<Record<"onTime" | "late" | "missed" | "overdue", number>>(
    `SELECT coalesce(sum("onTime"), 0)::int AS "onTime", coalesce(sum(late), 0)::int AS late,
            coalesce(sum(missed), 0)::int AS missed, coalesce(sum(overdue), 0)::int AS overdue
       FROM (${parts.join(" UNION ALL ")}) u("onTime", late, missed, overdue)`,
    params,
  );
  const r = rows[0];
  const due = r.onTime + r.late + r.missed + r.overdue;
  return { due, ...r, percent: due ? (100 * r.onTime) / due : null };
}

/** The same, classified in JavaScript from the rows (the reference the SQL above is tested against). */
export async function rotationKpiFromRows(scope: KpiScope): Promise<RotationStats> {
  const rows = await sqlOfPg(pool()).query<{
    notBefore: Date;
    notAfter: Date;
    renewalTime: Date | null;
    renewBeforeSeconds: number | null;
    successorNotBefore: Date | null;
  }>(
    `SELECT v."notBefore", v."notAfter", v."renewalTime", v."renewBeforeSeconds", v."successorNotBefore"
       FROM certificate_version v
       JOIN certificate_lineage l ON l.id = v."lineageId"
       LEFT JOIN cluster c ON c.id = l."clusterId"
      WHERE v.deadline >= $1 AND v.deadline < $2 AND v."notBefore" IS NOT NULL
        AND ($3::text IS NULL OR c.name = $3)`,
    [scope.from, scope.to, scope.cluster],
  );
  return rotationStats(
    rows.map((r) => ({ v: r, successorNotBefore: r.successorNotBefore })),
    { from: scope.from, to: scope.to },
    scope.now,
  );
}

/**
 * Certificate hygiene (docs/kpis.md) over the current version of every lineage, as of scope.now. The
 * counts that do not depend on now come from certificate_hygiene_count, expired / expiring are indexed
 * range counts on certificate_current (both kept by lib/certificates/mutations/lineages.ts; the rules mirror
 * hygiene.ts). Another lifetime maximum than the default scans the inventory instead.
 */
export async function hygieneKpi(
  scope: KpiScope,
  maxDays = DEFAULT_MAX_LIFETIME_DAYS,
): Promise<HygieneCounts> {
  if (maxDays !== DEFAULT_MAX_LIFETIME_DAYS) return hygieneKpiScan(scope, maxDays);
  const cur = (cond: string) =>
    `(SELECT count(*) FROM certificate_current c WHERE ${cond} ${inCluster('c."clusterId"', 2, scope.cluster)})::int`;
  const rows = await sqlOfPg(pool()).query<Record<keyof HygieneCounts, number>>(
    `SELECT coalesce(sum(h.total), 0)::int AS total, coalesce(sum(h.weak), 0)::int AS weak,
            coalesce(sum(h."longLived"), 0)::int AS "longLived",
            ${cur(`c."notAfter" < $1 AND c."seenExpired"`)} AS expired,
            ${cur(`c."notAfter" >= $1 AND c."notAfter" < $1 + interval '7 days'`)} AS "expiring7d",
            ${cur(`c."notAfter" >= $1 AND c."notAfter" < $1 + interval '30 days'`)} AS "expiring30d"
       FROM certificate_hygiene_count h WHERE true ${inCluster('h."clusterId"', 2, scope.cluster)}`,
    [scope.now, ...(scope.cluster === null ? [] : [scope.cluster])],
  );
  return rows[0];
}

/** Hygiene by reading every lineage's current version (any lifetime maximum; the reference for the above). */
export async function hygieneKpiScan(
  scope: KpiScope,
  maxDays = DEFAULT_MAX_LIFETIME_DAYS,
): Promise<HygieneCounts> {
  const rows = await sqlOfPg(pool()).query<Record<keyof HygieneCounts, number>>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE v."notAfter" < $1 AND (v."reportedExpired" OR v."lastSeenAt" > v."notAfter"))::int AS expired,
            count(*) FILTER (WHERE v."notAfter" >= $1 AND v."notAfter" < $1 + interval '7 days')::int AS "expiring7d",
            count(*) FILTER (WHERE v."notAfter" >= $1 AND v."notAfter" < $1 + interval '30 days')::int AS "expiring30d",
            count(*) FILTER (WHERE v.weak)::int AS weak,
            count(*) FILTER (WHERE NOT v."isCA" AND v."notBefore" IS NOT NULL
                               AND v."notAfter" - v."notBefore" > make_interval(days => $3))::int AS "longLived"
       FROM certificate_lineage l
       JOIN certificate_version v ON v.id = l."currentVersionId"
       LEFT JOIN cluster c ON c.id = l."clusterId"
      WHERE ($2::text IS NULL OR c.name = $2)`,
    [scope.now, scope.cluster, maxDays],
  );
  return rows[0];
}

const NO_HYGIENE: Record<keyof HygieneCounts, null> = {
  total: null,
  expired: null,
  expiring7d: null,
  expiring30d: null,
  weak: null,
  longLived: null,
};

/**
 * The hygiene counts describe the inventory as it is: for a past instant they are what the daily KPI
 * snapshot recorded that day, or null ("no data") when nothing was recorded — never today's inventory.
 */
async function hygieneAsOf(scope: KpiScope): Promise<Record<keyof HygieneCounts, number | null>> {
  if (isLive(scope)) return hygieneKpi(scope);
  const recorded = await recordedBlock<Partial<Record<keyof HygieneCounts, number | null>>>(
    scope,
    "certificates",
  );
  return recorded ? { ...NO_HYGIENE, ...recorded } : NO_HYGIENE;
}

registerKpiSection(async (scope) => {
  const [rotationOnSchedule, certificates] = await Promise.all([rotationKpi(scope), hygieneAsOf(scope)]);
  return { rotationOnSchedule, certificates };
});
