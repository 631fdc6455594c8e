import { actorOf } from "@/lib/auth/principal";
import { READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { createReportMail } from "@/lib/notifications/mutations";
import { listReportMails } from "@/lib/notifications/queries";
import { reportMailInput } from "@/lib/notifications/schema";

// Scheduled executive reports by e-mail (weekly or monthly, PDF attached).
export const GET = apiRoute(READ, async () => ({ schedules: await listReportMails() }));

export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const input = await readJson(req, reportMailInput);
  const { id } = await withPgTransaction(pool(), (_c, sql) =>
    createReportMail(sql, actorOf(principal), input),
  );
  return Response.json({ id }, { status: 201 });
});
