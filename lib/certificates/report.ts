import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerReportSection } from "@/lib/reports/registry";
import { type RotationMiss, rotationCause } from "./report-causes";

// Why rotation on schedule is what it is in a report period: the versions due that were renewed late, missed
// or are overdue, counted per issuer and cluster in SQL — classified as rotationKpi (lib/certificates/kpi.ts)
// classifies them, which a test holds to lib/certificates/rotation.ts — so only the misses' groups leave the
// database (reading every version due was most of the report at 100 k certificates).
registerReportSection("certificates", async ({ from, to, cluster, now }) => {
  const misses = await sqlOfPg(pool()).query<RotationMiss & { count: number }>(
    `SELECT x.issuer, c.name AS cluster, x.outcome, count(*)::int AS count
       FROM (SELECT issuer, "lineageClusterId",
                    CASE WHEN s > lim AND s <= na THEN 'late' WHEN s > na OR (s IS NULL AND $3 > na) THEN 'missed'
                         WHEN s IS NULL THEN 'overdue' END AS outcome
               FROM (SELECT v.issuer, v."lineageClusterId", v."rotationLimit" AS lim, v."notAfter" AS na,
                            CASE WHEN v."successorNotBefore" <= $3 THEN v."successorNotBefore" END AS s
                       FROM certificate_version v
                      WHERE v.deadline >= $1 AND v.deadline < $2 AND v."rotationLimit" < $3
                        AND ($4::text IS NULL OR v."lineageClusterId" = (SELECT id FROM cluster WHERE name = $4))) v) x
       LEFT JOIN cluster c ON c.id = x."lineageClusterId"
      WHERE x.outcome IS NOT NULL
      GROUP BY 1, 2, 3`,
    [from, to, now, cluster],
  );
  const cause = rotationCause(misses);
  return cause ? { causes: { "rotationOnSchedule.percent": cause } } : {};
});
