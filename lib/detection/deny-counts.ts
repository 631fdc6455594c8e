import "server-only";
import type { Sql } from "@/lib/db/sql";

/** Denies of one source → destination pair in one 5-minute bucket. */
export interface PairDenyCount {
  source: string;
  destination: string;
  /** The source side, which the finding (and any incident) is about. */
  clusterId: string | null;
  namespace: string | null;
  workload: string | null;
  bucket: Date;
  denies: number;
}

export type DenyCountSource = (sql: Sql, from: Date, to: Date) => Promise<PairDenyCount[]>;

let registered: DenyCountSource | null = null;

/** lib/policy registers the query over its decisions table here (the preferred way in). */
export function registerDenyCountSource(fn: DenyCountSource): void {
  registered = fn;
}

/**
 * Per-pair 5-minute deny counts in [from, to). Uses the source lib/policy registered; until it does,
 * falls back to querying its table when present.
 * TODO(policy): the table and column names below are a guess (DESIGN §5 PolicyDecision: time, cluster,
 * subject, target, result); lib/policy does not exist on this branch. Replace them, or register a source.
 */
export async function denyCounts(sql: Sql, from: Date, to: Date): Promise<PairDenyCount[]> {
  if (registered) return registered(sql, from, to);
  const t = await sql.query<{ t: string | null }>(`SELECT to_regclass('policy_decision')::text AS t`);
  if (!t[0]?.t) return [];
  return sql.query<PairDenyCount>(
    `SELECT d.subject AS source, d.target AS destination, d."clusterId", NULL::text AS namespace, NULL::text AS workload,
            to_timestamp(floor(extract(epoch FROM d."time") / 300) * 300) AS bucket, count(*)::int AS denies
       FROM policy_decision d
      WHERE d.result = 'deny' AND d."time" >= $1 AND d."time" < $2
      GROUP BY 1, 2, 3, 6`,
    [from, to],
  );
}
