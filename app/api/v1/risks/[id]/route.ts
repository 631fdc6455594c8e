import { MANAGE_RISKS, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { db, editorOf, tx } from "@/lib/risks/http";
import { patchRiskSchema } from "@/lib/risks/model";
import { patchRisk } from "@/lib/risks/mutations/register";
import { mustLoad, riskBody } from "@/lib/risks/mutations/revisions";
import { getMatrix } from "@/lib/risks/settings";

type P = { id: string };

export const GET = apiRoute<P>(READ, async ({ params }) =>
  riskBody(await getMatrix(db()), await mustLoad(db(), params.id)),
);

// PATCH /api/v1/risks/{id} — the changed fields and the `version` the edit started from; stale → 409 with the current risk.
export const PATCH = apiRoute<P>(MANAGE_RISKS, async ({ req, principal, params }) => {
  const input = await readJson(req, patchRiskSchema);
  const { risk, changed } = await tx((sql) => patchRisk(sql, editorOf(principal), params.id, input));
  return { ...risk, changed };
});
