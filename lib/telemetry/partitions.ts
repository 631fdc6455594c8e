import "server-only";
import type { Sql } from "@/lib/db/sql";

// Monthly partitions of the time-partitioned telemetry tables. A partition must exist before rows of its
// month arrive: PostgreSQL refuses to create it once the DEFAULT partition holds rows of that range.
const TABLES = ["traffic_edge_minute", "telemetry_flow"] as const;
type Partitioned = (typeof TABLES)[number];
const LOCK = 72707371;

const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

export function partitionName(table: Partitioned, ms: number): string {
  const d = new Date(monthStart(ms));
  return `${table}_p${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Creates the monthly partitions that rows at these times need (idempotent; serialised by a lock). */
export async function ensurePartitions(sql: Sql, table: Partitioned, times: Iterable<number>): Promise<void> {
  const months = new Set<number>();
  for (const t of times) months.add(monthStart(t));
  if (!months.size) return;
  const names = [...months].map((m) => partitionName(table, m));
  const existing = await sql.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relname = ANY($1::text[])`,
    [names],
  );
  const have = new Set(existing.map((r) => r.relname));
  const missing = [...months].filter((m) => !have.has(partitionName(table, m)));
  if (!missing.length) return;
  await sql.query("SELECT 1 AS locked FROM pg_advisory_xact_lock($1::bigint)", [LOCK]);
  for (const m of missing) {
    const next = new Date(m);
    next.setUTCMonth(next.getUTCMonth() + 1);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS "${partitionName(table, m)}" PARTITION OF "${table}"
         FOR VALUES FROM ('${new Date(m).toISOString()}') TO ('${next.toISOString()}')`,
    );
  }
}
