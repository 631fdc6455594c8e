// A figure shown for a past date is what was true then: risks from their revisions, the certificate
// inventory from the snapshot recorded that day, else no figure — never today's state under a past label.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { computeKpis } from "@/lib/kpi/compute";
import { backfill, readSnapshots, snapshotDay, ymd } from "@/lib/kpi/snapshots";
import { buildOverview } from "@/lib/reports/overview";
import { createRisk, patchRisk } from "@/lib/risks/mutations/register";
import { call, db, makeUser, tokenFor } from "./fixtures";

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const dayStart = (d: Date) => new Date(`${ymd(d)}T00:00:00Z`);
const TAG = `past-${Date.now()}`;

beforeAll(async () => {
  // Snapshots are written per known cluster.
  await db().query(`INSERT INTO cluster (name) VALUES ($1) ON CONFLICT DO NOTHING`, [TAG]);
  const owner = await makeUser("risk_manager");
  const editor = { actor: { type: "user" as const, id: owner.id, label: owner.email }, userId: owner.id };
  const tx = <T>(fn: Parameters<typeof withPgTransaction<T>>[1]) => withPgTransaction(pool(), fn);
  // Ten days ago: A above appetite (review due two days later), B within it. Five days ago: A treated down
  // to low with a review next month, B closed. Today: A open and within appetite, nothing overdue.
  const base = { owner: owner.id, clusters: [TAG], inherent: { likelihood: 4, impact: 4 } };
  let a = await tx((_c, sql) =>
    createRisk(
      sql,
      editor,
      { ...base, title: "A", residual: { likelihood: 4, impact: 4 }, reviewDue: ymd(daysAgo(8)) },
      { at: daysAgo(10) },
    ),
  );
  let b = await tx((_c, sql) =>
    createRisk(
      sql,
      editor,
      { ...base, title: "B", residual: { likelihood: 1, impact: 1 }, reviewDue: ymd(daysAgo(-60)) },
      { at: daysAgo(10) },
    ),
  );
  a = (
    await tx((_c, sql) =>
      patchRisk(
        sql,
        editor,
        a.id,
        { version: a.version, residual: { likelihood: 1, impact: 1 }, reviewDue: ymd(daysAgo(-30)) },
        { at: daysAgo(5) },
      ),
    )
  ).risk;
  b = (
    await tx((_c, sql) =>
      patchRisk(sql, editor, b.id, { version: b.version, status: "closed" }, { at: daysAgo(5) }),
    )
  ).risk;
});

describe("risks for a past date are reconstructed from revisions", () => {
  it("GET /api/v1/kpis: risks as of min(to, now); today's register only when to is now", async () => {
    const token = await tokenFor("viewer");
    /** The risks section of GET /api/v1/kpis for this cluster, with extra query parameters. */
    const risks = async (query = "") =>
      (await call(kpisRoute, { token, path: `/api/v1/kpis?cluster=${TAG}${query}` })).json.risks;
    const today = await risks();
    expect(today).toEqual({ open: 1, aboveAppetite: 0, overdueReview: 0 });
    const past = await risks(`&from=${daysAgo(20).toISOString()}&to=${daysAgo(9).toISOString()}`);
    expect(past).toEqual({ open: 2, aboveAppetite: 1, overdueReview: 0 });
    const later = await risks(`&from=${daysAgo(20).toISOString()}&to=${daysAgo(7).toISOString()}`);
    // A's review was due eight days ago: overdue as of seven days ago.
    expect(later).toEqual({ open: 2, aboveAppetite: 1, overdueReview: 1 });
    // `to` in the future is "now".
    expect(await risks(`&to=${daysAgo(-3).toISOString()}`)).toEqual(today);
  });

  it("backfilled daily snapshots hold the risks of their day, not today's", async () => {
    await backfill(ymd(daysAgo(9)), ymd(daysAgo(6)), { now });
    const snaps = await readSnapshots(TAG, daysAgo(9), daysAgo(5));
    const byDay = new Map(snaps.map((s) => [s.day, s.data.risks.aboveAppetite]));
    expect(byDay.get(ymd(daysAgo(9)))).toBe(1);
    expect(byDay.get(ymd(daysAgo(6)))).toBe(1);
    expect(await snapshotDay(ymd(daysAgo(4)), now)).toBeGreaterThan(0);
    const after = await readSnapshots(TAG, daysAgo(4), daysAgo(3));
    expect(after[0].data.risks).toEqual({ open: 1, aboveAppetite: 0, overdueReview: 0 });
  });

  it('the overview\'s "previous period" risks above appetite is what it was then, so the tile can move', async () => {
    const o = await buildOverview({ period: "7d", cluster: TAG, now });
    const tile = o.tiles.find((t) => t.key === "risks.aboveAppetite");
    expect(tile).toMatchObject({ current: 0, previous: 1, trend: "down" });
  });
});

