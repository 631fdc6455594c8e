import "server-only";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { defineJob } from "@/lib/jobs/registry";
import { scheduledPeriod } from "@/lib/reports/schedule";
import { alreadyFrozen, freezeReport, getSchedule } from "@/lib/reports/snapshots";
import { backfill, ymd } from "./snapshots";

const DAY = 86_400_000;

/** Daily at 00:15 UTC: yesterday's KPI snapshot, plus any of the last 7 days that is missing. */
export const kpiSnapshotDaily = defineJob({
  name: "kpi.snapshot-daily",
  cron: "15 0 * * *",
  async handler() {
    const now = new Date();
    await backfill(ymd(new Date(now.getTime() - 7 * DAY)), ymd(new Date(now.getTime() - DAY)), {
      now,
      onlyMissing: true,
    });
    // Yesterday is recomputed even if present: late data for it may have arrived.
    await backfill(ymd(new Date(now.getTime() - DAY)), ymd(new Date(now.getTime() - DAY)), { now });
  },
});

/** Daily at 01:30 UTC, after the snapshot: freeze the scheduled executive report when one is due. */
export const scheduledReportFreeze = defineJob({
  name: "reports.scheduled-freeze",
  cron: "30 1 * * *",
  async handler() {
    const now = new Date();
    const s = await getSchedule();
    const period = scheduledPeriod(s.cadence, now);
    if (!period || (await alreadyFrozen(period, s.cluster))) return;
    await freezeReport(
      { ...SYSTEM_ACTOR, label: "schedule" },
      { period, cluster: s.cluster, now, scheduled: true },
    );
  },
});
