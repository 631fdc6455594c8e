import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { deleteSource } from "@/lib/sources/mutations";

export const DELETE = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ principal, params }) => {
  if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a source id");
  await withPgTransaction(pool(), (_c, sql) => deleteSource(sql, actorOf(principal), params.id));
  return { ok: true };
});
