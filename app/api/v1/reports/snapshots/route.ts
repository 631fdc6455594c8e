import { NextResponse } from "next/server";
import { actorOf } from "@/lib/auth/principal";
import { PUBLISH, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { freezeBody } from "@/lib/reports/schema";
import { freezeReport, listFrozen } from "@/lib/reports/snapshots";

export const GET = apiRoute(READ, async () => ({ snapshots: await listFrozen() }));

// POST /api/v1/reports/snapshots {period, cluster?}: freeze the report as it is now.
export const POST = apiRoute(PUBLISH, async ({ req, principal }) => {
  const body = await readJson(req, freezeBody);
  const s = await freezeReport(actorOf(principal), {
    period: body.period ?? null,
    cluster: body.cluster ?? null,
  });
  return NextResponse.json({ snapshot: s }, { status: 201 });
});
