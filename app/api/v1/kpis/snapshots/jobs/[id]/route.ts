import { z } from "zod";
import { ADMIN_READ } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { getBackfill } from "@/lib/kpi/backfill-job";

// GET /api/v1/kpis/snapshots/jobs/{id}: a backfill's state and progress (days done of total), and its
// error when it failed. Admins, like the request itself.
export const GET = apiRoute<{ id: string }>(ADMIN_READ, async ({ params }) => {
  if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a backfill job id");
  return getBackfill(params.id);
});
