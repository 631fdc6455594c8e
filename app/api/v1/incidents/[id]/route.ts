import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { patchFromBody } from "@/lib/incidents/http";
import { getIncident } from "@/lib/incidents/queries";
import { patchIncidentBody } from "@/lib/incidents/schema";

// GET /api/v1/incidents/{id}: the incident with its alerts, linked evidence, findings and timeline.
export const GET = apiRoute<{ id: string }>(READ, async ({ params }) => getIncident(params.id));

// PATCH /api/v1/incidents/{id}: title, severity, owner.
export const PATCH = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ req, principal, params }) => {
  await getIncident(params.id);
  await patchFromBody(actorOf(principal), params.id, await readJson(req, patchIncidentBody));
  return getIncident(params.id);
});
