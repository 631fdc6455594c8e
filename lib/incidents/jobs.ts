import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { runDenySpike } from "@/lib/detection/deny-spike-job";
import { ruleSettings } from "@/lib/detection/rule-settings";
import { detectionRule } from "@/lib/detection/rules";
import { defineJob } from "@/lib/jobs/registry";
import { escalateFinding } from "./mutations/escalate";

/** Escalates the open, not yet escalated findings of rules set to auto-escalate (off by default). */
export async function autoEscalate(): Promise<number> {
  const settings = await ruleSettings(sqlOfPg(pool()));
  const rules = Object.entries(settings)
    .filter(([r, s]) => s.autoEscalate && detectionRule(r))
    .map(([r]) => r);
  if (!rules.length) return 0;
  const due = await sqlOfPg(pool()).query<{ id: string }>(
    `SELECT id FROM finding WHERE "resolvedAt" IS NULL AND "incidentId" IS NULL AND rule = ANY($1::text[]) ORDER BY "detectedAt"`,
    [rules],
  );
  for (const f of due) {
    await withPgTransaction(pool(), (_c, sql) =>
      escalateFinding(sql, SYSTEM_ACTOR, f.id, { automatic: true, reason: "rule set to auto-escalate" }),
    );
  }
  return due.length;
}

export const autoEscalateJob = defineJob({
  name: "incidents.auto-escalate",
  cron: "* * * * *",
  handler: async () => void (await autoEscalate()),
});
export const denySpikeJob = defineJob({
  name: "detection.deny-spike",
  cron: "*/5 * * * *",
  handler: async () => void (await runDenySpike()),
});
