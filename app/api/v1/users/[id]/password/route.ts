import { resetPassword } from "@/lib/auth/passwords";
import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { passwordResetBody } from "@/lib/auth/schemas";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

// POST /api/v1/users/{id}/password {password?} (admins) — sets another user's password (generated and
// returned once when none is sent); all of that user's sessions end. Your own: /api/v1/account/password.
export const POST = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ req, principal, params }) => {
  const input = await readJson(req, passwordResetBody);
  if (params.id === principal.userId)
    throw badRequest(
      "Change your own password with your current one (Account page or /api/v1/account/password)",
    );
  return resetPassword(actorOf(principal), params.id, input.password);
});
