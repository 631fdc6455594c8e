import "server-only";
import type { Sql } from "@/lib/db/sql";

// Serialises partition creation between concurrent batches (only taken when a partition is missing).
const PARTITION_LOCK = 70_111_423;

/** "2025_06" for a UTC month. */
export function monthKey(d: Date): string {
  return `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

function bounds(key: string): [string, string] {
  const [y, m] = key.split("_").map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1));
  const to = new Date(Date.UTC(y, m, 1));
  return [from.toISOString(), to.toISOString()];
}

/**
 * Creates the monthly partitions of policy_decision that `months` need, inside the caller's transaction
 * (the embedded database has one session, so it cannot be a side transaction). Existing ones cost one
 * catalog lookup each.
 */
export async function ensureDecisionPartitions(sql: Sql, months: Iterable<string>): Promise<void> {
  for (const key of new Set(months)) {
    if (!/^\d{4}_\d{2}$/.test(key)) throw new Error(`bad partition key ${key}`);
    const name = `policy_decision_${key}`;
    const found = await sql.query<{ r: string | null }>(`SELECT to_regclass($1)::text AS r`, [
      `public.${name}`,
    ]);
    if (found[0]?.r) continue;
    await sql.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [PARTITION_LOCK]);
    const [from, to] = bounds(key);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "policy_decision" FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
  }
}
