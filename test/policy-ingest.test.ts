// Every policy sample ingests through the real route; sending it again changes no count; the native OPA
// endpoint takes OPA's gzip JSON array; KPIs match the hand computation written down below.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { POST as opaLogs } from "@/app/api/v1/opa/logs/route";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const fixture = (f: string) => readFileSync(`lib/demo/fixtures/policy/${f}`, "utf8");
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator");
});

const post = (format: string, body: string | Uint8Array, query = "", headers: Record<string, string> = {}) =>
  postIngest(token, `policy?format=${format}${query}`, body, headers);

async function counts() {
  const [d] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_decision`);
  const [h] = await db().query<{ n: number }>(
    `SELECT coalesce(sum(count), 0)::int AS n FROM policy_decision_hourly`,
  );
  const [dd] = await db().query<{ n: number }>(
    `SELECT coalesce(sum(count), 0)::int AS n FROM policy_decision_daily`,
  );
  const [s] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_snapshot`);
  const [r] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM policy_snapshot_result`);
  return { decisions: d.n, hourly: h.n, daily: dd.n, snapshots: s.n, results: r.n };
}

describe("policy samples through POST /api/v1/ingest/policy", () => {
  it("ingests every sample with the expected accepted / rejected counts", async () => {
    // Other test files share this database (e.g. fuzzed snapshots of a "fuzz" cluster): compare deltas.
    const start = await counts();
    const opa = await post("opa", fixture("opa-decisions.jsonl"));
    expect(opa.status).toBe(201);
    expect(opa.json).toMatchObject({ status: "completed", accepted: 20, duplicates: 0, rejectedCount: 0 });

    const envoy = await post("envoy-accesslog", fixture("istio-accesslog-denies.jsonl"));
    expect(envoy.json).toMatchObject({ status: "completed", accepted: 6, rejectedCount: 0 });

    // 21 flows: 14 policy verdicts (4 policy-verdict events, 9 policy drops, 1 L7 drop); 7 trace/L7
    // records are traffic, reported back per line.
    const hubble = await post("hubble", fixture("hubble-flows.jsonl"));
    expect(hubble.json).toMatchObject({ status: "partial", accepted: 14, rejectedCount: 7 });
    expect(hubble.json.rejected.map((r: { line: number }) => r.line)).toEqual([2, 3, 4, 6, 7, 17, 21]);
    expect(hubble.json.rejected[0].reason).toMatch(/trace event/);

    const kyverno = await post("policyreport", fixture("kyverno-policyreport.json"));
    // One state per report object: 5 reports in eu-west-prod, 1 in us-east-prod.
    expect(kyverno.json).toMatchObject({ status: "completed", accepted: 6, rejectedCount: 0 });
    const gk = await post("gatekeeper", fixture("gatekeeper-constraints.json"));
    expect(gk.json).toMatchObject({ status: "completed", accepted: 1 });
    const audit = await post("gatekeeper", fixture("gatekeeper-audit.jsonl"), "&cluster=eu-west-prod");
    expect(audit.json).toMatchObject({ status: "completed", accepted: 1 });

    const c = await counts();
    expect({
      decisions: c.decisions - start.decisions,
      hourly: c.hourly - start.hourly,
      daily: c.daily - start.daily,
      snapshots: c.snapshots - start.snapshots,
      results: c.results - start.results,
    }).toEqual({ decisions: 40, hourly: 40, daily: 40, snapshots: 6 + 2, results: 18 + 2 + 4 + 4 });
  });

  it("sending the same files again changes no count", async () => {
    const before = await counts();
    for (const [format, file] of [
      ["opa", "opa-decisions.jsonl"],
      ["envoy-accesslog", "istio-accesslog-denies.jsonl"],
      ["hubble", "hubble-flows.jsonl"],
      ["policyreport", "kyverno-policyreport.json"],
      ["gatekeeper", "gatekeeper-constraints.json"],
    ]) {
      const r = await post(format, fixture(file));
      expect([format, r.status]).toEqual([format, 200]);
      expect(r.json.status).toBe("duplicate");
    }
    // The same decisions in a different payload (reordered lines) are duplicates record by record.
    const reordered = fixture("opa-decisions.jsonl").trim().split("\n").reverse().join("\n");
    const r = await post("opa", reordered);
    expect(r.json).toMatchObject({ accepted: 0, duplicates: 20 });
    expect(await counts()).toEqual(before);

    // Known and new decisions in one chunk: the new ones are stored (and rolled up), the rest counted.
    const lines = fixture("opa-decisions.jsonl").trim().split("\n");
    const fresh = lines
      .slice(0, 3)
      .map((l, i) => l.replace(/"decision_id": "[^"]+"/, `"decision_id": "fresh-${i}"`));
    const mixed = await post("opa", [...lines.slice(5, 15), ...fresh].join("\n"));
    expect(mixed.json).toMatchObject({ accepted: 3, duplicates: 10 });
    const after = await counts();
    expect(after).toEqual({
      ...before,
      decisions: before.decisions + 3,
      hourly: before.hourly + 3,
      daily: before.daily + 3,
    });
    await db().query(`DELETE FROM ingest_batch WHERE id = $1`, [mixed.json.batchId]);
    const { rebuildRollups } = await import("@/lib/policy/mutations");
    await rebuildRollups(db(), new Date("2025-06-15T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
    expect(await counts()).toEqual(before);
  });

  it("the native OPA endpoint accepts OPA's gzip JSON array upload", async () => {
    const events = fixture("opa-decisions.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((e, i) => ({
        ...e,
        decision_id: `upload-${i}`,
        msg: undefined,
        level: undefined,
        type: undefined,
      }));
    const body = gzipSync(JSON.stringify(events));
    const r = await call(opaLogs, {
      path: "/api/v1/opa/logs",
      token,
      body,
      headers: { "content-encoding": "gzip", "content-type": "application/json" },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ format: "opa", accepted: 20, rejectedCount: 0 });
    const rows = await db().query<{ erased: unknown; masked: unknown; result: string }>(
      `SELECT details->'erased' AS erased, details->'masked' AS masked, result FROM policy_decision
        WHERE engine = 'opa' AND "decisionId" = 'upload-16'`,
    );
    expect(rows[0]).toEqual({ erased: ["/input/token"], masked: ["/input/password"], result: "deny" });
    // Clean up so the KPI test below sees the samples only.
    await db().query(`DELETE FROM ingest_batch WHERE id = $1`, [r.json.batchId]);
    const { rebuildRollups } = await import("@/lib/policy/mutations");
    await rebuildRollups(db(), new Date("2025-06-15T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
  });

  it("KPIs match the hand computation for the samples", async () => {
    // denyRate over 2025-06-15 (runtime decisions only):
    //   OPA 20 decisions, 10 denies (8 ext_authz result.allowed=false + 2 REST result=false)
    //   Envoy 6 lines, 5 denies (2 RBAC, 2 ext_authz, 1 TCP RBAC); 1 allowed (201)
    //   Cilium 14 verdicts, 10 denies (7 POLICY_DENIED + 2 POLICY_DENY drops + 1 L7 drop), 3 allow, 1 audit
    //   → 25 / 40 = 0.625
    // compliance (latest snapshot per cluster and source):
    //   Kyverno eu: pass 3+4+0+0+1 = 8, fail 2+0+3+1+1 = 7, error 1 (warn 1, skip 1 left out)
    //   Kyverno us: pass 1, fail 1
    //   Gatekeeper eu: totalViolations 3 + 1 = 4 fails
    //   → 9 / (9 + 12 + 1) = 9/22 = 0.40909…
    const q = "from=2025-06-15T00:00:00Z&to=2025-06-16T00:00:00Z";
    const all = await call(kpisRoute, { path: `/api/v1/kpis?${q}`, token });
    expect(all.status).toBe(200);
    expect(all.json.policy.denyRate).toBe(25 / 40);
    expect(all.json.policy.compliance).toBeCloseTo(9 / 22, 12);
    expect(all.json.policy.complianceCounts).toEqual({ pass: 9, fail: 12, error: 1 });

    // eu-west-prod (Hubble verdicts belong to the cluster of the node that reported them):
    //   OPA 11 decisions (6 deny: 3e7d, 7d2c, 451a, 0fef, 174c, 7857), Envoy 4 (3 deny),
    //   Cilium 6 on eu nodes (5 deny: 3 egress POLICY_DENIED to 203.0.113.50, 2 quarantine POLICY_DENY)
    //   → 14 / 21. us-east-prod: OPA 9 (4 deny), Envoy 2 (2 deny), Cilium 8 (5 deny) → 11 / 19.
    const eu = await call(kpisRoute, { path: `/api/v1/kpis?${q}&cluster=eu-west-prod`, token });
    expect(eu.json.policy).toMatchObject({ denied: 14, decisions: 21, denyRate: 14 / 21 });
    const us = await call(kpisRoute, { path: `/api/v1/kpis?${q}&cluster=us-east-prod`, token });
    expect(us.json.policy).toMatchObject({ denied: 11, decisions: 19, denyRate: 11 / 19, compliance: 1 / 2 });
    // eu compliance: Kyverno 8 pass, 7 fail, 1 error + Gatekeeper 4 → 8/20
    expect(eu.json.policy.compliance).toBe(8 / 20);

    // A window starting mid-hour reads raw edges: from 09:12:40 to 09:13:10 holds OPA 7d2c, 451a, 7631,
    // 8ca8 (4 denies), Envoy 6e1a, 9f8e (2 denies) and Hubble 001e, feef, 9c3e, 5e61 (4 denies) → 10/10.
    const edge = await call(kpisRoute, {
      path: "/api/v1/kpis?from=2025-06-15T09:12:40Z&to=2025-06-15T09:13:10Z",
      token,
    });
    expect(edge.json.policy).toMatchObject({ denied: 10, decisions: 10, denyRate: 1 });
  });
});
