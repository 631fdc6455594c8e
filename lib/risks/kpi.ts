import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerKpiSection } from "@/lib/kpi/registry";
import { appetiteIndex } from "./matrix";
import { getMatrix } from "./settings";

/**
 * risks: {open, aboveAppetite, overdueReview} as of the request time (the register is a current state,
 * not a windowed count). open = status open or treating; aboveAppetite = not closed and the residual level
 * above the appetite; overdueReview = not closed and reviewDue before now. With cluster=X: risks tagged X.
 */
registerKpiSection(async (scope) => {
  const sql = sqlOfPg(pool());
  const m = await getMatrix(sql);
  const rows = await sql.query<{ open: number; above: number; overdue: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('open', 'treating'))::int AS open,
            count(*) FILTER (WHERE ((($1::jsonb -> ("residualLikelihood" - 1)) ->> ("residualImpact" - 1))::int) > $2)::int AS above,
            count(*) FILTER (WHERE "reviewDue" < $3)::int AS overdue
       FROM risk WHERE status <> 'closed' AND ($4::text IS NULL OR $4 = ANY(clusters))`,
    [JSON.stringify(m.grid), appetiteIndex(m), scope.now, scope.cluster],
  );
  const r = rows[0];
  return { risks: { open: r.open, aboveAppetite: r.above, overdueReview: r.overdue } };
});
