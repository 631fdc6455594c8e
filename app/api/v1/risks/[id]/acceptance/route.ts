import { MANAGE_RISKS } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { editorOf, tx } from "@/lib/risks/http";
import { decideAcceptance } from "@/lib/risks/mutations/register";
import { acceptanceDecisionBody } from "@/lib/risks/schema";

// POST /api/v1/risks/{id}/acceptance — the named approver approves or rejects a pending acceptance.
export const POST = apiRoute<{ id: string }>(MANAGE_RISKS, async ({ req, principal, params }) => {
  const input = await readJson(req, acceptanceDecisionBody);
  const { risk, changed } = await tx((sql) => decideAcceptance(sql, editorOf(principal), params.id, input));
  return { ...risk, changed };
});
