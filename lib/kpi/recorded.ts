import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import type { KpiScope } from "./window";

// Figures that describe a current state with no history of its own (the certificate inventory) can only
// be known for a past date from what was recorded then: the daily KPI snapshot. A figure shown under a
// past label is that recorded value, or nothing — never today's value.

/** The kpi_snapshot scope of all clusters. */
export const ALL = "*";

/**
 * How long after an instant its state may still be read live. The daily job snapshots yesterday at
 * 00:15 UTC; later than this, the inventory may have moved on and the day counts as past.
 */
export const LIVE_GRACE_MS = 6 * 3_600_000;

/** Whether current-state figures read now describe `scope.now` (false: `scope.now` is in the past). */
export function isLive(scope: KpiScope): boolean {
  const clock = scope.computedAt ?? scope.now;
  return clock.getTime() - scope.now.getTime() <= LIVE_GRACE_MS;
}

/** The UTC day whose snapshot describes the instant `at` (a snapshot is as of its day's end). */
export function snapshotDayOf(at: Date): string {
  return new Date(at.getTime() - 1).toISOString().slice(0, 10);
}

/** One block (e.g. "certificates") of the snapshot recorded for the day of `scope.now`, or null. */
export async function recordedBlock<T>(scope: KpiScope, block: string): Promise<T | null> {
  const rows = await sqlOfPg(pool()).query<{ block: T | null }>(
    `SELECT data -> $3::text AS block FROM kpi_snapshot WHERE day = $1::date AND scope = $2`,
    [snapshotDayOf(scope.now), scope.cluster ?? ALL, block],
  );
  return rows[0]?.block ?? null;
}
