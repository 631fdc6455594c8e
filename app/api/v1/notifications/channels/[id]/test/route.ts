import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { queueTest } from "@/lib/notifications/mutations";
import { uuidParam } from "@/lib/notifications/params";

// "Send test": queued for the worker (nothing is sent from a request); the delivery log shows the result.
export const POST = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ principal, params }) => {
  const id = uuidParam(params.id, "channel id");
  const out = await withPgTransaction(pool(), (_c, sql) => queueTest(sql, actorOf(principal), id));
  return Response.json(out, { status: 202 });
});
