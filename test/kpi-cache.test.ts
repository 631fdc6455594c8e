// The KPI cache (lib/kpi/cache.ts) serves the decision counts of whole days and hours again for the same
// span, cluster and data version, and never after a write: the version is the sum of rows that statement
// triggers append in each writer's transaction. An ingest is seen by the very next KPI request; folding
// the version rows keeps the version (and so the cache) as it was.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { opaLine } from "@/lib/demo/generators/policy-decisions";
import { compactKpiDataVersion, kpiDataVersion } from "@/lib/kpi/cache";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const CLUSTER = "cache-west";
const DAY0 = Date.parse("2025-06-10T00:00:00Z");
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read"]);
});

let seq = 0;
/** n OPA decisions (every fourth denied) at DAY0 + day days + 10:00 UTC. */
function decisions(day: number, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    seq++;
    lines.push(
      opaLine(
        `00000000-0000-4000-b000-${String(seq).padStart(12, "0")}`,
        new Date(DAY0 + day * 86_400_000 + 36_000_000 + i * 1000),
        {
          cluster: CLUSTER,
          src: "shop/checkout",
          dst: "payments/api",
          host: "api.payments:8080",
          paths: ["/v1/charges"],
          denyRate: 0,
          reasons: ["not permitted"],
        },
        "/v1/charges",
        i % 4 !== 0,
        "not permitted",
        seq,
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

const ingest = async (body: string) => {
  const r = await postIngest(token, "policy?format=opa", body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
};

/** GET /api/v1/kpis for a window of whole days plus a few minutes at each end (raw edges). */
async function kpis(offsetMs: number) {
  const from = new Date(DAY0 - 300_000 + offsetMs).toISOString();
  const to = new Date(DAY0 + 5 * 86_400_000 + 300_000 + offsetMs).toISOString();
  const r = await call(kpisRoute, { path: `/api/v1/kpis?from=${from}&to=${to}&cluster=${CLUSTER}`, token });
  expect(r.status).toBe(200);
  return { decisions: r.json.policy.decisions, denied: r.json.policy.denied };
}

describe("KPI cache", () => {
  it("serves whole days again for the same version and never after a write", async () => {
    await ingest(decisions(1, 40));
    expect(await kpis(0)).toEqual({ decisions: 40, denied: 10 });

    // Change the rollup behind the cache's back (triggers off for this transaction, so no version row):
    // another window with the same whole days is answered from the cache, with the old count.
    await withPgTransaction(pool(), async (c) => {
      await c.query(`SET LOCAL session_replication_role = replica`);
      await c.query(
        `UPDATE policy_deny_rate_daily SET decisions = decisions + 1000
          WHERE "clusterId" = (SELECT id FROM cluster WHERE name = $1)`,
        [CLUSTER],
      );
    });
    expect(await kpis(60_000)).toEqual({ decisions: 40, denied: 10 });

    // A real write (an ingest) bumps the version in its transaction: the next request reads fresh counts,
    // the secret +1000 included.
    const before = await kpiDataVersion(db());
    await ingest(decisions(2, 8));
    expect(BigInt(await kpiDataVersion(db()))).toBeGreaterThan(BigInt(before));
    expect(await kpis(60_000)).toEqual({ decisions: 1048, denied: 12 });
  });

  it("folding the version rows keeps the version", async () => {
    await ingest(decisions(3, 4));
    const v = await kpiDataVersion(db());
    expect(
      Number((await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM kpi_data_change`))[0].n),
    ).toBeGreaterThan(1);
    await compactKpiDataVersion(db());
    expect(await kpiDataVersion(db())).toBe(v);
    expect((await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM kpi_data_change`))[0].n).toBe(1);
    await compactKpiDataVersion(db());
    expect(await kpiDataVersion(db())).toBe(v);
  });
});
