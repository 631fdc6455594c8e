import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { runAction } from "@/lib/incidents/http";
import { getIncident } from "@/lib/incidents/queries";
import { actionBody } from "@/lib/incidents/schema";

// POST /api/v1/incidents/{id}/actions {action: acknowledge|contain|resolve|note|link|unlink|correct, …}
export const POST = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ req, principal, params }) => {
  await getIncident(params.id);
  await runAction(actorOf(principal), params.id, await readJson(req, actionBody));
  return getIncident(params.id);
});
