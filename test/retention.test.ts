// Retention through the real code: old monthly partitions of raw decisions are dropped whole (audited),
// rollups are trimmed later than raw rows so figures over old periods survive the raw rows, settings are
// validated and audited, and the admin figures list each table's size.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { opaLine } from "@/lib/demo/generators/policy-decisions";
import { isAppError } from "@/lib/errors";
import {
  enforceRetention,
  getRetention,
  partitionsOf,
  setRetention,
  tableUsage,
} from "@/lib/retention/partitions";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

let token: string;
beforeAll(async () => {
  token = await tokenFor("operator");
});

const route = {
  cluster: "retention-east",
  src: "shop/frontend",
  dst: "payments/payments-api",
  host: "payments-api.payments:8080",
  paths: ["/v1/x"],
  denyRate: 0,
  reasons: ["not permitted"],
};
let seq = 0;
const line = (iso: string, allowed: boolean) =>
  opaLine(
    `00000000-0000-4000-b000-${String(++seq).padStart(12, "0")}`,
    new Date(iso),
    route,
    "/v1/x",
    allowed,
    "not permitted",
    seq,
  );
const admin = { type: "user" as const, id: null, label: "admin@test.local" };

async function auditActions(prefix: string) {
  return db().query<{ action: string; targetId: string; data: Record<string, unknown> }>(
    `SELECT action, "targetId", data FROM audit_event WHERE action LIKE $1 ORDER BY id`,
    [`${prefix}%`],
  );
}

describe("retention", () => {
  it("drops whole expired partitions of raw decisions, trims rollups later, keeps old figures", async () => {
    const lines = [
      line("2024-01-10T10:15:00Z", true),
      line("2024-01-10T10:20:00Z", false),
      line("2024-01-11T08:00:00Z", true),
      line("2025-06-14T09:00:00Z", true),
    ];
    const r = await postIngest(token, "policy?format=opa", `${lines.join("\n")}\n`);
    expect(r.json).toMatchObject({ accepted: 4 });
    const names = (await partitionsOf(db(), "policy_decision")).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["policy_decision_2024_01", "policy_decision_2025_06"]));

    // As of 2025-06-20 with the defaults: raw 90 days, hourly rollups 400 days, daily 1,100 days.
    const runs = await enforceRetention(new Date("2025-06-20T00:00:00Z"));
    const decisions = runs.find((x) => x.table === "policy_decision");
    expect(decisions?.dropped).toContain("policy_decision_2024_01");
    expect(decisions?.dropped).not.toContain("policy_decision_2025_06");
    const left = (await partitionsOf(db(), "policy_decision")).map((p) => p.name);
    expect(left).not.toContain("policy_decision_2024_01");
    expect(left).toContain("policy_decision_2025_06");
    const [raw] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_decision WHERE "time" < '2025-01-01'`,
    );
    expect(raw.n).toBe(0);
    // Hourly rows of January 2024 are older than 400 days: trimmed; the daily ones stay.
    const [hourly] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_decision_hourly WHERE bucket < '2025-01-01'`,
    );
    expect(hourly.n).toBe(0);
    expect(runs.find((x) => x.table === "policy_decision_hourly")?.deleted).toBeGreaterThan(0);

    // January 2024's deny rate still comes from the daily rollup (whole days) after the raw rows went.
    const k = await call(kpisRoute, {
      path: "/api/v1/kpis?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&cluster=retention-east",
      token,
    });
    expect(k.json.policy).toMatchObject({ decisions: 3, denied: 1 });

    const drops = await auditActions("retention.partition.drop");
    expect(drops.map((a) => a.data.partition)).toContain("policy_decision_2024_01");
    expect(drops.find((a) => a.data.partition === "policy_decision_2024_01")).toMatchObject({
      targetId: "policy_decision",
      data: { retentionDays: 90, before: "2024-02-01T00:00:00.000Z" },
    });
    expect((await auditActions("retention.rollup.trim")).map((a) => a.targetId)).toContain(
      "policy_decision_hourly",
    );

    // Running again drops nothing more.
    const again = await enforceRetention(new Date("2025-06-20T00:00:00Z"));
    expect(again.flatMap((x) => x.dropped)).toEqual([]);
  });

  it("settings: validated (a rollup is never kept shorter than its raw rows) and audited", async () => {
    await expect(setRetention(admin, "policy_decision", 500)).rejects.toSatisfy(
      (e) => isAppError(e) && e.status === 400 && /policy_deny_rate_minute/.test(e.message),
    );
    await expect(setRetention(admin, "pg_authid", 10)).rejects.toSatisfy(
      (e) => isAppError(e) && e.status === 400,
    );
    await expect(setRetention(admin, "telemetry_flow", 0)).rejects.toSatisfy(
      (e) => isAppError(e) && e.status === 400,
    );
    const days = await setRetention(admin, "telemetry_flow", 14);
    expect(days.telemetry_flow).toBe(14);
    expect((await getRetention()).telemetry_flow).toBe(14);
    const set = await auditActions("retention.set");
    expect(set.at(-1)).toMatchObject({ targetId: "telemetry_flow", data: { previous: 30, days: 14 } });
  });

  it("lists every retained table with its size, rows and partitions", async () => {
    const usage = await tableUsage();
    const d = usage.find((u) => u.table === "policy_decision");
    expect(d).toMatchObject({ kind: "raw", days: 90 });
    expect(d?.bytes).toBeGreaterThan(0);
    expect(d?.partitions).toBeGreaterThanOrEqual(1);
    expect(usage.find((u) => u.table === "traffic_cluster_day")).toMatchObject({
      kind: "rollup",
      days: 1100,
    });
    expect(usage.find((u) => u.table === "telemetry_flow")?.days).toBe(14);
  });
});
