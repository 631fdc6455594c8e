// The 3-year KPI backfill used to run inside one request for ~41 s. Now the request only queues it for the
// real worker (pg-boss on this test's database) and answers 202; progress is read from the job's Location.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jobRoute } from "@/app/api/v1/kpis/snapshots/jobs/[id]/route";
import { POST as backfillRoute } from "@/app/api/v1/kpis/snapshots/route";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { ymd } from "@/lib/kpi/snapshots";
import { call, db, tokenFor } from "./fixtures";

const DAY = 86_400_000;
let worker: Worker;

beforeAll(async () => {
  worker = await startWorker({ connectionString: process.env.DATABASE_URL, schedule: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

const jobIdOf = (location: string | null) => location?.split("/").pop() ?? "";

describe("KPI backfill as a background job", () => {
  it("backfill does not hold a request: POST answers 202 fast, job finishes, snapshots written, progress reported, concurrent POST refused", async () => {
    const admin = await tokenFor("admin");
    await db().query(`INSERT INTO cluster (name) VALUES ('bf-a'), ('bf-b') ON CONFLICT DO NOTHING`);
    const scopes =
      1 + Number((await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM cluster`))[0].n);
    const now = Date.now();
    const from = ymd(new Date(now - 3 * 365 * DAY));
    const to = ymd(new Date(now - DAY));
    const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;

    const t0 = performance.now();
    const posted = await call(backfillRoute, { token: admin, body: { from, to } });
    const answeredMs = performance.now() - t0;
    expect(posted.status).toBe(202);
    expect(answeredMs).toBeLessThan(3_000);
    const location = posted.res.headers.get("location");
    expect(location).toBe(`/api/v1/kpis/snapshots/jobs/${posted.json.id}`);
    expect(posted.json).toMatchObject({
      state: "queued",
      from,
      to,
      progress: { daysDone: 0, daysTotal: days },
    });

    // A second backfill while this one is queued or running is refused, naming the running job.
    const second = await call(backfillRoute, { token: admin, body: { from: to, to } });
    expect(second.status).toBe(409);
    expect(second.json.error.message).toContain(posted.json.id);
    expect(second.json.error.details.location).toBe(location);

    // Progress moves while the worker computes; the job ends completed with every day done.
    const seen = new Set<number>();
    let job = posted.json;
    const until = Date.now() + 240_000;
    while (job.state !== "completed" && job.state !== "failed" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      const r = await call(jobRoute, { token: admin, params: { id: jobIdOf(location) } });
      expect(r.status).toBe(200);
      job = r.json;
      seen.add(job.progress.daysDone);
    }
    expect(job).toMatchObject({
      state: "completed",
      error: null,
      progress: { daysDone: days, daysTotal: days },
      rows: days * scopes,
    });
    expect([...seen].some((d) => d > 0 && d < days)).toBe(true);

    const stored = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM kpi_snapshot WHERE day BETWEEN $1::date AND $2::date`,
      [from, to],
    );
    expect(stored[0].n).toBe(days * scopes);

    // Audited: the request when it was queued, the result when the run finished.
    const events = await db().query<{ action: string; data: { days: number } }>(
      `SELECT action, data FROM audit_event WHERE "targetType" = 'kpi_backfill' AND "targetId" = $1 ORDER BY id`,
      [posted.json.id],
    );
    expect(events.map((e) => e.action)).toEqual(["kpi.snapshot.backfill.request", "kpi.snapshot.backfill"]);
    expect(events[1].data.days).toBe(days);

    // Once it is done, the next backfill is accepted again.
    const next = await call(backfillRoute, { token: admin, body: { from: to, to } });
    expect(next.status).toBe(202);
  }, 300_000);

  it("a bad range is refused before anything is queued; others may not start or read backfills", async () => {
    const admin = await tokenFor("admin");
    const before = (await db().query(`SELECT id FROM kpi_backfill`)).length;
    const reversed = await call(backfillRoute, {
      token: admin,
      body: { from: "2026-10-31", to: "2026-10-01" },
    });
    expect(reversed.status).toBe(400);
    const tooLong = await call(backfillRoute, {
      token: admin,
      body: { from: "2020-01-01", to: "2026-01-01" },
    });
    expect(tooLong.status).toBe(400);
    expect((await db().query(`SELECT id FROM kpi_backfill`)).length).toBe(before);

    const operator = await tokenFor("operator");
    expect(
      (await call(backfillRoute, { token: operator, body: { from: "2026-10-01", to: "2026-10-01" } })).status,
    ).toBe(403);
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await call(jobRoute, { token: operator, params: { id } })).status).toBe(403);
    expect((await call(jobRoute, { token: admin, params: { id } })).status).toBe(404);
    expect((await call(jobRoute, { token: admin, params: { id: "not-a-job" } })).status).toBe(400);
  });
});
