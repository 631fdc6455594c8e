import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerReportSection } from "@/lib/reports/registry";
import { type RotationMiss, rotationCause } from "./report-causes";
import { outcomeOf } from "./rotation";

// Why rotation on schedule is what it is in a report period (the rotation outcomes of the versions due).
registerReportSection("certificates", async ({ from, to, cluster, now }) => {
  const rows = await sqlOfPg(pool()).query<{
    notBefore: Date;
    notAfter: Date;
    renewalTime: Date | null;
    renewBeforeSeconds: number | null;
    successorNotBefore: Date | null;
    issuer: string;
    cluster: string | null;
  }>(
    `SELECT v."notBefore", v."notAfter", v."renewalTime", v."renewBeforeSeconds", v."successorNotBefore", v.issuer, c.name AS cluster
       FROM certificate_version v JOIN certificate_lineage l ON l.id = v."lineageId" LEFT JOIN cluster c ON c.id = l."clusterId"
      WHERE v.deadline >= $1 AND v.deadline < $2 AND v."notBefore" IS NOT NULL AND ($3::text IS NULL OR c.name = $3)`,
    [from, to, cluster],
  );
  const misses: RotationMiss[] = [];
  for (const r of rows) {
    const o = outcomeOf(r, r.successorNotBefore, now);
    if (o === "late" || o === "missed" || o === "overdue")
      misses.push({ issuer: r.issuer, cluster: r.cluster, outcome: o });
  }
  const cause = rotationCause(misses);
  return cause ? { causes: { "rotationOnSchedule.percent": cause } } : {};
});
