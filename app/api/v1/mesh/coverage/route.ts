import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { parseMeshParams } from "@/lib/telemetry/params";
import { coverageSeries } from "@/lib/telemetry/queries";

// GET /api/v1/mesh/coverage?from&to|range&cluster — mTLS coverage over time (hourly up to 3 days, else daily).
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parseMeshParams(url.searchParams);
  const s = await coverageSeries({ from: p.fromDate, to: p.toDate, cluster: p.cluster ?? null });
  return { window: { from: p.fromDate.toISOString(), to: p.toDate.toISOString() }, ...s };
});
