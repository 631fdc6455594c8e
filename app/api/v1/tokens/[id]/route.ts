import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { can, OPERATE_WRITE } from "@/lib/auth/roles";
import { revokeToken } from "@/lib/auth/tokens";
import { withPrismaTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

export const DELETE = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ principal, params }) => {
  if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a token id");
  await withPrismaTransaction((_tx, sql) =>
    revokeToken(
      sql,
      actorOf(principal),
      params.id,
      can(principal.role, "admin") ? undefined : principal.userId,
    ),
  );
  return { ok: true };
});
