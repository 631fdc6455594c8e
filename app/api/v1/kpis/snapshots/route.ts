import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { apiRoute, WRITE_ADMIN } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { backfillAudited } from "@/lib/kpi/snapshots";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const Body = z.object({ from: Day, to: Day }).strict();

// POST /api/v1/kpis/snapshots {from, to}: (re)compute the daily KPI snapshots of those days (admins).
export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, Body);
  return backfillAudited(actorOf(principal), b.from, b.to);
});
