import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { denyCounts, type PairDenyCount } from "./deny-counts";
import { BUCKET_MS, bucketStart, DENY_SPIKE_RULE, evaluateDenySpike, TRAILING_BUCKETS } from "./deny-spike";
import { resolveCleared, upsertFinding } from "./mutations";

const RULE = DENY_SPIKE_RULE.id;

/**
 * Runs the deny-spike rule over the last complete 5-minute bucket: opens/refreshes a finding per spiking
 * pair and resolves the findings of pairs that calmed down. Returns the spiking subject keys.
 */
export async function runDenySpike(now = new Date()): Promise<string[]> {
  const current = new Date(bucketStart(now).getTime() - BUCKET_MS);
  const from = new Date(current.getTime() - TRAILING_BUCKETS * BUCKET_MS);
  const counts = await denyCounts(sqlOfPg(pool()), from, new Date(current.getTime() + BUCKET_MS));
  const pairs = new Map<string, PairDenyCount[]>();
  for (const c of counts) {
    const key = `${c.source}→${c.destination}`;
    pairs.set(key, [...(pairs.get(key) ?? []), { ...c, bucket: new Date(c.bucket) }]);
  }
  const spiking: string[] = [];
  for (const [key, list] of pairs) {
    const v = evaluateDenySpike(list, current);
    const since = v.since;
    if (!v.spike || !since) continue;
    spiking.push(key);
    const p = list[0];
    await withPgTransaction(pool(), (_c, sql) =>
      upsertFinding(
        sql,
        SYSTEM_ACTOR,
        {
          rule: RULE,
          severity: DENY_SPIKE_RULE.severity,
          subjectKey: key,
          title: `Deny spike ${key}: ${v.current} denies in 5 min (median ${v.median})`,
          clusterId: p.clusterId,
          namespace: p.namespace,
          workload: p.workload,
          startedAt: since,
          evidence: { current: v.current, median: v.median, bucket: current },
        },
        now,
      ),
    );
  }
  await withPgTransaction(pool(), (_c, sql) => resolveCleared(sql, SYSTEM_ACTOR, RULE, spiking, { now }));
  return spiking;
}
