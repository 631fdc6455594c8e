import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting, readSetting } from "@/lib/db/settings";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import {
  effectiveDays,
  partitionExpired,
  RETENTION_TABLES,
  type RetentionTable,
  retentionProblem,
  retentionTable,
} from "./tables";

// Retention settings live in setting "retention" ({table: days}); every change and every partition dropped
// or rollup trimmed is an audit event.

const KEY = "retention";
const SYSTEM: Actor = { type: "system", id: null, label: "retention" };

async function stored(sql: Sql): Promise<Record<string, number>> {
  return (await readSetting<Record<string, number>>(sql, KEY)) ?? {};
}

export async function getRetention(sql: Sql = sqlOfPg(pool())): Promise<Record<string, number>> {
  return effectiveDays(await stored(sql));
}

export async function setRetention(
  actor: Actor,
  table: string,
  days: number,
): Promise<Record<string, number>> {
  if (!retentionTable(table)) throw badRequest(`table: "${table.slice(0, 60)}" has no retention setting`);
  return withPgTransaction(pool(), async (_c, sql) => {
    const cur = (await readSetting<Record<string, number>>(sql, KEY, { lock: true })) ?? {};
    const next = { ...cur, [table]: days };
    const problem = retentionProblem(effectiveDays(next));
    if (problem) throw badRequest(problem);
    await putSetting(sql, KEY, next);
    await audit(sql, actor, {
      action: "retention.set",
      targetType: "table",
      targetId: table,
      data: { previous: effectiveDays(cur)[table], days },
    });
    return effectiveDays(next);
  });
}

export interface Partition {
  name: string;
  /** Upper bound (exclusive); null for the DEFAULT partition. */
  upper: Date | null;
  rows: number;
}

export async function partitionsOf(sql: Sql, table: string): Promise<Partition[]> {
  const rows = await sql.query<{ name: string; upper: Date | null; rows: number }>(
    `SELECT c.relname AS name,
            (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper,
            greatest(c.reltuples, 0)::float8 AS rows
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1)
      ORDER BY 2 NULLS LAST`,
    [table],
  );
  return rows.map((r) => ({ ...r, rows: Number(r.rows) }));
}

export interface RetentionRun {
  table: string;
  dropped: string[];
  deleted: number;
}

/**
 * Applies the settings as of `now`: raw tables lose whole monthly partitions that lie entirely before the
 * cutoff (DROP TABLE: no row-by-row delete, no bloat); rollups lose the buckets before theirs. Each table
 * in a short transaction of its own, each drop audited.
 */
export async function enforceRetention(now = new Date(), actor: Actor = SYSTEM): Promise<RetentionRun[]> {
  const days = await getRetention();
  const out: RetentionRun[] = [];
  for (const t of RETENTION_TABLES) {
    out.push(
      await withPgTransaction(pool(), (_c, sql) =>
        t.kind === "raw"
          ? dropPartitions(sql, t, days[t.table], now, actor)
          : trimRollup(sql, t, days[t.table], now, actor),
      ),
    );
  }
  return out;
}

async function dropPartitions(sql: Sql, t: RetentionTable, days: number, now: Date, actor: Actor) {
  const run: RetentionRun = { table: t.table, dropped: [], deleted: 0 };
  for (const p of await partitionsOf(sql, t.table)) {
    if (!partitionExpired(p.upper, now, days)) continue;
    if (!/^[a-z0-9_]+$/.test(p.name)) continue; // only partitions this product named
    await sql.query(`DROP TABLE "${p.name}"`);
    run.dropped.push(p.name);
    run.deleted += p.rows;
    await audit(sql, actor, {
      action: "retention.partition.drop",
      targetType: "table",
      targetId: t.table,
      data: { partition: p.name, before: p.upper?.toISOString(), approxRows: p.rows, retentionDays: days },
    });
  }
  return run;
}

async function trimRollup(sql: Sql, t: RetentionTable, days: number, now: Date, actor: Actor) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const rows = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${t.table} WHERE "${t.column}" < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [cutoff],
  );
  const n = rows[0]?.n ?? 0;
  if (n > 0)
    await audit(sql, actor, {
      action: "retention.rollup.trim",
      targetType: "table",
      targetId: t.table,
      data: { before: cutoff.toISOString(), rows: n, retentionDays: days },
    });
  return { table: t.table, dropped: [], deleted: n };
}

export interface TableUsage {
  table: string;
  label: string;
  kind: "raw" | "rollup";
  days: number;
  defaultDays: number;
  bytes: number;
  approxRows: number;
  partitions: number;
  oldest: Date | null;
}

/** Each retained table with its size on disk (all partitions and indexes), rows (estimate) and oldest row. */
export async function tableUsage(sql: Sql = sqlOfPg(pool())): Promise<TableUsage[]> {
  const days = await getRetention(sql);
  const out: TableUsage[] = [];
  for (const t of RETENTION_TABLES) {
    const [u] = await sql.query<{ bytes: number; rows: number; parts: number; oldest: Date | null }>(
      `SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0)::float8 AS bytes,
              coalesce(sum(greatest(c.reltuples, 0)) FILTER (WHERE p.isleaf), 0)::float8 AS rows,
              (count(*) FILTER (WHERE p.isleaf AND p.level > 0))::int AS parts,
              (SELECT min("${t.column}") FROM ${t.table}) AS oldest
         FROM pg_partition_tree($1::regclass) p JOIN pg_class c ON c.oid = p.relid`,
      [t.table],
    );
    out.push({
      table: t.table,
      label: t.label,
      kind: t.kind,
      days: days[t.table],
      defaultDays: t.defaultDays,
      bytes: Number(u.bytes),
      approxRows: Number(u.rows),
      partitions: u.parts,
      oldest: u.oldest,
    });
  }
  return out;
}
