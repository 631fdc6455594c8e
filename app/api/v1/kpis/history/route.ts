import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { ALL, readSnapshots } from "@/lib/kpi/snapshots";
import { parsePeriod } from "@/lib/reports/period";

// GET /api/v1/kpis/history?period=&cluster= — the stored daily KPI snapshots of the period.
export const GET = apiRoute(READ, async ({ url }) => {
  const p = parsePeriod(url.searchParams.get("period"));
  const cluster = url.searchParams.get("cluster")?.trim() || null;
  return {
    period: { key: p.key, from: p.from, to: p.to },
    scope: cluster ?? ALL,
    days: await readSnapshots(cluster ?? ALL, p.from, p.to),
  };
});
