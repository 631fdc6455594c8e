import { actorOf } from "@/lib/auth/principal";
import { ADMIN_READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { createUser, listUsers, newUserSchema } from "@/lib/auth/users";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";

export const GET = apiRoute(ADMIN_READ, async () => ({ users: await listUsers() }));

export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const input = await readJson(req, newUserSchema);
  const { id } = await createUser(actorOf(principal), input);
  return Response.json({ id, email: input.email, role: input.role }, { status: 201 });
});
