import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { primaryPool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { defineJob } from "@/lib/jobs/registry";
import { scheduledPeriod } from "@/lib/reports/schedule";
import { alreadyFrozen, freezeReport, getSchedule } from "@/lib/reports/snapshots";
import { BACKFILL_JOB, runBackfill } from "./backfill-job";
import { compactKpiDataVersion } from "./cache";
import { backfill, ymd } from "./snapshots";

const DAY = 86_400_000;

/** Yesterday's KPI snapshot (recomputed: late data may have arrived) and any missing day of the last 7. */
export async function runDailySnapshot(now = new Date()) {
  const yesterday = ymd(new Date(now.getTime() - DAY));
  const missing = await backfill(
    ymd(new Date(now.getTime() - 7 * DAY)),
    ymd(new Date(now.getTime() - 2 * DAY)),
    { now, onlyMissing: true },
  );
  const last = await backfill(yesterday, yesterday, { now });
  return { days: missing.days + last.days, rows: missing.rows + last.rows };
}

/** Freezes the scheduled executive report when one is due today and not frozen yet; returns its period. */
export async function runScheduledFreeze(now = new Date()): Promise<string | null> {
  const s = await getSchedule();
  const period = scheduledPeriod(s.cadence, now);
  if (!period || (await alreadyFrozen(period, s.cluster))) return null;
  await freezeReport(
    { ...SYSTEM_ACTOR, label: "schedule" },
    { period, cluster: s.cluster, now, scheduled: true },
  );
  return period;
}

export const kpiSnapshotDaily = defineJob({
  name: "kpi.snapshot-daily",
  cron: "15 0 * * *",
  async handler() {
    await runDailySnapshot();
  },
});

// After the snapshot, so a report frozen on the 1st has the month's last day in its trends.
export const scheduledReportFreeze = defineJob({
  name: "reports.scheduled-freeze",
  cron: "30 1 * * *",
  async handler() {
    await runScheduledFreeze();
  },
});

// A backfill an admin requested (POST /api/v1/kpis/snapshots): its progress lives on its kpi_backfill row.
export const kpiBackfill = defineJob<{ id: string }>({
  name: BACKFILL_JOB,
  async handler(data) {
    return { state: await runBackfill(data.id) };
  },
});

// The KPI cache's data version is a sum of appended rows (lib/kpi/cache.ts): fold them so reading it stays cheap.
export const kpiDataVersionCompact = defineJob({
  name: "kpi.data-version-compact",
  cron: "*/10 * * * *",
  async handler() {
    await compactKpiDataVersion(sqlOfPg(primaryPool()));
  },
});
