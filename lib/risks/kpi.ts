import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { registerKpiSection } from "@/lib/kpi/registry";
import { aboveAppetite } from "./matrix";
import { riskStatesAt } from "./queries";
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
  const [m, states] = await Promise.all([
    getMatrix(sql),
    riskStatesAt(sql, { asOf: asOf < clock ? asOf : null, cluster: scope.cluster }),
  ]);
  return {
    risks: {
      open: states.filter((s) => s.status === "open" || s.status === "treating").length,
      aboveAppetite: states.filter((s) => aboveAppetite(m, s.residual.likelihood, s.residual.impact)).length,
      overdueReview: states.filter((s) => s.reviewDue.getTime() < asOf.getTime()).length,
    },
  };
});
