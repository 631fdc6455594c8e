import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { createFromBody } from "@/lib/incidents/http";
import { listIncidents, parseIncidentFilters } from "@/lib/incidents/queries";
import { createIncidentBody } from "@/lib/incidents/schema";

// GET /api/v1/incidents?status=&cluster=&severity=&q=&from=&to=&page=&pageSize=
export const GET = apiRoute(READ, async ({ url }) => listIncidents(parseIncidentFilters(url.searchParams)));

// POST /api/v1/incidents — an incident opened by an operator (detectedAt: what they enter, default now).
export const POST = apiRoute(OPERATE_WRITE, async ({ req, principal }) => {
  const inc = await createFromBody(actorOf(principal), await readJson(req, createIncidentBody));
  return Response.json(inc, { status: 201 });
});
