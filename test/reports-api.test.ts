// KPI history, targets, the executive report (JSON/CSV/PDF) and frozen snapshots against the real database.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import PgBoss from "pg-boss";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as backfillRoute } from "@/app/api/v1/kpis/snapshots/route";
import { GET as getTargetsRoute, PUT as putTarget } from "@/app/api/v1/kpis/targets/route";
import { GET as overviewRoute } from "@/app/api/v1/overview/route";
import { GET as executiveRoute } from "@/app/api/v1/reports/executive/route";
import { PUT as putSchedule } from "@/app/api/v1/reports/schedule/route";
import { GET as frozenRoute } from "@/app/api/v1/reports/snapshots/[id]/route";
import { POST as freezeRoute, GET as listFrozenRoute } from "@/app/api/v1/reports/snapshots/route";
import { BACKFILL_JOB, runBackfill } from "@/lib/kpi/backfill-job";
import { registerKpiSection } from "@/lib/kpi/registry";
import { registerAttentionProvider, registerReportSection } from "@/lib/reports/registry";
import { storeFrozenPdf } from "@/lib/reports/snapshots";
import { call, db, makeToken, makeUser, tokenFor } from "./fixtures";

// A stand-in for the certificates domain's KPI section: rotation figures depend on the window, and
// `live` changes between calls to show that a frozen report keeps what it showed.
const live = { octoberPercent: 91 };
registerKpiSection(async (scope) => {
  const october = scope.from.toISOString().startsWith("2026-10-01");
  const september = scope.from.toISOString().startsWith("2026-09-01");
  if (!october && !september) return {};
  const percent = october ? live.octoberPercent : 98;
  return {
    rotationOnSchedule: { due: 100, onTime: percent, late: 100 - percent, missed: 0, overdue: 0, percent },
  };
});
registerReportSection("test-risks", async () => ({
  topRisks: [
    {
      id: "r1",
      title: "Plaintext traffic eu→us",
      owner: "Ana",
      treatment: "mitigate",
      status: "treating",
      likelihood: 4,
      impact: 4,
      score: 16,
      level: "high",
      href: "/risks/r1",
    },
    {
      id: "r2",
      title: "Expired root CA",
      owner: null,
      treatment: "accept",
      status: "accepted",
      likelihood: 1,
      impact: 5,
      score: 5,
      level: "medium",
      href: "/risks/r2",
    },
  ],
  heatMap: [{ likelihood: 4, impact: 4, count: 1 }],
  causes: {
    "rotationOnSchedule.percent": "9 certificates of issuer Acme CA renewed late in cluster eu-west-prod",
  },
}));
registerAttentionProvider("test-incidents", async () => [
  {
    kind: "incident",
    title: "INC-1 lateral movement",
    href: "/incidents/1",
    severity: "critical",
    at: "2026-11-20T10:00:00Z",
  },
]);

let admin: string;
let viewerRead: string;
beforeAll(async () => {
  admin = await tokenFor("admin");
  const v = await makeUser("viewer");
  viewerRead = await makeToken(v.id, ["read"]);
  await db().query(`INSERT INTO cluster (name) VALUES ('rpt-a'), ('rpt-b') ON CONFLICT DO NOTHING`);
  // The job queue's schema and the PDF queue, as the worker creates them at start (no worker runs here).
  const boss = new PgBoss({ connectionString: process.env.DATABASE_URL, schema: "pgboss", schedule: false });
  await boss.start();
  await boss.createQueue("reports.pdf");
  await boss.createQueue(BACKFILL_JOB);
  await boss.stop({ graceful: false, wait: true });
});

