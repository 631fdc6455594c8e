// Decision rollups are keyed by what the KPIs group by: many distinct callers and targets in one hour
// make a handful of count rows, not one per decision; denied pairs are bounded per cluster and bucket
// with exact per-rule totals; the deny rate read from rollups (plus raw rows at sub-minute edges) equals
// the count over raw rows; rebuilding from raw rows gives what ingest maintained.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { opaLine } from "@/lib/demo/generators/policy-decisions";
import { rebuildRollups } from "@/lib/policy/mutations";
import { pageWindow, topDeniedPairs } from "@/lib/policy/queries";
import { OTHER_PAIRS, PAIR_CAP } from "@/lib/policy/rollups";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const CLUSTER = "rollup-east";
const HOUR0 = Date.parse("2025-06-15T10:00:00Z");
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator");
});

type Route = Parameters<typeof opaLine>[2];
const route = (src: string, dst: string): Route => ({
  cluster: CLUSTER,
  src,
  dst,
  host: `${dst.split("/")[1]}.${dst.split("/")[0]}:8080`,
  paths: ["/v1/x"],
  denyRate: 0,
  reasons: ["not permitted"],
});

let seq = 0;
/** One OPA decision line: caller ns-<a>/sa-<b>, target apps/svc-<c>, at HOUR0 + offset. */
function line(a: number, b: number, c: number, offsetMs: number, allowed: boolean): string {
  seq++;
  return opaLine(
    `00000000-0000-4000-a000-${String(seq).padStart(12, "0")}`,
    new Date(HOUR0 + offsetMs),
    route(`ns-${a}/sa-${b}`, `apps/svc-${c}`),
    "/v1/x",
    allowed,
    "not permitted",
    seq,
  );
}

const post = (lines: string[]) => postIngest(token, "policy?format=opa", `${lines.join("\n")}\n`);

async function rollupRows() {
  const q = (t: string) =>
    db().query<Record<string, unknown>>(
      `SELECT r.* FROM ${t} r JOIN cluster c ON c.id = r."clusterId" WHERE c.name = $1 ORDER BY 1, 2, 3, 4${
        t.includes("deny_rate") ? "" : t.includes("deny") ? ", 5, 6, 7" : ", 5"
      }`,
      [CLUSTER],
    );
  return {
    rateMinute: await q("policy_deny_rate_minute"),
    rateHourly: await q("policy_deny_rate_hourly"),
    rateDaily: await q("policy_deny_rate_daily"),
    hourly: await q("policy_decision_hourly"),
    daily: await q("policy_decision_daily"),
    denyHourly: await q("policy_deny_hourly"),
    denyDaily: await q("policy_deny_daily"),
  };
}

