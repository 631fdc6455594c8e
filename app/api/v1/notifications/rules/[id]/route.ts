import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { deleteRule, updateRule } from "@/lib/notifications/mutations";
import { uuidParam } from "@/lib/notifications/params";
import { rulePatch } from "@/lib/notifications/schema";

export const PATCH = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ req, principal, params }) => {
  const id = uuidParam(params.id, "rule id");
  const patch = await readJson(req, rulePatch);
  await withPgTransaction(pool(), (_c, sql) => updateRule(sql, actorOf(principal), id, patch));
  return { ok: true };
});

export const DELETE = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ principal, params }) => {
  const id = uuidParam(params.id, "rule id");
  await withPgTransaction(pool(), (_c, sql) => deleteRule(sql, actorOf(principal), id));
  return new Response(null, { status: 204 });
});
