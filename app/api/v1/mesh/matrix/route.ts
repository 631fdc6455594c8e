import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { meshScope, parseMeshParams } from "@/lib/telemetry/params";
import { clusterPairs, mtlsCoverage } from "@/lib/telemetry/queries";

// GET /api/v1/mesh/matrix?from&to|range&cluster&namespace&workload&protocol&policy&reporter — mTLS coverage
// (docs/kpis.md) overall, cross-cluster and per cluster pair (src → dst; null = outside the mesh or not
// reported), with volumes, narrowed by the same filters as the edges.
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parseMeshParams(url.searchParams);
  const w = meshScope(p);
  const [coverage, pairs] = await Promise.all([mtlsCoverage(w), clusterPairs(w)]);
  return {
    window: { from: w.from.toISOString(), to: w.to.toISOString() },
    cluster: w.cluster,
    coverage,
    pairs,
  };
});
