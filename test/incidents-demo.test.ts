// The demo seeder sends the sample story and three earlier incidents through ingest(); the KPIs then
// have a distribution, pinned here against hand-computed values. Wipe removes what it made.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { demoSeeders } from "@/lib/demo/registry";
import "@/lib/demo/seeders/clusters";
import { shiftTimes } from "@/lib/demo/seeders/incidents";
import { computeKpis } from "@/lib/kpi/compute";
import { db } from "./fixtures";

// A "now" before every other test's data, so the window holds only the demo incidents.
const NOW = new Date("2025-03-01T12:00:00Z");

describe("incidents demo seeder", () => {
  it("shifts sample times", () => {
    expect(
      shiftTimes('"2025-06-15T09:11:47.302118446Z" and 2025-06-15T09:11:47.302118446+0000', -60_000),
    ).toBe('"2025-06-15T09:10:47.302Z" and 2025-06-15T09:10:47.302Z');
  });

  it("seeds four incidents through ingest and wipes them", async () => {
    const seeders = demoSeeders().filter((s) => s.name === "clusters" || s.name === "incidents");
    for (const s of seeders) await s.seed({ actor: SYSTEM_ACTOR, now: NOW });
    const rows = await db().query<{ number: number; status: string; demo: boolean }>(
      `SELECT number, status, demo FROM incident WHERE "detectedAt" < $1 ORDER BY "detectedAt"`,
      [NOW],
    );
    expect(rows.map((r) => [r.status, r.demo])).toEqual([
      ["resolved", true],
      ["resolved", true],
      ["open", true],
      ["contained", true],
    ]);
    const k = await computeKpis({ from: new Date("2025-01-01T00:00:00Z"), to: NOW, cluster: null, now: NOW });
    // MTTD: payments 0 (alert only, estimated), story 57.698, ledger 250, staging 540 s
    //   mean 847.698/4 = 211.9245; median (57.698+250)/2 = 153.849; p90 rank 2.7 → 250 + 0.7·290 = 453
    expect(k.mttd.n).toBe(4);
    expect(k.mttd.meanSeconds).toBeCloseTo(211.9245, 6);
    expect(k.mttd.medianSeconds).toBeCloseTo(153.849, 6);
    expect(k.mttd.p90Seconds).toBeCloseTo(453, 6);
    // Containment: payments 720, story 1920, ledger 4500 s → mean 2380, median 1920, p90 rank 1.8 → 1920 + 0.8·2580 = 3984
    expect(k.timeToContainment).toMatchObject({ n: 3, meanSeconds: 2380, medianSeconds: 1920 });
    expect(k.timeToContainment.p90Seconds).toBeCloseTo(3984, 6);
    // Resolve (operators): payments 3 h = 10800, ledger 26 h = 93600 → mean = median 52200; p90 = 10800 + 0.9·82800 = 85320
    expect(k.timeToResolve).toMatchObject({ n: 2, meanSeconds: 52200, medianSeconds: 52200 });
    expect(k.timeToResolve.p90Seconds).toBeCloseTo(85320, 6);

    const wiped = await withPgTransaction(
      pool(),
      async (_c, sql) => seeders.find((s) => s.name === "incidents")?.wipe(sql) ?? 0,
    );
    expect(wiped).toBeGreaterThanOrEqual(4);
    expect(await db().query(`SELECT 1 FROM incident WHERE demo`)).toHaveLength(0);
    expect(await db().query(`SELECT 1 FROM incident_evidence WHERE demo`)).toHaveLength(0);
  });
});
