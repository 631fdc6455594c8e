import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { getBackfill } from "@/lib/kpi/backfill-job";

// GET /api/v1/kpis/snapshots/jobs/{id}: a backfill's state and progress (days done of total), and its
// error when it failed. Admins, like the request itself.
export const GET = apiRoute<{ id: string }>({ capability: "admin", scope: "read" }, async ({ params }) => {
  if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a backfill job id");
  return getBackfill(params.id);
});
