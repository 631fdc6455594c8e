import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { revokeToken } from "@/lib/auth/tokens";
import { withPrismaTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

export const DELETE = apiRoute<{ id: string }>(
  { capability: "operate", scope: "write" },
  async ({ principal, params }) => {
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
  },
);
