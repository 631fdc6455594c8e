// The demo seeder sends its data through ingest() and lands just before now; wipe removes it and its
// share of the rollups.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { demoSeeders } from "@/lib/demo/registry";
import "@/lib/demo/index";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { shiftTimes } from "@/lib/demo/seeders/policy";
import { db } from "./fixtures";

describe("policy demo data", () => {
  it("shiftTimes moves RFC 3339, {seconds} and epoch ts by the same amount, keeping fractions", () => {
    const t = shiftTimes(
      '{"a":"2025-06-15T09:12:58.448120Z","b":{"seconds": 1749974400},"ts": 1749988741.4417}',
      3_600_000,
    );
    expect(t).toBe('{"a":"2025-06-15T10:12:58.448120Z","b":{"seconds": 1749978000},"ts": 1749992341.442}');
  });

  it("seeds through ingest (demo batches), ends just before now, and wipes cleanly", async () => {
    const now = new Date();
    const seeders = demoSeeders();
    for (const s of seeders.filter((x) => x.name === "clusters" || x.name === "policy"))
      await s.seed({ actor: SYSTEM_ACTOR, now });
    const [b] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ingest_batch WHERE demo AND kind = 'policy' AND status IN ('completed', 'partial')`,
    );
    expect(b.n).toBeGreaterThanOrEqual(20);
    const [d] = await db().query<{ n: number; max: Date; min: Date }>(
      `SELECT count(*)::int AS n, max("time") AS max, min("time") AS min FROM policy_decision d JOIN ingest_batch b ON b.id = d."batchId" WHERE b.demo`,
    );
    expect(d.n).toBeGreaterThan(17_000);
    expect(new Date(d.max).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(now.getTime() - new Date(d.max).getTime()).toBeLessThan(2 * 60 * 60_000);
    expect(now.getTime() - new Date(d.min).getTime()).toBeLessThan(8 * 86_400_000);
    const [h] = await db().query<{ n: number }>(
      `SELECT coalesce(sum(count), 0)::int AS n FROM policy_decision_hourly WHERE bucket >= date_trunc('hour', $1::timestamptz)`,
      [d.min],
    );
    expect(h.n).toBeGreaterThanOrEqual(d.n);
    // Three sends of the reports (a week ago, three days ago, today) and one Gatekeeper picture: state is
    // kept per report object (5 reports in eu, 1 in us) plus one Gatekeeper picture; a send adds a row
    // only for a report whose state changed.
    const [s] = await db().query<{ n: number; objects: number }>(
      `SELECT count(*)::int AS n,
              count(DISTINCT (s."clusterId", s.source, s."reportKind", s."reportNamespace", s."reportName"))::int AS objects
         FROM policy_snapshot s JOIN ingest_batch b ON b.id = s."batchId" WHERE b.demo`,
    );
    expect(s.objects).toBe(5 + 1 + 1);
    expect(s.n).toBeGreaterThan(s.objects);

    const policy = seeders.find((x) => x.name === "policy");
    await withPgTransaction(pool(), (_c, sql) => policy!.wipe(sql));
    const [after] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_decision d JOIN ingest_batch b ON b.id = d."batchId" WHERE b.demo`,
    );
    expect(after.n).toBe(0);
    const [ha] = await db().query<{ n: number }>(
      `SELECT coalesce(sum(count), 0)::int AS n FROM policy_decision_hourly WHERE bucket >= $1`,
      [new Date(now.getTime() - 8 * 86_400_000)],
    );
    const [raw] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_decision WHERE "time" >= $1`,
      [new Date(now.getTime() - 8 * 86_400_000)],
    );
    expect(ha.n).toBe(raw.n);
  });
});
