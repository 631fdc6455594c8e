import { z } from "zod";
import { audit } from "@/lib/audit/log";
import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { runSource } from "@/lib/sources/runner";

// Runs a pull source now (the worker also runs it on its interval) and returns the run's outcome.
export const POST = apiRoute<{ id: string }>(OPERATE_WRITE, async ({ principal, params }) => {
  if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a source id");
  // Audited once the lease is held (a source already running answers 409 and records nothing), in a
  // transaction of its own (audit appends only inside one); the run then writes its batches through
  // ingest like a scheduled run.
  return runSource(params.id, new Date(), {
    onLeased: () =>
      withPgTransaction(pool(), (_c, sql) =>
        audit(sql, actorOf(principal), { action: "source.run", targetType: "source", targetId: params.id }),
      ),
  });
});
