import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerKpiSection } from "@/lib/kpi/registry";
import { riskCounts } from "./queries";
import { getMatrix } from "./settings";

/**
 * risks: {open, aboveAppetite, overdueReview} as the register stood at min(to, now) (the register is a
 * state, not a windowed count). open = status open or treating; aboveAppetite = not closed and the residual
 * level above the appetite; overdueReview = not closed and reviewDue before that instant. With cluster=X:
 * risks tagged X. A past instant is reconstructed from the risks' revisions (as the heat map does); the
 * matrix and appetite are today's.
 */
registerKpiSection(async (scope) => {
  const sql = sqlOfPg(pool());
  const asOf = scope.to < scope.now ? scope.to : scope.now;
  const clock = scope.computedAt ?? scope.now;
  const m = await getMatrix(sql);
  const c = await riskCounts(sql, m, { asOf: asOf < clock ? asOf : null, cluster: scope.cluster, now: asOf });
  return { risks: { open: c.open, aboveAppetite: c.aboveAppetite, overdueReview: c.overdueReview } };
});
