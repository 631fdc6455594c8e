import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { AppError, isAppError, notFound } from "@/lib/errors";
import { sendJob } from "@/lib/jobs/queue";
import { backfill, backfillDays } from "./snapshots";

// A KPI snapshot backfill of up to three years takes tens of seconds, so a request only queues it: one
// kpi_backfill row per request (its progress, written after every day), worked by the `kpi.backfill` job
// (lib/kpi/jobs.ts). At most one is queued or running at a time; a second request is refused with 409
// naming the active one (a partial unique index makes that atomic across replicas).

export const BACKFILL_JOB = "kpi.backfill";

/** A backfill whose row has not moved for this long lost its worker: the next request fails it. */
export const BACKFILL_STALE_MINUTES = 15;

export type BackfillState = "queued" | "running" | "completed" | "failed";

export interface BackfillJob {
  id: string;
  state: BackfillState;
  from: string;
  to: string;
  progress: { daysDone: number; daysTotal: number };
  rows: number;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Where a job's state is read (the Location of a 202). */
export const backfillJobPath = (id: string) => `/api/v1/kpis/snapshots/jobs/${id}`;

interface Row {
  id: string;
  state: BackfillState;
  fromDay: string;
  toDay: string;
  daysTotal: number;
  daysDone: number;
  rows: number;
  error: string | null;
  actorType: Actor["type"];
  actorId: string | null;
  actorLabel: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, state, "fromDay"::text AS "fromDay", "toDay"::text AS "toDay", "daysTotal", "daysDone", rows,
  error, "actorType", "actorId", "actorLabel", "createdAt", "startedAt", "finishedAt"`;

function toJob(r: Row): BackfillJob {
  return {
    id: r.id,
    state: r.state,
    from: r.fromDay,
    to: r.toDay,
    progress: { daysDone: r.daysDone, daysTotal: r.daysTotal },
    rows: r.rows,
    error: r.error,
    requestedBy: r.actorLabel,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

async function readRow(sql: Sql, where: string, values: unknown[]): Promise<BackfillJob | null> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM kpi_backfill WHERE ${where}`, values);
  return rows[0] ? toJob(rows[0]) : null;
}

export async function getBackfill(id: string): Promise<BackfillJob> {
  const job = await readRow(sqlOfPg(pool()), `id = $1`, [id]);
  if (!job) throw notFound("KPI backfill job");
  return job;
}

/** The most recent backfill (any state), for the admin page; null when none was ever requested. */
export function latestBackfill(): Promise<BackfillJob | null> {
  return readRow(sqlOfPg(pool()), `true ORDER BY "createdAt" DESC LIMIT 1`, []);
}

function busy(active: BackfillJob | null): AppError {
  if (!active) return new AppError("conflict", "A KPI backfill was started at the same moment; try again");
  const { daysDone, daysTotal } = active.progress;
  return new AppError(
    "conflict",
    `A KPI backfill is ${active.state} already (job ${active.id}, ${daysDone} of ${daysTotal} days); one runs at a time`,
    { job: active, location: backfillJobPath(active.id) },
  );
}

/**
 * Records and queues a backfill of [fromDay, toDay] for the worker. Refuses a bad range (400) and a second
 * backfill while one is queued or running (409 naming it). The request is audited with the row it creates.
 */
export async function requestBackfill(
  actor: Actor,
  fromDay: string,
  toDay: string,
  now = new Date(),
): Promise<BackfillJob> {
  const days = backfillDays(fromDay, toDay, now).length;
  const id = await withPgTransaction(pool(), async (_c, sql) => {
    // A run whose worker died keeps its row active; once it has not moved for a while it stops blocking.
    const stale = await sql.query<{ id: string }>(
      `UPDATE kpi_backfill SET state = 'failed', error = 'the worker stopped before the backfill finished',
         "finishedAt" = now(), "updatedAt" = now()
       WHERE state IN ('queued', 'running') AND "updatedAt" < now() - make_interval(mins => $1) RETURNING id`,
      [BACKFILL_STALE_MINUTES],
    );
    const inserted = await sql.query<{ id: string }>(
      `INSERT INTO kpi_backfill ("fromDay", "toDay", "daysTotal", "actorType", "actorId", "actorLabel")
       VALUES ($1::date, $2::date, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [fromDay, toDay, days, actor.type, actor.id, actor.label],
    );
    if (!inserted.length) return null;
    await audit(sql, actor, {
      action: "kpi.snapshot.backfill.request",
      targetType: "kpi_backfill",
      targetId: inserted[0].id,
      data: {
        from: fromDay,
        to: toDay,
        days,
        ...(stale.length ? { staleFailed: stale.map((s) => s.id) } : {}),
      },
    });
    return inserted[0].id;
  });
  if (!id) throw busy(await readRow(sqlOfPg(pool()), `state IN ('queued', 'running')`, []));
  try {
    // Three years take under a minute here; the expiry only bounds a run that hangs.
    await sendJob(BACKFILL_JOB, { id }, { retryLimit: 0, expireInSeconds: 3 * 3600 });
  } catch (e) {
    await finish(id, { state: "failed", error: "the job queue refused the backfill" });
    throw e;
  }
  return getBackfill(id);
}

/** Ends a run: its row and its audit event in one transaction. */
async function finish(
  id: string,
  end: { state: "completed"; days: number; rows: number } | { state: "failed"; error: string },
) {
  await withPgTransaction(pool(), async (_c, sql) => {
    const rows = await sql.query<Row>(
      `UPDATE kpi_backfill SET state = $2, error = $3, "finishedAt" = now(), "updatedAt" = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, end.state, end.state === "failed" ? end.error : null],
    );
    const r = rows[0];
    if (!r) return;
    await audit(
      sql,
      { type: r.actorType, id: r.actorId, label: r.actorLabel },
      {
        action: end.state === "completed" ? "kpi.snapshot.backfill" : "kpi.snapshot.backfill.failed",
        targetType: "kpi_backfill",
        targetId: id,
        data: { from: r.fromDay, to: r.toDay, ...end },
      },
    );
  });
}

/**
 * The worker's side: runs a queued backfill, writing its progress after every day. A row that is no longer
 * queued (run already, or failed as stale) is left alone. Failures end up on the row, not thrown.
 */
export async function runBackfill(id: string, now = new Date()): Promise<BackfillState | "skipped"> {
  const sql = sqlOfPg(pool());
  const taken = await sql.query<Row>(
    `UPDATE kpi_backfill SET state = 'running', "startedAt" = now(), "updatedAt" = now()
     WHERE id = $1 AND state = 'queued' RETURNING ${COLUMNS}`,
    [id],
  );
  const row = taken[0];
  if (!row) return "skipped";
  try {
    // The days left to compute as of now (midnight may have passed since the request).
    await sql.query(`UPDATE kpi_backfill SET "daysTotal" = $2 WHERE id = $1`, [
      id,
      backfillDays(row.fromDay, row.toDay, now).length,
    ]);
    const r = await backfill(row.fromDay, row.toDay, {
      now,
      onDay: (_day, written) =>
        sql.query(
          `UPDATE kpi_backfill SET "daysDone" = "daysDone" + 1, rows = rows + $2, "updatedAt" = now() WHERE id = $1`,
          [id, written],
        ),
    });
    await finish(id, { state: "completed", ...r });
    return "completed";
  } catch (e) {
    if (!isAppError(e)) console.error("[kpi] backfill failed", e);
    await finish(id, {
      state: "failed",
      error: isAppError(e) ? e.message : "internal error while computing snapshots; it has been logged",
    });
    return "failed";
  }
}
