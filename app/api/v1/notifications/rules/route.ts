import { actorOf } from "@/lib/auth/principal";
import { READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { createRule } from "@/lib/notifications/mutations";
import { listRules } from "@/lib/notifications/queries";
import { ruleInput } from "@/lib/notifications/schema";

export const GET = apiRoute(READ, async () => ({ rules: await listRules() }));

export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const input = await readJson(req, ruleInput);
  const { id } = await withPgTransaction(pool(), (_c, sql) => createRule(sql, actorOf(principal), input));
  return Response.json({ id }, { status: 201 });
});
