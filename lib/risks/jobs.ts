import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { defineJob } from "@/lib/jobs/registry";
import { sampleEvidence } from "./evidence";
import { expireAcceptance } from "./mutations/register";

/** Reopens every risk whose approved acceptance has expired; one short transaction per risk. */
export async function expireAcceptances(now = new Date()): Promise<number> {
  const due = await sqlOfPg(pool()).query<{ id: string }>(
    `SELECT id FROM risk WHERE "acceptanceState" = 'approved' AND "acceptanceExpiresAt" <= $1`,
    [now],
  );
  let n = 0;
  for (const { id } of due) {
    const r = await withPgTransaction(pool(), (_c, sql) =>
      expireAcceptance(sql, { actor: SYSTEM_ACTOR, userId: null }, id, now),
    );
    if (r) n++;
  }
  return n;
}

defineJob({
  name: "risks.expire-acceptances",
  cron: "*/10 * * * *",
  handler: async () => {
    await expireAcceptances();
  },
});

defineJob({
  name: "risks.sample-evidence",
  cron: "7 * * * *",
  handler: async () => {
    await sampleEvidence(sqlOfPg(pool()));
  },
});
