import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { isLive, recordedBlock } from "@/lib/kpi/recorded";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import { DEFAULT_MAX_LIFETIME_DAYS, type HygieneCounts } from "./hygiene";
import { type RotationStats, rotationStats } from "./rotation";

// Epoch milliseconds of a timestamptz, as exact numeric (what rotation.ts computes with).
const MS = (col: string) => `(extract(epoch FROM ${col}) * 1000)`;

/**
 * rotationOnSchedule (docs/kpis.md): versions whose stored deadline lies in [from, to), classified in SQL
 * exactly as lib/certificates/rotation.ts does (outcomeOf, isDueInWindow) — a successor that starts after
 * `now` is ignored; grace = min(1 hour, lifetime / 10); due = deadline + grace < now — so only counts
 * leave the database. A test holds the two to the same answers.
 */
export async function rotationKpi(scope: KpiScope): Promise<RotationStats> {
  const rows = await sqlOfPg(pool()).query<Record<"onTime" | "late" | "missed" | "overdue", number>>(
    `SELECT count(*) FILTER (WHERE o = 'onTime')::int AS "onTime", count(*) FILTER (WHERE o = 'late')::int AS late,
            count(*) FILTER (WHERE o = 'missed')::int AS missed, count(*) FILTER (WHERE o = 'overdue')::int AS overdue
       FROM (SELECT CASE WHEN s IS NOT NULL AND s <= lim THEN 'onTime'
                         WHEN s IS NOT NULL AND s <= na THEN 'late'
                         WHEN s IS NOT NULL THEN 'missed'
                         WHEN now > na THEN 'missed'
                         WHEN now > lim THEN 'overdue' END AS o
               FROM (SELECT ${MS("$4::timestamptz")} AS now, ${MS('v."notAfter"')} AS na,
                            ${MS("v.deadline")} + least(3600000, (${MS('v."notAfter"')} - ${MS('v."notBefore"')}) / 10) AS lim,
                            CASE WHEN v."successorNotBefore" <= $4 THEN ${MS('v."successorNotBefore"')} END AS s
                       FROM certificate_version v
                       JOIN certificate_lineage l ON l.id = v."lineageId"
                      WHERE v.deadline >= $1 AND v.deadline < $2 AND v."notBefore" IS NOT NULL
                        AND ($3::text IS NULL OR l."clusterId" = (SELECT id FROM cluster WHERE name = $3))) x
              WHERE lim < now) due`,
    [scope.from, scope.to, scope.cluster, scope.now],
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
 * range counts on certificate_current (both kept by lib/certificates/store.ts; the rules mirror
 * hygiene.ts). Another lifetime maximum than the default scans the inventory instead.
 */
export async function hygieneKpi(
  scope: KpiScope,
  maxDays = DEFAULT_MAX_LIFETIME_DAYS,
): Promise<HygieneCounts> {
  if (maxDays !== DEFAULT_MAX_LIFETIME_DAYS) return hygieneKpiScan(scope, maxDays);
  const rows = await sqlOfPg(pool()).query<Record<keyof HygieneCounts, number>>(
    `WITH scope AS (SELECT $2::text IS NULL AS every, (SELECT id FROM cluster WHERE name = $2) AS id),
     counts AS (SELECT coalesce(sum(h.total), 0)::int AS total, coalesce(sum(h.weak), 0)::int AS weak,
                       coalesce(sum(h."longLived"), 0)::int AS "longLived"
                  FROM certificate_hygiene_count h, scope WHERE scope.every OR h."clusterId" = scope.id),
     cur AS (SELECT c.* FROM certificate_current c, scope WHERE scope.every OR c."clusterId" = scope.id)
     SELECT counts.*,
            (SELECT count(*) FROM cur WHERE "notAfter" < $1 AND "seenExpired")::int AS expired,
            (SELECT count(*) FROM cur WHERE "notAfter" >= $1 AND "notAfter" < $1 + interval '7 days')::int AS "expiring7d",
            (SELECT count(*) FROM cur WHERE "notAfter" >= $1 AND "notAfter" < $1 + interval '30 days')::int AS "expiring30d"
       FROM counts`,
    [scope.now, scope.cluster],
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
