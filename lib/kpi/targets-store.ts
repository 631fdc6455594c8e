import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting, readSetting } from "@/lib/db/settings";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { DEFAULT_TARGETS, isMetricKey, type MetricKey, type Target, type Targets } from "./targets";

// KPI targets: setting "kpi.targets" holds the admin's choices over the defaults (null = no target);
// each change is also a kpi_target_change row (the history shown in Admin) and an audit event.

const KEY = "kpi.targets";

type Stored = Partial<Record<MetricKey, Target | null>>;

async function stored(): Promise<Stored> {
  return (await readSetting<Stored>(sqlOfPg(pool()), KEY)) ?? {};
}

export async function getTargets(): Promise<Targets> {
  const merged: Record<string, Target | null | undefined> = { ...DEFAULT_TARGETS, ...(await stored()) };
  const out: Targets = {};
  for (const [k, v] of Object.entries(merged)) if (v && isMetricKey(k)) out[k] = v;
  return out;
}

export async function setTarget(actor: Actor, metric: string, target: Target | null): Promise<Targets> {
  if (!isMetricKey(metric)) throw badRequest(`metric: "${metric.slice(0, 60)}" is not a KPI with a target`);
  if (target && !Number.isFinite(target.value)) throw badRequest("value: a finite number");
  await withPgTransaction(pool(), async (_c, sql) => {
    const cur: Stored = (await readSetting<Stored>(sql, KEY, { lock: true })) ?? {};
    const previous = metric in cur ? (cur[metric] ?? null) : (DEFAULT_TARGETS[metric] ?? null);
    const next: Stored = { ...cur, [metric]: target };
    await putSetting(sql, KEY, next);
    await sql.query(
      `INSERT INTO kpi_target_change (metric, comparator, value, previous, "actorLabel") VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [metric, target?.comparator ?? null, target?.value ?? null, JSON.stringify(previous), actor.label],
    );
    await audit(sql, actor, {
      action: "kpi.target.set",
      targetType: "kpi_target",
      targetId: metric,
      data: { previous, target },
    });
  });
  return getTargets();
}

export interface TargetChange {
  id: string;
  metric: string;
  comparator: string | null;
  value: number | null;
  previous: Target | null;
  actorLabel: string | null;
  at: Date;
}

export async function targetHistory(limit = 50): Promise<TargetChange[]> {
  return sqlOfPg(pool()).query<TargetChange>(
    `SELECT id, metric, comparator, value, previous, "actorLabel", at FROM kpi_target_change ORDER BY at DESC, id LIMIT $1`,
    [limit],
  );
}
