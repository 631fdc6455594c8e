import { changeOwnPassword, changeOwnPasswordInput } from "@/lib/auth/passwords";
import { actorOf } from "@/lib/auth/principal";
import { OWN_WRITE } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

// POST /api/v1/account/password {currentPassword, newPassword} — the signed-in user's own password. Every
// other session of theirs ends; this one stays. Not for API tokens: a token is not its owner's password.
export const POST = apiRoute(OWN_WRITE, async ({ req, principal }) => {
  if (principal.via !== "session") throw forbidden("Change your password signed in, not with an API token");
  const input = await readJson(req, changeOwnPasswordInput);
  return changeOwnPassword(actorOf(principal), principal, input);
});
