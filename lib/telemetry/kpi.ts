import "server-only";
import { registerKpiSection } from "@/lib/kpi/registry";
import { mtlsCoverage } from "./queries";

// mTLS coverage (docs/kpis.md), in the public shape {percent, crossClusterPercent, mtls, total}; per cluster pair:
// GET /api/v1/mesh/matrix.
registerKpiSection(async (scope) => {
  const c = await mtlsCoverage({ from: scope.from, to: scope.to, cluster: scope.cluster });
  return {
    mtlsCoverage: {
      percent: c.percent,
      crossClusterPercent: c.crossClusterPercent,
      mtls: c.mtls,
      total: c.total,
    },
  };
});
