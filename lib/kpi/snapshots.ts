import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";
import { computeKpis, type Kpis } from "./compute";
import { ALL } from "./recorded";

// KPI history (issue 8): one kpi_snapshot row per UTC day and scope holding the whole GET /api/v1/kpis
// body for that day, so trends and sparklines read a few hundred small rows instead of raw data.

export { ALL } from "./recorded";

const DAY = 86_400_000;

export const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
export const ymd = (d: Date) => d.toISOString().slice(0, 10);

async function scopes(): Promise<string[]> {
  const rows = await sqlOfPg(pool()).query<{ name: string }>(`SELECT name FROM cluster ORDER BY name`);
  return [ALL, ...rows.map((r) => r.name)];
}

/** Computes and stores the day's figures, overall and per cluster. Returns the rows written. */
export async function snapshotDay(day: string, now = new Date()): Promise<number> {
  const from = dayStart(day);
  const to = new Date(from.getTime() + DAY);
  if (from >= now) return 0;
  const asOf = to < now ? to : now;
  const list = await scopes();
  // Computed first, outside any transaction: the embedded database has a pool of one connection.
  const rows: { scope: string; data: Kpis }[] = [];
  for (const scope of list) {
    rows.push({
      scope,
      // As of the day's end, computed now: state figures of a past day come from revisions or from what
      // that day's snapshot recorded (a recomputation keeps it), never from today's state.
      data: await computeKpis({
        from,
        to,
        cluster: scope === ALL ? null : scope,
        now: asOf,
        computedAt: now,
      }),
    });
  }
  const sql = sqlOfPg(pool());
  for (const r of rows) {
    await sql.query(
      `INSERT INTO kpi_snapshot (day, scope, data, "computedAt") VALUES ($1::date, $2, $3::jsonb, now())
       ON CONFLICT (day, scope) DO UPDATE SET data = EXCLUDED.data, "computedAt" = now()`,
      [day, r.scope, JSON.stringify(r.data)],
    );
  }
  return rows.length;
}

/**
 * The days of [fromDay, toDay] (inclusive) that a backfill computes: whole days before `now`. Throws a 400
 * for a range that is not one (bad dates, reversed, over 3 years), so a request is refused before it queues.
 */
export function backfillDays(fromDay: string, toDay: string, now: Date): string[] {
  const from = dayStart(fromDay);
  const to = dayStart(toDay);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw badRequest("backfill: from and to must be dates YYYY-MM-DD");
  if (from > to) throw badRequest("backfill: from must not be after to");
  if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw badRequest("backfill: at most 3 years at once");
  const days: string[] = [];
  for (let t = from.getTime(); t <= to.getTime() && t + DAY <= now.getTime(); t += DAY)
    days.push(ymd(new Date(t)));
  return days;
}

/** Every day of [fromDay, toDay] (inclusive) up to yesterday; `onlyMissing` keeps days already stored. */
export async function backfill(
  fromDay: string,
  toDay: string,
  opts: { now?: Date; onlyMissing?: boolean; onDay?: (day: string, rows: number) => unknown } = {},
): Promise<{ days: number; rows: number }> {
  const now = opts.now ?? new Date();
  const all = backfillDays(fromDay, toDay, now);
  const have = new Set(
    opts.onlyMissing
      ? (
          await sqlOfPg(pool()).query<{ day: string }>(
            `SELECT day::text AS day FROM kpi_snapshot WHERE scope = $1 AND day BETWEEN $2::date AND $3::date`,
            [ALL, fromDay, toDay],
          )
        ).map((r) => r.day)
      : [],
  );
  let days = 0;
  let rows = 0;
  for (const day of all) {
    if (have.has(day)) continue;
    const written = await snapshotDay(day, now);
    rows += written;
    days++;
    await opts.onDay?.(day, written);
  }
  return { days, rows };
}

export interface SnapshotPoint {
  day: string;
  data: Kpis;
}

/** The stored days of [from, to) for a scope (ALL or a cluster name), oldest first. */
export async function readSnapshots(scope: string, from: Date, to: Date): Promise<SnapshotPoint[]> {
  return sqlOfPg(pool()).query<SnapshotPoint>(
    `SELECT day::text AS day, data FROM kpi_snapshot WHERE scope = $1 AND day >= $2::date AND day < $3::date ORDER BY day`,
    [scope, ymd(from), ymd(new Date(to.getTime() + DAY - 1))],
  );
}
