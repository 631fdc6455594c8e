import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { ROLES } from "@/lib/auth/roles";
import { setDisabled, setRole } from "@/lib/auth/users";
import { badRequest } from "@/lib/errors";
import { apiRoute, WRITE_ADMIN } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

const patch = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "send role and/or disabled");

export const PATCH = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ req, principal, params }) => {
  const input = await readJson(req, patch);
  if (input.disabled && params.id === principal.userId)
    throw badRequest("disabled: you cannot disable yourself");
  const actor = actorOf(principal);
  if (input.role) await setRole(actor, params.id, input.role);
  if (input.disabled !== undefined) await setDisabled(actor, params.id, input.disabled);
  return { ok: true };
});
