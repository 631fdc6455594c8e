import { NextResponse } from "next/server";
import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { backfillJobPath, requestBackfill } from "@/lib/kpi/backfill-job";
import { backfillBody } from "@/lib/kpi/schema";

// POST /api/v1/kpis/snapshots {from, to}: queue the (re)computation of those days' KPI snapshots (admins).
// Answers 202 at once with the job and its Location; the worker computes the days (GET the Location for
// progress). While a backfill is queued or running, another answers 409 naming it.
export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, backfillBody);
  const job = await requestBackfill(actorOf(principal), b.from, b.to);
  return NextResponse.json(job, { status: 202, headers: { location: backfillJobPath(job.id) } });
});
