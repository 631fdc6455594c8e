import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting } from "@/lib/db/settings";
import { type Sql, sqlOfPg } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { DETECTION_RULES, detectionRule } from "./rules";

// Per-rule settings in the `setting` table (key detection.rule.<rule>); auto-escalation is off by default.
const PREFIX = "detection.rule.";

export interface RuleSetting {
  autoEscalate: boolean;
}

/** Every rule's stored settings (rules never set are absent); on the pool unless a transaction is given. */
export async function ruleSettings(sql: Sql = sqlOfPg(pool())): Promise<Record<string, RuleSetting>> {
  const rows = await sql.query<{ key: string; value: Partial<RuleSetting> }>(
    `SELECT key, value FROM setting WHERE key LIKE $1`,
    [`${PREFIX}%`],
  );
  const out: Record<string, RuleSetting> = {};
  for (const r of rows) out[r.key.slice(PREFIX.length)] = { autoEscalate: r.value?.autoEscalate === true };
  return out;
}

export async function setRuleSetting(sql: Sql, actor: Actor, rule: string, s: RuleSetting): Promise<void> {
  if (!detectionRule(rule)) {
    throw new AppError(
      "bad_request",
      `rule: "${rule.slice(0, 100)}" is not a detection rule; expected one of ${DETECTION_RULES.map((r) => r.id).join(", ")}`,
    );
  }
  const before = (await ruleSettings(sql))[rule] ?? { autoEscalate: false };
  await putSetting(sql, `${PREFIX}${rule}`, s);
  await audit(sql, actor, {
    action: "detection.rule.setting",
    targetType: "setting",
    targetId: `${PREFIX}${rule}`,
    data: { before, after: s },
  });
}
