import { NextResponse } from "next/server";
import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { apiRoute, READ } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { assertPublisher, PUBLISH } from "@/lib/reports/api";
import { freezeReport, listFrozen } from "@/lib/reports/snapshots";

export const GET = apiRoute(READ, async () => ({ snapshots: await listFrozen() }));

const Body = z
  .object({ period: z.string().max(40).optional(), cluster: z.string().max(200).nullish() })
  .strict();

// POST /api/v1/reports/snapshots {period, cluster?}: freeze the report as it is now.
export const POST = apiRoute(PUBLISH, async ({ req, principal }) => {
  assertPublisher(principal);
  const body = await readJson(req, Body);
  const s = await freezeReport(actorOf(principal), {
    period: body.period ?? null,
    cluster: body.cluster ?? null,
  });
  return NextResponse.json({ snapshot: s }, { status: 201 });
});
