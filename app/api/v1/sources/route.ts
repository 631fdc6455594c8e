import { actorOf } from "@/lib/auth/principal";
import { can, OPERATE_WRITE, READ } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { createSource, sourceInput } from "@/lib/sources/mutations";
import { listSources } from "@/lib/sources/queries";

export const GET = apiRoute(READ, async ({ principal }) => ({
  sources: await listSources({ withErrors: can(principal.role, "operate") }),
}));

export const POST = apiRoute(OPERATE_WRITE, async ({ req, principal }) => {
  const input = await readJson(req, sourceInput);
  const { id } = await withPgTransaction(pool(), (_c, sql) => createSource(sql, actorOf(principal), input));
  return Response.json({ id }, { status: 201 });
});
