import { actorOf } from "@/lib/auth/principal";
import { WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { deleteReportMail } from "@/lib/notifications/mutations";
import { uuidParam } from "@/lib/notifications/params";

export const DELETE = apiRoute<{ id: string }>(WRITE_ADMIN, async ({ principal, params }) => {
  const id = uuidParam(params.id, "schedule id");
  await withPgTransaction(pool(), (_c, sql) => deleteReportMail(sql, actorOf(principal), id));
  return new Response(null, { status: 204 });
});
