import "server-only";
import { backfill, ymd } from "@/lib/kpi/snapshots";
import { freezeReport } from "@/lib/reports/snapshots";
import { registerDemoSeeder } from "../registry";

// KPI history for the demo: daily snapshots of the last 60 days computed from the demo data the other
// seeders sent (so it runs last), and one frozen report of the previous month.

const DAY = 86_400_000;
const DEMO_LABEL = "demo";

registerDemoSeeder({
  name: "kpi-history",
  order: 1000,
  async seed(ctx) {
    const r = await backfill(
      ymd(new Date(ctx.now.getTime() - 60 * DAY)),
      ymd(new Date(ctx.now.getTime() - DAY)),
      { now: ctx.now },
    );
    const prev = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth() - 1, 1));
    let frozen = "no frozen report";
    try {
      await freezeReport(
        { ...ctx.actor, label: DEMO_LABEL },
        { period: ymd(prev).slice(0, 7), cluster: null, now: ctx.now },
      );
      frozen = `report ${ymd(prev).slice(0, 7)} frozen`;
    } catch (e) {
      // PDF rendering needs Chromium; the demo works without a frozen report.
      frozen = `no frozen report (${e instanceof Error ? e.message : String(e)})`;
    }
    return `${r.rows} KPI snapshot rows over ${r.days} days; ${frozen}`;
  },
  async wipe(sql) {
    // Snapshots computed while demo data was loaded describe that data; the daily job recomputes the
    // last days from what remains.
    const a = await sql.query(`DELETE FROM kpi_snapshot RETURNING id`);
    const b = await sql.query(`DELETE FROM report_snapshot WHERE "createdBy" = $1 RETURNING id`, [
      DEMO_LABEL,
    ]);
    return a.length + b.length;
  },
});
