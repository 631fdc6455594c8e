import { z } from "zod";
import { audit } from "@/lib/audit/log";
import { actorOf } from "@/lib/auth/principal";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { badRequest, notFound } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { runSource } from "@/lib/sources/runner";

// Runs a pull source now (the worker also runs it on its interval) and returns the run's outcome.
export const POST = apiRoute<{ id: string }>(
  { capability: "operate", scope: "write" },
  async ({ principal, params }) => {
    if (!z.string().uuid().safeParse(params.id).success) throw badRequest("id: not a source id");
    // The request is recorded in a transaction of its own (audit appends only inside one), then the
    // run writes its batches through ingest like a scheduled run.
    await withPgTransaction(pool(), async (_c, sql) => {
      if (!(await sql.query(`SELECT 1 FROM source WHERE id = $1`, [params.id])).length)
        throw notFound("source");
      await audit(sql, actorOf(principal), {
        action: "source.run",
        targetType: "source",
        targetId: params.id,
      });
    });
    return runSource(params.id);
  },
);