describe("certificate hygiene for a past date is what was recorded that day", () => {
  it("a past instant reads the day's snapshot; with none recorded there is no figure (null), not today's", async () => {
    const recordedDay = ymd(daysAgo(12));
    await db().query(
      `INSERT INTO kpi_snapshot (day, scope, data, "computedAt") VALUES ($1::date, $2, $3::jsonb, $4)
       ON CONFLICT (day, scope) DO UPDATE SET data = EXCLUDED.data`,
      [
        recordedDay,
        TAG,
        JSON.stringify({
          certificates: { total: 40, expired: 3, expiring7d: 2, expiring30d: 5, weak: 1, longLived: 4 },
        }),
        new Date(dayStart(daysAgo(11)).getTime() + 15 * 60_000),
      ],
    );
    const asOf = (d: Date) =>
      computeKpis({ from: new Date(d.getTime() - 30 * DAY), to: d, cluster: TAG, now: d, computedAt: now });
    const recorded = await asOf(dayStart(daysAgo(11)));
    expect(recorded.certificates).toEqual({
      total: 40,
      expired: 3,
      expiring7d: 2,
      expiring30d: 5,
      weak: 1,
      longLived: 4,
    });
    const unknown = await asOf(dayStart(daysAgo(13)));
    // No snapshot of that day: every inventory count is unknown (null), none is a guessed zero.
    const counts = ["total", "expired", "expiring7d", "expiring30d", "weak", "longLived"];
    expect(unknown.certificates).toEqual(Object.fromEntries(counts.map((k) => [k, null])));
    // Today: the live inventory (this cluster has no certificates: zeros, not nulls).
    const live = await computeKpis({ from: daysAgo(30), to: now, cluster: TAG, now });
    expect(live.certificates.total).toBe(0);
  });

  it("recomputing a recorded day keeps what it recorded; a day never recorded gets no figure", async () => {
    await backfill(ymd(daysAgo(13)), ymd(daysAgo(12)), { now });
    const snaps = await readSnapshots(TAG, daysAgo(13), daysAgo(11));
    const byDay = new Map(snaps.map((s) => [s.day, s.data.certificates]));
    expect(byDay.get(ymd(daysAgo(12)))?.expired).toBe(3);
    expect(byDay.get(ymd(daysAgo(13)))?.expired).toBeNull();
  });

  it("the daily job shortly after midnight records the live inventory for the day that just ended", async () => {
    const yesterday = ymd(daysAgo(1));
    const justAfter = new Date(dayStart(now).getTime() + 15 * 60_000);
    await snapshotDay(yesterday, justAfter);
    const [row] = await readSnapshots(TAG, daysAgo(1), daysAgo(1));
    expect(row.data.certificates.total).toBe(0);
  });

  it("GET /api/v1/kpis keeps certificates as the current inventory, also with a past `to`", async () => {
    const token = await tokenFor("viewer");
    const past = (
      await call(kpisRoute, {
        token,
        path: `/api/v1/kpis?cluster=${TAG}&from=${daysAgo(20).toISOString()}&to=${daysAgo(13).toISOString()}`,
      })
    ).json;
    expect(past.certificates.total).toBe(0);
  });
});
