import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { meshScope, parseMeshParams } from "@/lib/telemetry/params";
import { coverageSeries } from "@/lib/telemetry/queries";

// GET /api/v1/mesh/coverage?from&to|range&cluster&namespace&workload&protocol&policy&reporter — mTLS coverage
// over time (hourly up to 3 days, else daily), narrowed by the same filters as the edges.
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parseMeshParams(url.searchParams);
  const s = await coverageSeries(meshScope(p));
  return { window: { from: p.fromDate.toISOString(), to: p.toDate.toISOString() }, ...s };
});
