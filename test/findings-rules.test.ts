// Bug: the rule list behind settings, GET /api/v1/findings/rules and the Findings page named ids no
// detector emits ("expired-certificate", "missed-rotation", …), so four of five auto-escalate switches
// did nothing (the old test escalated a hand-made finding with such an id). Here every finding comes from
// a real detector run on real input, and every switch the API lists must reach its findings.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { PUT as putRule, GET as rulesRoute } from "@/app/api/v1/findings/rules/route";
import { runCertificateDetection } from "@/lib/certificates/detection";
import { runDenySpike } from "@/lib/detection/deny-spike-job";
import { autoEscalate } from "@/lib/incidents/jobs";
import "@/lib/policy/deny-counts";
import { call, db, tokenFor } from "./fixtures";
import { acmeClusters, offendingIstioSeries } from "./mesh-fixtures";
import { postIngest } from "./post-ingest";

let op: string;
beforeAll(async () => {
  op = await tokenFor("operator");
});

const send = (kind: string, query: string, body: string) => postIngest(op, `${kind}?${query}`, body);

// 25 policy drops frontend → ledger-db in one 5-minute bucket, as `hubble observe -o json` prints them.
function hubbleDrops(n: number, from: Date): string {
  const ep = (cluster: string, ns: string, app: string, pod: string) => ({
    identity: 48211,
    cluster_name: cluster,
    namespace: ns,
    labels: [
      `k8s:app=${app}`,
      `k8s:io.kubernetes.pod.namespace=${ns}`,
      `k8s:io.cilium.k8s.policy.cluster=${cluster}`,
    ],
    pod_name: pod,
    workloads: [{ name: app, kind: "Deployment" }],
  });
  return Array.from({ length: n }, (_, i) => {
    const time = new Date(from.getTime() + i * 9_000).toISOString();
    const node = "rules-eu/ip-10-12-2-81.eu-west-1.compute.internal";
    return JSON.stringify({
      flow: {
        time,
        uuid: `0d5e1f3a-0000-4000-8000-${String(i).padStart(12, "0")}`,
        verdict: "DROPPED",
        drop_reason: 133,
        drop_reason_desc: "POLICY_DENIED",
        IP: { source: "10.12.5.88", destination: "10.44.6.30", ipVersion: "IPv4" },
        l4: { TCP: { source_port: 46000 + i, destination_port: 5432, flags: { SYN: true } } },
        source: ep("rules-eu", "shop", "frontend", "frontend-6b7c8d9e0-f4g5h"),
        destination: { ID: 455, ...ep("rules-eu", "ledger", "ledger-db", "ledger-db-0") },
        Type: "L3_L4",
        node_name: node,
        event_type: { type: 1, sub_type: 133 },
        traffic_direction: "EGRESS",
        is_reply: false,
      },
      node_name: node,
      time,
    });
  }).join("\n");
}

describe("detection rules: one list, from the detectors", () => {
  it("every listed auto-escalate switch escalates the real findings of its rule", async () => {
    // certificate.*: the cert-manager samples at 2025-06-15T12:00Z (an expired certificate, a missed rotation).
    const certs = await send(
      "certificates",
      "format=cert-manager",
      readFileSync("lib/demo/fixtures/certificates/certmanager-certificates.json", "utf8"),
    );
    expect(certs.status).toBe(201);
    await runCertificateDetection({ now: new Date("2025-06-15T12:00:00Z") });

    // mesh.*: Istio counters with plaintext cross-cluster traffic and a foreign SPIFFE identity.
    await acmeClusters("rules-a", "rules-b");
    const t0 = Date.now() - 10 * 60_000;
    const series = (v: number, ts: number) => offendingIstioSeries("rules-a", "rules-b", v, ts);
    for (const [v, dt] of [
      [0, 0],
      [5, 60_000],
      [9, 120_000],
    ])
      expect((await send("telemetry", "format=prometheus", series(v, t0 + dt))).status).toBe(201);

    // deny-spike: Cilium policy drops through the policy endpoint, then the scheduled rule.
    const drops = await send("policy", "format=hubble", hubbleDrops(25, new Date("2025-07-06T10:00:00Z")));
    expect(drops.status).toBe(201);
    expect(await runDenySpike(new Date("2025-07-06T10:07:00Z"))).toHaveLength(1);

    const findings = await db().query<{ id: string; rule: string }>(
      `SELECT id, rule FROM finding WHERE "resolvedAt" IS NULL ORDER BY rule`,
    );
    const emitted = [...new Set(findings.map((f) => f.rule))].sort();
    const listed = (await call(rulesRoute, { token: op })).json.rules as {
      id: string;
      label: string;
      severity: string;
      description: string;
      autoEscalate: boolean;
    }[];
    // The list is what the detectors emit: all five rules, each with its label, severity and description.
    expect(listed.map((r) => r.id).sort()).toEqual(emitted);
    expect(emitted).toHaveLength(5);
    for (const r of listed) {
      expect(r.label.length).toBeGreaterThan(5);
      expect(["critical", "high", "medium", "low", "info"]).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.autoEscalate).toBe(false);
    }

    for (const r of listed) {
      const put = await call(putRule, { method: "PUT", token: op, body: { rule: r.id, autoEscalate: true } });
      expect(put.status).toBe(200);
    }
    expect(await autoEscalate()).toBe(findings.length);
    const left = await db().query<{ rule: string }>(
      `SELECT rule FROM finding WHERE "resolvedAt" IS NULL AND "incidentId" IS NULL`,
    );
    expect(left).toEqual([]);
  });

  it("a setting for a rule no detector runs is refused with 400 naming the rules", async () => {
    const r = await call(putRule, {
      method: "PUT",
      token: op,
      body: { rule: "expired-certificate", autoEscalate: true },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/certificate\.expired-in-use/);
  });
});
