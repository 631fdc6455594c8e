import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { inTransaction } from "@/lib/incidents/http";
import { escalateFinding } from "@/lib/incidents/mutations/escalate";

// POST /api/v1/findings/{id}/escalate — the finding opens an incident or joins its subject's open one.
export const POST = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ principal, params }) => {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new AppError("not_found", "Finding not found");
  const r = await inTransaction((sql) => escalateFinding(sql, actorOf(principal), params.id));
  return Response.json(r, { status: r.created ? 201 : 200 });
});
