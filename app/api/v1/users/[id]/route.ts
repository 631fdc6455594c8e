import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { userPatchBody } from "@/lib/auth/schemas";
import { setDisabled, setRole } from "@/lib/auth/users";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

export const PATCH = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ req, principal, params }) => {
  const input = await readJson(req, userPatchBody);
  if (input.disabled && params.id === principal.userId)
    throw badRequest("disabled: you cannot disable yourself");
  const actor = actorOf(principal);
  if (input.role) await setRole(actor, params.id, input.role);
  if (input.disabled !== undefined) await setDisabled(actor, params.id, input.disabled);
  return { ok: true };
});
