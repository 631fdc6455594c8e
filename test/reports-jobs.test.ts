// The daily KPI snapshot job and the scheduled freeze, run with a fixed "now".
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { registeredJobs } from "@/lib/jobs/registry";
import { runDailySnapshot, runScheduledFreeze } from "@/lib/kpi/jobs";
import { setSchedule } from "@/lib/reports/snapshots";
import { db } from "./fixtures";

describe("jobs", () => {
  it("are registered with their schedules", () => {
    const jobs = new Map(registeredJobs().map((j) => [j.name, j.cron]));
    expect(jobs.get("kpi.snapshot-daily")).toBe("15 0 * * *");
    expect(jobs.get("reports.scheduled-freeze")).toBe("30 1 * * *");
  });

  it("daily snapshot: the last 7 days once, then only yesterday again", async () => {
    const scopes =
      1 + Number((await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM cluster`))[0].n);
    const now = new Date("2026-06-10T00:15:00Z");
    // 3–8 June missing → 6 days, plus 9 June (yesterday) → 7 days.
    expect(await runDailySnapshot(now)).toEqual({ days: 7, rows: 7 * scopes });
    expect(await runDailySnapshot(now)).toEqual({ days: 1, rows: scopes });
    const days = await db().query<{ day: string }>(
      `SELECT DISTINCT day::text AS day FROM kpi_snapshot WHERE day BETWEEN '2026-06-01' AND '2026-06-30' ORDER BY 1`,
    );
    expect(days.map((d) => d.day)).toEqual([
      "2026-06-03",
      "2026-06-04",
      "2026-06-05",
      "2026-06-06",
      "2026-06-07",
      "2026-06-08",
      "2026-06-09",
    ]);
  });

  it("scheduled freeze: monthly on the 1st, once per period; nothing on other days or when off", async () => {
    await setSchedule(SYSTEM_ACTOR, { cadence: "off", cluster: null });
    expect(await runScheduledFreeze(new Date("2026-07-01T01:30:00Z"))).toBeNull();
    await setSchedule(SYSTEM_ACTOR, { cadence: "monthly", cluster: null });
    expect(await runScheduledFreeze(new Date("2026-07-02T01:30:00Z"))).toBeNull();
    expect(await runScheduledFreeze(new Date("2026-07-01T01:30:00Z"))).toBe("2026-06");
    // A second run the same day (another replica, a retry) does not freeze it twice.
    expect(await runScheduledFreeze(new Date("2026-07-01T03:30:00Z"))).toBeNull();
    const rows = await db().query<{ period: string; scheduled: boolean; createdBy: string }>(
      `SELECT period, scheduled, "createdBy" FROM report_snapshot WHERE period = '2026-06'`,
    );
    expect(rows).toEqual([{ period: "2026-06", scheduled: true, createdBy: "schedule" }]);
  });
});
