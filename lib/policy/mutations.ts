import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Sql } from "@/lib/db/sql";
import type { IngestContext, RecordRef, Rejection, StoreResult } from "@/lib/ingest/types";
import { copyLine } from "./copy-format";
import { COLS, QCOLS, type Row, rowOf, TYPES } from "./decision-row";
import { attachDenyEvidence } from "./evidence";
import { ensureDecisionPartitions, monthKey } from "./partitions";
import { applyListing, applyRemoval, storeSnapshots } from "./report-store";
import { addDecisionRollups, type RollupDecision, rebuildDecisionRollups } from "./rollups";
import type { ComplianceSnapshot, PolicyDecision, PolicyRecord, ReportListing, ReportRemoval } from "./types";

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

async function copyRows(client: pg.PoolClient, table: string, rows: Row[]): Promise<void> {
  const lines = function* () {
    let buf = "";
    for (const r of rows) {
      buf += `${copyLine(r)}`;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  };
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY ${table} (${QCOLS}) FROM STDIN`)));
}

const I = Object.fromEntries(COLS.map((c, i) => [c, i])) as Record<(typeof COLS)[number], number>;

function* rollupInput(rows: Row[]): Generator<RollupDecision> {
  for (const r of rows)
    yield {
      time: r[I.time] as string,
      clusterId: r[I.clusterId] as string,
      engine: r[I.engine] as string,
      result: r[I.result] as string,
      policy: r[I.policy],
      rule: r[I.rule],
      subject: r[I.subject],
      target: r[I.target],
    };
}

/**
 * Writes a chunk; returns how many rows were new. On PostgreSQL the rows are COPYed straight into the
 * table inside a savepoint; when any of them exists already (a re-sent decision, or a concurrent batch)
 * the savepoint is rolled back and the chunk goes the careful way: COPY into a temporary staging table,
 * then INSERT … ON CONFLICT DO NOTHING with the rollups fed from RETURNING (lib/policy/rollups.ts). The embedded PGlite cannot
 * COPY over its socket, so there the careful way reads from unnest() arrays instead.
 */
async function writeRows(ctx: IngestContext, rows: Row[]): Promise<number> {
  if (!rows.length) return 0;
  if (await canCopy(ctx.client)) {
    await ctx.client.query("SAVEPOINT policy_copy");
    try {
      await copyRows(ctx.client, "policy_decision", rows);
      await ctx.client.query("RELEASE SAVEPOINT policy_copy");
      await addDecisionRollups(ctx.sql, rollupInput(rows));
      return rows.length;
    } catch (e) {
      if ((e as { code?: string }).code !== "23505") throw e;
      await ctx.client.query("ROLLBACK TO SAVEPOINT policy_copy");
    }
    await ctx.client.query(
      `CREATE TEMP TABLE IF NOT EXISTS policy_decision_stage (${COLS.map((c, i) => `"${c}" ${TYPES[i]}`).join(", ")}) ON COMMIT DELETE ROWS`,
    );
    await ctx.client.query(`TRUNCATE policy_decision_stage`);
    await copyRows(ctx.client, "policy_decision_stage", rows);
    const kept = await ctx.sql.query<RollupDecision>(insertSql("policy_decision_stage"));
    await addDecisionRollups(ctx.sql, kept);
    return kept.length;
  }
  const arrays = COLS.map((_, i) => rows.map((r) => r[i]));
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
  items: { decision: PolicyDecision; ref: RecordRef }[],
): Promise<StoreResult> {
  const rejected: Rejection[] = [];
  const rows: Row[] = [];
  const months = new Set<string>();
  const latest = ctx.receivedAt.getTime() + DAY;
  const seen = new Set<string>();
  let inChunkDuplicates = 0;
  const denies: { decision: PolicyDecision; clusterId: string }[] = [];
  // Records of a chunk name few clusters: resolve each once, then the loop over records does no I/O.
  const clusterIds = new Map<string | null, string | null | Error>();
  for (const { decision: d } of items) {
    if (clusterIds.has(d.cluster)) continue;
    try {
      clusterIds.set(d.cluster, await clusterIdOf(ctx, d.cluster));
    } catch (e) {
      clusterIds.set(d.cluster, e as Error);
    }
  }
  for (const { decision: d, ref } of items) {
    const ms = d.time.getTime();
    if (ms > latest) {
      rejected.push({ ...ref, reason: `time ${d.time.toISOString()} is more than a day in the future` });
      continue;
    }
    const clusterId = clusterIds.get(d.cluster) ?? null;
    if (clusterId instanceof Error) {
      rejected.push({ ...ref, reason: clusterId.message });
      continue;
    }
    if (!clusterId) {
      rejected.push(ctx.noCluster(ref));
      continue;
    }
    const key = `${d.engine}\u0000${d.decisionId}\u0000${ms}`;
    if (seen.has(key)) {
      inChunkDuplicates++;
      continue;
    }
    seen.add(key);
    months.add(monthKey(d.time));
    rows.push(rowOf(d, clusterId, ctx.batchId));
    if (d.result === "deny") denies.push({ decision: d, clusterId });
  }
  await ensureDecisionPartitions(ctx.sql, knownMonths(ctx, months));
  const inserted = await writeRows(ctx, rows);
  await attachDenyEvidence(ctx, denies);
  return { accepted: inserted, duplicates: rows.length - inserted + inChunkDuplicates, rejected };
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
  const decisions: { decision: PolicyDecision; ref: RecordRef }[] = [];
  const snapshots: { snapshot: ComplianceSnapshot; ref: RecordRef }[] = [];
  const listings: ReportListing[] = [];
  const removals: ReportRemoval[] = [];
  for (const { record, ref } of items) {
    if (record.type === "decision") decisions.push({ decision: record.decision, ref });
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