describe("KPI targets", () => {
  it("defaults, an admin edit with its history and audit event; others 403; bad metric 400", async () => {
    const before = await call(getTargetsRoute, { token: viewerRead });
    expect(before.json.targets["rotationOnSchedule.percent"]).toEqual({ comparator: ">=", value: 99 });
    const ok = await call(putTarget, {
      method: "PUT",
      token: admin,
      body: { metric: "rotationOnSchedule.percent", comparator: ">=", value: 95 },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.targets["rotationOnSchedule.percent"]).toEqual({ comparator: ">=", value: 95 });
    const hist = await call(getTargetsRoute, { token: viewerRead });
    expect(hist.json.history[0]).toMatchObject({
      metric: "rotationOnSchedule.percent",
      comparator: ">=",
      value: 95,
      previous: { comparator: ">=", value: 99 },
    });
    const ev = await db().query(
      `SELECT data FROM audit_event WHERE action = 'kpi.target.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(ev[0].data).toMatchObject({ previous: { value: 99 }, target: { value: 95 } });
    const op = await tokenFor("operator");
    const denied = await call(putTarget, {
      method: "PUT",
      token: op,
      body: { metric: "rotationOnSchedule.percent", comparator: ">=", value: 1 },
    });
    expect(denied.status).toBe(403);
    const bad = await call(putTarget, {
      method: "PUT",
      token: admin,
      body: { metric: "nope.value", comparator: ">=", value: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/nope.value/);
    // Back to the default so the report below compares against 99 %.
    await call(putTarget, {
      method: "PUT",
      token: admin,
      body: { metric: "rotationOnSchedule.percent", comparator: ">=", value: 99 },
    });
  });
});

describe("KPI history", () => {
  it("backfill writes one row per day and scope (overall + each cluster), idempotently", async () => {
    const clusters = Number((await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM cluster`))[0].n);
    // The route queues the job (test/kpi-backfill-job.test.ts runs it through the worker); no worker runs
    // here, so the test works the queued job with the worker's handler.
    const backfillOctober = async () => {
      const r = await call(backfillRoute, { token: admin, body: { from: "2026-10-01", to: "2026-10-31" } });
      expect(r.status).toBe(202);
      expect(await runBackfill(r.json.id)).toBe("completed");
      return r.json.id as string;
    };
    const id = await backfillOctober();
    // 31 days × (overall + clusters).
    const done = await db().query<{ daysDone: number; rows: number }>(
      `SELECT "daysDone", rows FROM kpi_backfill WHERE id = $1`,
      [id],
    );
    expect(done[0]).toEqual({ daysDone: 31, rows: 31 * (1 + clusters) });
    await backfillOctober();
    const rows = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM kpi_snapshot WHERE day BETWEEN '2026-10-01' AND '2026-10-31'`,
    );
    expect(rows[0].n).toBe(31 * (1 + clusters));
    const one = await db().query<{ data: { window: { from: string; to: string }; cluster: string | null } }>(
      `SELECT data FROM kpi_snapshot WHERE day = '2026-10-05' AND scope = 'rpt-a'`,
    );
    expect(one[0].data.window).toEqual({ from: "2026-10-05T00:00:00.000Z", to: "2026-10-06T00:00:00.000Z" });
    expect(one[0].data.cluster).toBe("rpt-a");
    const bad = await call(backfillRoute, { token: admin, body: { from: "2026-10-31", to: "2026-10-01" } });
    expect(bad.status).toBe(400);
    expect(
      (await call(backfillRoute, { token: viewerRead, body: { from: "2026-10-01", to: "2026-10-02" } }))
        .status,
    ).toBe(403);
  });
});

describe("executive report", () => {
  it("JSON: figures against targets and the previous month, a true summary, risks, trends", async () => {
    live.octoberPercent = 91;
    const r = await call(executiveRoute, {
      path: "/api/v1/reports/executive?period=2026-10",
      token: viewerRead,
    });
    expect(r.status).toBe(200);
    const rep = r.json;
    expect(rep.period).toMatchObject({
      key: "2026-10",
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-11-01T00:00:00.000Z",
    });
    expect(rep.previous.key).toBe("2026-09");
    const rot = rep.figures.find((f: { key: string }) => f.key === "rotationOnSchedule.percent");
    // 91 this month, 98 in September; change −7; target ≥ 99 missed.
    expect(rot).toMatchObject({
      current: 91,
      previous: 98,
      change: -7,
      status: "missed",
      target: { comparator: ">=", value: 99 },
    });
    expect(rep.summary.map((s: { text: string }) => s.text)).toContain(
      "Certificates renewed on schedule fell from 98 % to 91 %, short of the target of ≥ 99 %, because 9 certificates of issuer Acme CA renewed late in cluster eu-west-prod.",
    );
    expect(rep.topRisks.map((k: { id: string }) => k.id)).toEqual(["r1", "r2"]);
    // Daily trend: one value per day of October (from the backfilled snapshots).
    expect(rep.trends.days).toHaveLength(31);
    expect(rep.trends.series["rotationOnSchedule.percent"]).toHaveLength(31);
  });

  // The PDF is this report's web page printed by the worker's Chromium: e2e/report-pdf.spec.ts checks it
  // (page numbers, the summary's incident line) against the running server.
  it("CSV has every figure; bad format or period is a 400", async () => {
    const c = await call(executiveRoute, {
      path: "/api/v1/reports/executive?period=2026-10&format=csv",
      token: viewerRead,
    });
    expect(c.status).toBe(200);
    expect(c.res.headers.get("content-type")).toMatch(/text\/csv/);
    const rows: string[][] = parse(c.json as unknown as string);
    expect(rows[0]).toEqual("section key label unit period previous change target status detail".split(" "));
    const rot = rows.find((x) => x[0] === "kpi" && x[1] === "rotationOnSchedule.percent");
    expect(rot?.slice(4, 9)).toEqual(["91", "98", "-7", ">=99", "missed"]);
    expect(rows.find((x) => x[0] === "figure" && x[1] === "rotationOnSchedule.late")?.slice(4, 7)).toEqual([
      "9",
      "2",
      "7",
    ]);
    expect(rows.filter((x) => x[0] === "trend" && x[1] === "mtlsCoverage.percent")).toHaveLength(31);
    expect(rows.filter((x) => x[0] === "risk")).toHaveLength(2);

    expect(
      (await call(executiveRoute, { path: "/api/v1/reports/executive?format=xls", token: viewerRead }))
        .status,
    ).toBe(400);
    const bad = await call(executiveRoute, {
      path: "/api/v1/reports/executive?period=2026-13",
      token: viewerRead,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/month/);
  });

  it("overview: tiles with trend and target, attention from figures and providers", async () => {
    const r = await call(overviewRoute, { path: "/api/v1/overview?period=2026-10", token: viewerRead });
    expect(r.status).toBe(200);
    const rot = r.json.tiles.find((t: { key: string }) => t.key === "rotationOnSchedule.percent");
    expect(rot).toMatchObject({ current: 91, previous: 98, trend: "down", status: "missed" });
    expect(rot.spark).toHaveLength(31);
    // September (the previous period) has 30 days; none was backfilled, so every value is null.
    expect(rot.previousSpark).toHaveLength(30);
    expect(rot.previousSpark.every((v: number | null) => v === null)).toBe(true);
    expect(r.json.attention[0]).toMatchObject({
      kind: "incident",
      severity: "critical",
      href: "/incidents/1",
    });
  });
});

describe("frozen reports", () => {
  it("a frozen report stays exactly as published after the data changes", async () => {
    live.octoberPercent = 91;
    const viewer = await tokenFor("viewer");
    expect((await call(freezeRoute, { token: viewer, body: { period: "2026-10" } })).status).toBe(403);
    const f = await call(freezeRoute, { token: admin, body: { period: "2026-10" } });
    expect(f.status).toBe(201);
    const id = f.json.snapshot.id as string;
    const first = await call(frozenRoute, { token: viewerRead, params: { id } });
    expect(first.json.intact).toBe(true);

    // New data arrives: October's rotation is now 97 %.
    live.octoberPercent = 97;
    const liveNow = await call(executiveRoute, {
      path: "/api/v1/reports/executive?period=2026-10",
      token: viewerRead,
    });
    expect(
      liveNow.json.figures.find((x: { key: string }) => x.key === "rotationOnSchedule.percent").current,
    ).toBe(97);

    const again = await call(frozenRoute, { token: viewerRead, params: { id } });
    expect(again.json.report).toEqual(first.json.report);
    expect(
      again.json.report.figures.find((x: { key: string }) => x.key === "rotationOnSchedule.percent").current,
    ).toBe(91);
    expect(again.json.intact).toBe(true);

    // The PDF is queued for the worker, which prints the frozen page and stores it once with its digest.
    const queued = await db().query<{ data: { kind: string; id: string; store: boolean } }>(
      `SELECT data FROM pgboss.job WHERE name = 'reports.pdf' AND data->>'id' = $1`,
      [id],
    );
    expect(queued.map((q) => q.data)).toEqual([{ kind: "frozen", id, store: true }]);
    expect(first.json.snapshot.pdfSha256).toBeNull();
    const printed = Buffer.from("%PDF-1.7 printed by the worker");
    expect(await storeFrozenPdf(id, printed)).toBe(true);
    expect(await storeFrozenPdf(id, Buffer.from("%PDF-1.7 a second print"))).toBe(false);
    const pdf = await call(frozenRoute, {
      path: `/api/v1/reports/snapshots/${id}?format=pdf`,
      token: viewerRead,
      params: { id },
    });
    expect(pdf.res.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.res.headers.get("x-integrity")).toBe("ok");
    expect(pdf.res.headers.get("x-content-sha256")).toBe(createHash("sha256").update(printed).digest("hex"));
    const stored = await db().query<{ pdf: Buffer; pdfSha256: string }>(
      `SELECT pdf, "pdfSha256" FROM report_snapshot WHERE id = $1`,
      [id],
    );
    expect(stored[0].pdf.equals(printed)).toBe(true);

    const list = await call(listFrozenRoute, { token: viewerRead });
    expect(list.json.snapshots.map((s: { id: string }) => s.id)).toContain(id);
    expect((await call(frozenRoute, { token: viewerRead, params: { id: "not-a-uuid" } })).status).toBe(404);
    const ev = await db().query<{ action: string }>(
      `SELECT action FROM audit_event WHERE action IN ('report.freeze', 'report.pdf') AND "targetId" = $1 ORDER BY id`,
      [id],
    );
    expect(ev.map((e) => e.action)).toEqual(["report.freeze", "report.pdf"]);
  });

  it("the schedule is an admin setting, audited", async () => {
    expect(
      (
        await call(putSchedule, {
          method: "PUT",
          token: await tokenFor("operator"),
          body: { cadence: "monthly" },
        })
      ).status,
    ).toBe(403);
    const ok = await call(putSchedule, {
      method: "PUT",
      token: admin,
      body: { cadence: "monthly", cluster: "rpt-a" },
    });
    expect(ok.json.schedule).toEqual({ cadence: "monthly", cluster: "rpt-a" });
    expect(
      (await call(putSchedule, { method: "PUT", token: admin, body: { cadence: "daily" } })).status,
    ).toBe(400);
  });
});
