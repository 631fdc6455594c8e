import { actorOf } from "@/lib/auth/principal";
import { apiRoute, WRITE_ADMIN } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { backfillBody } from "@/lib/kpi/schema";
import { backfillAudited } from "@/lib/kpi/snapshots";

// POST /api/v1/kpis/snapshots {from, to}: (re)compute the daily KPI snapshots of those days (admins).
export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, backfillBody);
  return backfillAudited(actorOf(principal), b.from, b.to);
});
