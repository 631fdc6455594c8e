import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Sql } from "@/lib/db/sql";
import type { IngestContext, RecordRef, Rejection, StoreResult } from "@/lib/ingest/types";
import { COLS, copyLineOf, preparedDecision, QCOLS, type Row, rowOfPrepared, TYPES } from "./decision-row";
import { attachDenyEvidence } from "./evidence";
import { ensureDecisionPartitions, monthKey } from "./partitions";
import { applyListing, applyRemoval, storeSnapshots } from "./report-store";
import { addDecisionRollups, DecisionRollups, type RollupDecision, rebuildDecisionRollups } from "./rollups";
import type {
  ComplianceSnapshot,
  PolicyDecision,
  PolicyRecord,
  PreparedDecision,
  ReportListing,
  ReportRemoval,
} from "./types";

const DAY = 86_400_000;

/** COPY FROM STDIN works on PostgreSQL; the embedded PGlite's wire server does not support it. */
const copyByClient = new WeakMap<pg.PoolClient, boolean>();
async function canCopy(client: pg.PoolClient): Promise<boolean> {
  let v = copyByClient.get(client);
  if (v === undefined) {
    const r = await client.query<{ v: string }>(`SELECT version() AS v`);
    v = !/PGlite/i.test(r.rows[0]?.v ?? "");
    copyByClient.set(client, v);
  }
  return v;
}

/** Inserts new decisions (duplicates by key skipped) and returns what the rollups need of those kept. */
function insertSql(source: string): string {
  return `INSERT INTO policy_decision (${QCOLS}) SELECT ${QCOLS} FROM ${source}
    ON CONFLICT DO NOTHING
    RETURNING "time", "clusterId", engine, result, policy, rule, subject, target`;
}

