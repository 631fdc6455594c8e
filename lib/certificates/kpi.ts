import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { isLive, recordedBlock } from "@/lib/kpi/recorded";
import { registerKpiSection } from "@/lib/kpi/registry";
import type { KpiScope } from "@/lib/kpi/window";
import { DEFAULT_MAX_LIFETIME_DAYS, type HygieneCounts } from "./hygiene";
import { type RotationStats, rotationStats } from "./rotation";

/**
 * rotationOnSchedule (docs/kpis.md): versions whose stored deadline lies in [from, to) are read with an
 * index, then classified by the same pure functions the tests pin (lib/certificates/rotation.ts).
 */
export async function rotationKpi(scope: KpiScope): Promise<RotationStats> {
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

/** Certificate hygiene (docs/kpis.md) over the current version of every lineage, as of scope.now (the SQL mirrors hygiene.ts). */
export async function hygieneKpi(
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