describe("decision rollups", () => {
  it("count rows per (bucket, cluster, engine, result); denied pairs bounded with exact totals", async () => {
    const lines: string[] = [];
    // 600 allowed decisions from 600 distinct callers to 30 targets, spread over the hour.
    for (let i = 0; i < 600; i++) lines.push(line(i % 41, i, i % 30, i * 5_000, true));
    // 150 denied decisions: 140 distinct pairs once, and one pair ten times (the top pair).
    for (let i = 0; i < 140; i++) lines.push(line(i % 41, 1000 + i, i % 50, 1_000 + i * 20_000, false));
    for (let i = 0; i < 10; i++) lines.push(line(7, 7, 7, 2_000 + i * 60_000, false));
    const r = await post(lines);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ accepted: 750, rejectedCount: 0 });

    const rows = await rollupRows();
    // opa × {allow, deny} in one hour and one day: two rows each, whatever the number of callers.
    expect(rows.hourly.map((x) => [x.engine, x.result, Number(x.count)])).toEqual([
      ["opa", "allow", 600],
      ["opa", "deny", 150],
    ]);
    expect(rows.daily.map((x) => [x.result, Number(x.count)])).toEqual([
      ["allow", 600],
      ["deny", 150],
    ]);
    // The deny rate's rollups: one row per cluster and bucket with both numbers (OPA is a runtime engine).
    const both = (xs: Record<string, unknown>[]) => [
      xs.reduce((s, x) => s + Number(x.decisions), 0),
      xs.reduce((s, x) => s + Number(x.denied), 0),
    ];
    expect(both(rows.rateMinute)).toEqual([750, 150]);
    expect(rows.rateMinute.length).toBeLessThanOrEqual(60);
    expect(rows.rateMinute.every((x) => (x.bucket as Date).getTime() % 60_000 === 0)).toBe(true);
    expect(rows.rateHourly.map((x) => [Number(x.decisions), Number(x.denied)])).toEqual([[750, 150]]);
    expect(rows.rateDaily.map((x) => [Number(x.decisions), Number(x.denied)])).toEqual([[750, 150]]);
    // 141 distinct denied pairs in one hour: the top PAIR_CAP.hour are kept, the rest summed per rule.
    const pairs = rows.denyHourly.filter((x) => x.subject !== OTHER_PAIRS);
    const other = rows.denyHourly.filter((x) => x.subject === OTHER_PAIRS);
    expect(pairs).toHaveLength(PAIR_CAP.hour);
    expect(other).toHaveLength(1);
    expect(rows.denyHourly.reduce((s, x) => s + Number(x.count), 0)).toBe(150);
    expect(Number(other[0].count)).toBe(141 - PAIR_CAP.hour);
    // The day keeps up to PAIR_CAP.day pairs: all 141 fit.
    expect(rows.denyDaily.filter((x) => x.subject === OTHER_PAIRS)).toHaveLength(0);
    expect(rows.denyDaily).toHaveLength(141);

    const top = await topDeniedPairs(
      { from: new Date(HOUR0), to: new Date(HOUR0 + 3_600_000), unit: "hour" },
      CLUSTER,
      3,
    );
    expect(top[0]).toMatchObject({
      subject: "spiffe://acme.internal/ns/ns-7/sa/sa-7",
      target: "spiffe://acme.internal/ns/apps/sa/svc-7",
      denied: 10,
    });
    expect(top.every((p) => p.subject !== OTHER_PAIRS)).toBe(true);
  });

  it("the deny rate from rollups plus sub-minute raw edges equals the raw count, for any window", async () => {
    const windows: [number, number][] = [
      [HOUR0 - 3_600_000, HOUR0 + 2 * 3_600_000], // whole hours
      [HOUR0 + 7 * 60_000, HOUR0 + 41 * 60_000 + 500], // inside the hour: minutes and a raw edge
      [HOUR0 + 7 * 60_000 + 4_321, HOUR0 + 7 * 60_000 + 50_000], // inside one minute: raw rows only
      [HOUR0 + 59_999, HOUR0 + 3_600_000 + 61_001], // a raw edge, minutes, an hour, minutes, a raw edge
      [HOUR0 - 86_400_000 + 1234, HOUR0 + 86_400_000 - 1], // days, hours and ragged edges
    ];
    for (const [f, t] of windows) {
      const from = new Date(f).toISOString();
      const to = new Date(t).toISOString();
      const res = await call(kpisRoute, {
        path: `/api/v1/kpis?from=${from}&to=${to}&cluster=${CLUSTER}`,
        token,
      });
      expect(res.status).toBe(200);
      const [raw] = await db().query<{ total: number; denied: number }>(
        `SELECT count(*)::int AS total, (count(*) FILTER (WHERE result = 'deny'))::int AS denied
           FROM policy_decision d JOIN cluster c ON c.id = d."clusterId"
          WHERE c.name = $1 AND d."time" >= $2 AND d."time" < $3`,
        [CLUSTER, from, to],
      );
      expect(raw.total).toBeGreaterThan(0);
      expect(res.json.policy.decisions).toBe(raw.total);
      expect(res.json.policy.denyRate).toBeCloseTo(raw.denied / raw.total, 12);
    }
  });

  it("more denies fold into the existing (other pairs) row; a rebuild from raw rows gives the same totals", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(line(i % 41, 5000 + i, i % 50, 1_500 + i * 50_000, false));
    const r = await post(lines);
    expect(r.json).toMatchObject({ accepted: 60 });
    const incremental = await rollupRows();
    const sum = (xs: Record<string, unknown>[]) => xs.reduce((s, x) => s + Number(x.count), 0);
    expect(sum(incremental.denyHourly)).toBe(210);
    expect(incremental.denyHourly.filter((x) => x.subject !== OTHER_PAIRS)).toHaveLength(PAIR_CAP.hour);
    expect(incremental.denyHourly.filter((x) => x.subject === OTHER_PAIRS)).toHaveLength(1);

    await rebuildRollups(db(), new Date(HOUR0), new Date(HOUR0 + 3_600_000));
    const rebuilt = await rollupRows();
    expect(rebuilt.rateMinute).toEqual(incremental.rateMinute);
    expect(rebuilt.rateHourly).toEqual(incremental.rateHourly);
    expect(rebuilt.rateDaily).toEqual(incremental.rateDaily);
    expect(rebuilt.hourly).toEqual(incremental.hourly);
    expect(rebuilt.daily).toEqual(incremental.daily);
    expect(sum(rebuilt.denyHourly)).toBe(210);
    expect(sum(rebuilt.denyDaily)).toBe(210);
    expect(rebuilt.denyHourly.filter((x) => x.subject !== OTHER_PAIRS)).toHaveLength(PAIR_CAP.hour);
    // The pair denied ten times is kept by both.
    const seven = (xs: Record<string, unknown>[]) =>
      xs.find((x) => x.subject === "spiffe://acme.internal/ns/ns-7/sa/sa-7")?.count;
    expect(Number(seven(rebuilt.denyHourly))).toBe(10);
    expect(Number(seven(incremental.denyHourly))).toBe(10);
  });

  it("the policy page's 30-day window reads the daily pair rollup", async () => {
    const w = pageWindow("30d", new Date(HOUR0 + 86_400_000));
    const top = await topDeniedPairs(w, CLUSTER, 1);
    expect(top[0].denied).toBe(10);
  });
});
