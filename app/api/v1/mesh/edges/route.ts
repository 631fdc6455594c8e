import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { meshScope, parseMeshParams } from "@/lib/telemetry/params";
import { listEdges } from "@/lib/telemetry/queries";

// GET /api/v1/mesh/edges?from&to|range&cluster&srcCluster&dstCluster&namespace&workload&protocol&policy&reporter&limit
// Traffic edges with their totals in the window, largest first ("unknown" as a cluster matches none).
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parseMeshParams(url.searchParams);
  const edges = await listEdges({
    ...meshScope(p),
    srcCluster: p.srcCluster,
    dstCluster: p.dstCluster,
    limit: p.limit,
  });
  return { window: { from: p.fromDate.toISOString(), to: p.toDate.toISOString() }, edges };
});
