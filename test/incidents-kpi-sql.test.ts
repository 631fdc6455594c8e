// The incident clocks of GET /api/v1/kpis are aggregated in SQL (lib/incidents/kpi.ts#incidentClockKpis);
// they must give exactly what the JavaScript reference gives over the same incidents
// (lib/incidents/kpi-math.ts over incidentClockRows): n, mean, median, p90, excluded starts and impossible
// durations, for the scope and per cluster, for any window and cluster filter. The incidents are a spread
// like a year of real ones (detection seconds to hours after the start, unknown starts, open ones), plus
// impossible stamps (contained before detected), which older imports can hold.
import { beforeAll, describe, expect, it } from "vitest";
import { incidentClockKpis, incidentClockRows } from "@/lib/incidents/kpi";
import { incidentKpis } from "@/lib/incidents/kpi-math";
import { db } from "./fixtures";

const NOW = new Date("2026-03-01T00:00:00Z");
const DAY = 86_400_000;
const CLUSTERS = ["clock-a", "clock-b", "clock-c"];

beforeAll(async () => {
  await db().query(
    `INSERT INTO cluster (name, environment) SELECT n, 'prod' FROM unnest($1::text[]) n ON CONFLICT (name) DO NOTHING`,
    [CLUSTERS],
  );
  // 400 incidents over the 120 days before NOW, in three clusters and none; a pseudo-random but fixed spread.
  await db().query(
    `INSERT INTO incident (title, severity, status, origin, "clusterId", "startedAt", "startedConfidence",
       "detectedAt", "containedAt", "containedConfidence", "resolvedAt")
     SELECT 'Clock ' || i, 'high', CASE WHEN i % 5 = 0 THEN 'open' ELSE 'resolved' END, 'manual',
            CASE WHEN i % 4 = 3 THEN NULL ELSE (SELECT id FROM cluster WHERE name = ($2::text[])[1 + i % 3]) END,
            CASE WHEN i % 7 = 0 THEN NULL ELSE d - make_interval(secs => (i * 7919) % 20000 + (i % 3) * 0.125) END,
            (ARRAY['observed', 'estimated', 'unknown'])[1 + (i % 11) % 3], d,
            CASE WHEN i % 5 = 0 THEN NULL WHEN i % 37 = 0 THEN d - interval '5 minutes' ELSE d + make_interval(secs => (i * 104729) % 90000) END,
            'estimated',
            CASE WHEN i % 5 = 0 OR i % 3 = 0 THEN NULL ELSE d + make_interval(secs => (i * 15485863) % 400000 + 0.001) END
       FROM (SELECT i, $1::timestamptz - make_interval(secs => (i * 2654435761) % (120 * 86400)) AS d
               FROM generate_series(1::bigint, 400) i) x`,
    [NOW, CLUSTERS],
  );
});

describe("incident clocks in SQL", () => {
  it("equal the JavaScript reference for every window and cluster", async () => {
    for (const cluster of [null, ...CLUSTERS, "no-such-cluster"])
      for (const [from, to] of [
        [NOW.getTime() - 30 * DAY, NOW.getTime()],
        [NOW.getTime() - 7 * DAY + 12_345, NOW.getTime() - 3_600_000],
        [NOW.getTime() - 90 * DAY, NOW.getTime() - 60 * DAY],
      ]) {
        const scope = { from: new Date(from), to: new Date(to), cluster };
        const rows = await incidentClockRows(scope);
        const ref = incidentKpis(rows, scope);
        const sql = await incidentClockKpis(scope);
        const at = `${cluster} ${scope.from.toISOString()}`;
        for (const k of ["mttd", "timeToContainment", "timeToResolve"] as const) {
          const { meanSeconds, ...rest } = sql[k];
          const { meanSeconds: refMean, ...refRest } = ref[k];
          expect(rest, `${at} ${k}`).toEqual(refRest);
          // The sum runs in another order in SQL: equal to the last bits of a double.
          if (refMean === null) expect(meanSeconds).toBeNull();
          else expect(meanSeconds).toBeCloseTo(refMean, 6);
        }
        const names = [...new Set(rows.map((r) => r.cluster ?? "(none)"))].sort();
        expect(sql.byCluster.map((c) => c.cluster)).toEqual(names);
        for (const c of sql.byCluster) {
          const one = incidentKpis(
            rows.filter((r) => (r.cluster ?? "(none)") === c.cluster),
            scope,
          );
          expect(c.timeToResolve.n, `${at} ${c.cluster}`).toBe(one.timeToResolve.n);
          expect(c.mttd.p90Seconds, `${at} ${c.cluster}`).toEqual(one.mttd.p90Seconds);
          expect(c.timeToContainment.medianSeconds).toEqual(one.timeToContainment.medianSeconds);
        }
        const key = (e: { incidentId: string; metric: string }) => `${e.metric}/${e.incidentId}`;
        expect(sql.dataErrors.map(key).sort()).toEqual(ref.dataErrors.map(key).sort());
      }
    // The spread does hit every case the rule distinguishes.
    const all = await incidentClockKpis({
      from: new Date(NOW.getTime() - 120 * DAY),
      to: NOW,
      cluster: null,
    });
    expect(all.mttd.excluded).toBeGreaterThan(0);
    expect(all.timeToContainment.dataErrors).toBeGreaterThan(0);
    expect(all.timeToResolve.n).toBeGreaterThan(0);
  });
});