async function copyLines(client: pg.PoolClient, table: string, lines: string[]): Promise<void> {
  const chunks = function* () {
    let buf = "";
    for (const l of lines) {
      buf += l;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${QCOLS}) FROM STDIN`)));
}

/** A chunk's new rows: COPY text lines (PostgreSQL) or row arrays (PGlite), and their rollups. */
interface ChunkRows {
  count: number;
  lines: string[];
  rows: Row[];
  rollups: DecisionRollups;
}

/**
 * Writes a chunk; returns how many rows were new. On PostgreSQL the rows are COPYed straight into the
 * table inside a savepoint; when any of them exists already (a re-sent decision, or a concurrent batch)
 * the savepoint is rolled back and the chunk goes the careful way: COPY into a temporary staging table,
 * then INSERT … ON CONFLICT DO NOTHING with the rollups fed from RETURNING (lib/policy/rollups.ts). The embedded PGlite cannot
 * COPY over its socket, so there the careful way reads from unnest() arrays instead.
 */
async function writeRows(ctx: IngestContext, chunk: ChunkRows, copy: boolean): Promise<number> {
  if (!chunk.count) return 0;
  if (copy) {
    await ctx.client.query("SAVEPOINT policy_copy");
    try {
      await copyLines(ctx.client, "policy_decision", chunk.lines);
      await ctx.client.query("RELEASE SAVEPOINT policy_copy");
      await chunk.rollups.write(ctx.sql);
      return chunk.count;
    } catch (e) {
      if ((e as { code?: string }).code !== "23505") throw e;
      await ctx.client.query("ROLLBACK TO SAVEPOINT policy_copy");
    }
    await ctx.client.query(
      `CREATE TEMP TABLE IF NOT EXISTS policy_decision_stage (${COLS.map((c, i) => `"${c}" ${TYPES[i]}`).join(", ")}) ON COMMIT DELETE ROWS`,
    );
    await ctx.client.query(`TRUNCATE policy_decision_stage`);
    await copyLines(ctx.client, "policy_decision_stage", chunk.lines);
    const kept = await ctx.sql.query<RollupDecision>(insertSql("policy_decision_stage"));
    await addDecisionRollups(ctx.sql, kept);
    return kept.length;
  }
  const arrays = COLS.map((_, i) => chunk.rows.map((r) => r[i]));
  const src = `unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) AS s(${QCOLS})`;
  const kept = await ctx.sql.query<RollupDecision>(insertSql(src), arrays);
  await addDecisionRollups(ctx.sql, kept);
  return kept.length;
}

export async function clusterIdOf(ctx: IngestContext, name: string | null): Promise<string | null> {
  return (await ctx.clusterOf(name))?.id ?? null;
}

export async function storeDecisions(
  ctx: IngestContext,
  items: { decision: PreparedDecision; ref: RecordRef }[],
): Promise<StoreResult> {
  const rejected: Rejection[] = [];
  const copy = await canCopy(ctx.client);
  const chunk: ChunkRows = { count: 0, lines: [], rows: [], rollups: new DecisionRollups() };
  const months = new Set<string>();
  // Decisions come in time order mostly: the month of the previous one is reused while it fits.
  let monthFrom = 0;
  let monthTo = -1;
  const latest = ctx.receivedAt.getTime() + DAY;
  const seen = new Set<string>();
  let inChunkDuplicates = 0;
  const denies: { decision: PolicyDecision; clusterId: string }[] = [];
  // Records of a chunk name few clusters: resolve each once, then the loop over records does no I/O.
  const clusterIds = new Map<string | null, string | null | Error>();
  for (const { decision: d } of items) {
    if (clusterIds.has(d[1])) continue;
    try {
      clusterIds.set(d[1], await clusterIdOf(ctx, d[1]));
    } catch (e) {
      clusterIds.set(d[1], e as Error);
    }
  }
  for (const { decision: d, ref } of items) {
    const [ms, cluster, key, , , counts, pair, deny] = d;
    if (ms > latest) {
      rejected.push({
        ...ref,
        reason: `time ${new Date(ms).toISOString()} is more than a day in the future`,
      });
      continue;
    }
    const clusterId = clusterIds.get(cluster) ?? null;
    if (clusterId instanceof Error) {
      rejected.push({ ...ref, reason: clusterId.message });
      continue;
    }
    if (!clusterId) {
      rejected.push(ctx.noCluster(ref));
      continue;
    }
    if (seen.has(key)) {
      inChunkDuplicates++;
      continue;
    }
    seen.add(key);
    if (ms < monthFrom || ms >= monthTo) {
      const t = new Date(ms);
      months.add(monthKey(t));
      monthFrom = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1);
      monthTo = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
    }
    chunk.count++;
    if (copy) chunk.lines.push(copyLineOf(d, clusterId, ctx.batchId));
    else chunk.rows.push(rowOfPrepared(d, clusterId, ctx.batchId));
    chunk.rollups.addKeyed(ms, clusterId, counts, pair);
    if (deny) denies.push({ decision: deny, clusterId });
  }
  await ensureDecisionPartitions(ctx.sql, knownMonths(ctx, months));
  const inserted = await writeRows(ctx, chunk, copy);
  await attachDenyEvidence(ctx, denies);
  return { accepted: inserted, duplicates: chunk.count - inserted + inChunkDuplicates, rejected };
}

/**
 * The months of this chunk not yet checked in this batch: a batch's partitions exist from its first
 * chunk on (the check and the COPY run in its transaction), so later chunks skip the catalog lookup.
 */
const monthsChecked = new WeakMap<IngestContext, Set<string>>();
function knownMonths(ctx: IngestContext, months: Set<string>): string[] {
  let done = monthsChecked.get(ctx);
  if (!done) {
    done = new Set();
    monthsChecked.set(ctx, done);
  }
  const todo = [...months].filter((m) => !done.has(m));
  for (const m of todo) done.add(m);
  return todo;
}

export async function storeRecords(
  ctx: IngestContext,
  items: { record: PolicyRecord; ref: RecordRef }[],
): Promise<StoreResult> {
  const decisions: { decision: PreparedDecision; ref: RecordRef }[] = [];
  const snapshots: { snapshot: ComplianceSnapshot; ref: RecordRef }[] = [];
  const listings: ReportListing[] = [];
  const removals: ReportRemoval[] = [];
  for (const { record, ref } of items) {
    if (record.type === "decision") decisions.push({ decision: preparedDecision(record.decision), ref });
    else if (record.type === "prepared") decisions.push({ decision: record.prepared, ref });
    else if (record.type === "snapshot") snapshots.push({ snapshot: record.snapshot, ref });
    else if (record.type === "listing") listings.push(record.listing);
    else removals.push(record.removal);
  }
  const a = decisions.length
    ? await storeDecisions(ctx, decisions)
    : { accepted: 0, duplicates: 0, rejected: [] };
  const b = snapshots.length
    ? await storeSnapshots(ctx, snapshots)
    : { accepted: 0, duplicates: 0, rejected: [] };
  // Listings come after their reports in the payload (and so in a later or the same chunk).
  for (const l of listings) await applyListing(ctx, l);
  // A deletion is a record like a report's state: stored when the object was still there, else known.
  const gone = { removed: 0, known: 0 };
  for (const r of removals) {
    const n = await applyRemoval(ctx, r);
    gone.removed += n;
    gone.known += r.objects.length - n;
  }
  return {
    accepted: a.accepted + b.accepted + gone.removed,
    duplicates: a.duplicates + b.duplicates + gone.known,
    rejected: [...(a.rejected ?? []), ...(b.rejected ?? [])],
  };
}

/**
 * Recomputes the rollups of [from, to) from the decisions themselves (after demo data or a batch is
 * wiped: rollups aggregate many batches, so they cannot cascade).
 */
export async function rebuildRollups(sql: Sql, from: Date, to: Date): Promise<void> {
  await rebuildDecisionRollups(sql, from, to);
}
