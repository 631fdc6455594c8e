import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { parseMeshParams } from "@/lib/telemetry/params";
import { clusterPairs, mtlsCoverage } from "@/lib/telemetry/queries";

// GET /api/v1/mesh/matrix?from&to|range&cluster — mTLS coverage (docs/kpis.md) overall, cross-cluster and
// per cluster pair (src → dst; null = outside the mesh or not reported), with volumes.
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parseMeshParams(url.searchParams);
  const w = { from: p.fromDate, to: p.toDate, cluster: p.cluster ?? null };
  const [coverage, pairs] = await Promise.all([mtlsCoverage(w), clusterPairs(w)]);
  return {
    window: { from: w.from.toISOString(), to: w.to.toISOString() },
    cluster: w.cluster,
    coverage,
    pairs,
  };
});
