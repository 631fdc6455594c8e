import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import type { KpiScope } from "@/lib/kpi/window";
import { deadlineOf, isDueInWindow, latenessMs, type Outcome, outcomeOf } from "./rotation";

// The records behind "rotation on schedule": every certificate version due in the window, with its
// outcome, read with the same SQL and classified by the same functions as the KPI (./kpi.ts#rotationKpi).

export interface DueRotation {
  lineageId: string;
  label: string;
  cluster: string | null;
  namespace: string | null;
  issuer: string | null;
  notBefore: Date;
  notAfter: Date;
  deadline: Date;
  successorNotBefore: Date | null;
  outcome: Exclude<Outcome, "notDue">;
  latenessMs: number | null;
}

export async function rotationsDue(scope: KpiScope): Promise<DueRotation[]> {
  const rows = await sqlOfPg(pool()).query<{
    lineageId: string;
    label: string;
    cluster: string | null;
    namespace: string | null;
    issuer: string | null;
    notBefore: Date;
    notAfter: Date;
    renewalTime: Date | null;
    renewBeforeSeconds: number | null;
    successorNotBefore: Date | null;
  }>(
    `SELECT l.id AS "lineageId", l.label, c.name AS cluster, l.namespace, v.issuer,
            v."notBefore", v."notAfter", v."renewalTime", v."renewBeforeSeconds", v."successorNotBefore"
       FROM certificate_version v
       JOIN certificate_lineage l ON l.id = v."lineageId"
       LEFT JOIN cluster c ON c.id = l."clusterId"
      WHERE v.deadline >= $1 AND v.deadline < $2 AND v."notBefore" IS NOT NULL
        AND ($3::text IS NULL OR c.name = $3)
      ORDER BY v.deadline`,
    [scope.from, scope.to, scope.cluster],
  );
  const out: DueRotation[] = [];
  for (const r of rows) {
    if (!isDueInWindow(r, scope, scope.now)) continue;
    const outcome = outcomeOf(r, r.successorNotBefore, scope.now);
    if (outcome === "notDue") continue;
    out.push({
      lineageId: r.lineageId,
      label: r.label,
      cluster: r.cluster,
      namespace: r.namespace,
      issuer: r.issuer,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      deadline: deadlineOf(r),
      successorNotBefore: r.successorNotBefore,
      outcome,
      latenessMs: latenessMs(r, r.successorNotBefore),
    });
  }
  return out;
}
