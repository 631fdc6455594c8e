// Bug: dropped or denied Hubble flows sent to the telemetry endpoint never became incident evidence
// (comments said they did), so an incident about a workload whose connections Cilium was dropping kept
// an estimated start. Fixtures: `hubble observe -o json` lines, the {"flow":{…},"node_name","time"}
// envelope of current Hubble and the bare flow object older exporters print.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { GET as getIncident } from "@/app/api/v1/incidents/[id]/route";
import { alertmanagerWebhook } from "./alertmanager-fixtures";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const CLUSTER = "flow-ev";
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read", "write"]);
});

const endpoint = (ns: string, app: string, pod: string, id?: number) => ({
  ...(id ? { ID: id } : {}),
  identity: 48211,
  cluster_name: CLUSTER,
  namespace: ns,
  labels: [
    `k8s:app=${app}`,
    `k8s:io.cilium.k8s.policy.cluster=${CLUSTER}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${app}`,
    `k8s:io.kubernetes.pod.namespace=${ns}`,
  ],
  pod_name: pod,
  workloads: [{ name: app, kind: "Deployment" }],
});
const frontend = endpoint("shop", "frontend", "frontend-6b7c8d9e0-f4g5h", 1201);
const ledger = endpoint("ledger", "ledger-db", "ledger-db-0", 455);
const node = `${CLUSTER}/ip-10-12-2-81.eu-west-1.compute.internal`;
/** The packet part of a flow: frontend's TCP SYN from `sourcePort` to ledger-db:5432, seen on its node. */
const frontendSynToLedger = (sourcePort: number) => ({
  IP: { source: "10.12.5.88", destination: "10.44.6.30", ipVersion: "IPv4" },
  l4: { TCP: { source_port: sourcePort, destination_port: 5432, flags: { SYN: true } } },
  source: frontend,
  destination: ledger,
  Type: "L3_L4",
  node_name: node,
});

// Policy drop of a SYN, in the current envelope.
const policyDrop = JSON.stringify({
  flow: {
    time: "2025-07-03T10:00:05.204417790Z",
    uuid: "7e0c1f8e-8a59-4c1e-9d44-2b6f1f0f0a01",
    verdict: "DROPPED",
    drop_reason: 133,
    ...frontendSynToLedger(46020),
    event_type: { type: 1, sub_type: 133 },
    traffic_direction: "EGRESS",
    drop_reason_desc: "POLICY_DENIED",
    is_reply: false,
    Summary: "TCP Flags: SYN",
  },
  node_name: node,
  time: "2025-07-03T10:00:05.204417790Z",
});
// An L7 request the proxy dropped, as a bare flow object (older exporters), with no is_reply.
const l7Drop = JSON.stringify({
  time: "2025-07-03T10:00:20.100Z",
  uuid: "7e0c1f8e-8a59-4c1e-9d44-2b6f1f0f0a02",
  verdict: "DROPPED",
  IP: { source: "10.12.5.88", destination: "10.44.6.31", ipVersion: "IPv4" },
  l4: { TCP: { source_port: 46100, destination_port: 8080 } },
  source: frontend,
  destination: endpoint("payments", "payments-api", "payments-api-7f9d8c6b5-9xk2m", 2301),
  Type: "L7",
  node_name: node,
  l7: {
    type: "REQUEST",
    http: { method: "POST", url: "http://payments-api:8080/refund", protocol: "HTTP/1.1" },
  },
  event_type: { type: 129 },
  traffic_direction: "EGRESS",
});
// Traffic that was forwarded, and a drop of a packet from outside the cluster: neither is evidence.
const forwarded = JSON.stringify({
  flow: {
    time: "2025-07-03T09:59:00Z",
    uuid: "7e0c1f8e-8a59-4c1e-9d44-2b6f1f0f0a03",
    verdict: "FORWARDED",
    ...frontendSynToLedger(46001),
    extra_field_from_a_newer_hubble: { x: 1 },
  },
  node_name: node,
  time: "2025-07-03T09:59:00Z",
});
const worldDrop = JSON.stringify({
  flow: {
    time: "2025-07-03T09:58:00Z",
    uuid: "7e0c1f8e-8a59-4c1e-9d44-2b6f1f0f0a04",
    verdict: "DROPPED",
    drop_reason_desc: "POLICY_DENIED",
    IP: { source: "203.0.113.50", destination: "10.12.5.88", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 4444, destination_port: 443, flags: { SYN: true } } },
    source: { identity: 2, labels: ["reserved:world"] },
    destination: frontend,
    Type: "L3_L4",
    node_name: node,
  },
  node_name: node,
  time: "2025-07-03T09:58:00Z",
});

/** Alertmanager fires CiliumPolicyDrops about the pod's workload: the incident evidence links to. */
async function policyDropsAlert(
  cluster: string,
  namespace: string,
  pod: string,
  startsAt: string,
  fingerprint: string,
) {
  const fired = await call(alertmanagerRoute, {
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(
      alertmanagerWebhook([
        {
          labels: { alertname: "CiliumPolicyDrops", cluster, namespace, pod },
          annotations: { summary: `${pod} is hitting policy drops` },
          startsAt,
          fingerprint,
        },
      ]),
    ),
  });
  expect(fired.status).toBe(201);
}

describe("Hubble flows sent as telemetry are incident evidence", () => {
  it("dropped flows of the incident's workload link through the evidence hook and give the observed start", async () => {
    await policyDropsAlert(
      CLUSTER,
      "shop",
      "frontend-6b7c8d9e0-f4g5h",
      "2025-07-03T10:02:00Z",
      "f1a2b3c4d5e6f701",
    );
    const inc = (
      await db().query<{ id: string; startedConfidence: string }>(
        `SELECT i.id, i."startedConfidence" FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1`,
        [CLUSTER],
      )
    )[0];
    expect(inc.startedConfidence).toBe("estimated");

    const sent = await postIngest(
      token,
      `telemetry?format=hubble&cluster=${CLUSTER}`,
      [forwarded, worldDrop, policyDrop, "", l7Drop].join("\n"),
    );
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ accepted: 4, rejectedCount: 0 });

    const d = (await call(getIncident, { token, params: { id: inc.id } })).json;
    expect(d.evidence.map((e: { kind: string; occurredAt: string }) => [e.kind, e.occurredAt])).toEqual([
      ["flow", "2025-07-03T10:00:05.204Z"],
      ["flow", "2025-07-03T10:00:20.100Z"],
    ]);
    expect(d.evidence[0].summary).toMatch(/dropped \(POLICY_DENIED\).*shop\/frontend → .*ledger\/ledger-db/);
    // Onset = the first dropped flow, observed: MTTD = 10:02:00 − 10:00:05.204 = 114.796 s.
    expect(d.incident).toMatchObject({
      startedAt: "2025-07-03T10:00:05.204Z",
      startedConfidence: "observed",
    });
    expect(d.incident.mttdSeconds).toBeCloseTo(114.796, 3);

    // The same flows again change nothing (evidence is keyed by the flow's uuid).
    const again = await postIngest(
      token,
      `telemetry?format=hubble&cluster=${CLUSTER}`,
      [policyDrop, l7Drop, "{}"].join("\n"),
    );
    expect(again.status).toBeLessThan(500);
    expect(
      await db().query(
        `SELECT 1 FROM incident_evidence WHERE kind = 'flow' AND ref LIKE 'hubble:7e0c1f8e-%'`,
      ),
    ).toHaveLength(2);
  });
});

// Bug: a policy drop Cilium exported once but shipped to both endpoints (policy verdicts and telemetry, as a
// collector that tees `hubble observe` does) became two evidence rows — "decision" cilium:<uuid> and
// "flow" hubble:<uuid> — so the incident listed the same dropped SYN twice.
describe("one Hubble flow sent to both the policy and the telemetry endpoint", () => {
  const BOTH = "flow-ev-both";
  const podOn = (ns: string, app: string, pod: string, id: number) => ({
    ...endpoint(ns, app, pod, id),
    cluster_name: BOTH,
  });
  const dropOf = (extra: Record<string, unknown>) =>
    JSON.stringify({
      flow: {
        time: "2025-07-04T08:15:02.500Z",
        verdict: "DROPPED",
        drop_reason: 133,
        drop_reason_desc: "POLICY_DENIED",
        event_type: { type: 1, sub_type: 133 },
        traffic_direction: "EGRESS",
        IP: { source: "10.20.1.14", destination: "10.20.3.9", ipVersion: "IPv4" },
        l4: { TCP: { source_port: 51544, destination_port: 6379, flags: { SYN: true } } },
        source: podOn("checkout", "cart", "cart-5d9f7b8c4-q2w3e", 811),
        destination: podOn("checkout", "redis", "redis-0", 812),
        Type: "L3_L4",
        node_name: `${BOTH}/worker-2`,
        ...extra,
      },
      node_name: `${BOTH}/worker-2`,
      time: "2025-07-04T08:15:02.500Z",
    });

  it.each([
    ["with a uuid", { uuid: "3b7d2c1a-0f4e-4e8a-9b6c-5d1e2f3a4b01" }],
    ["without a uuid (older exporters): time and 5-tuple", {}],
    // Older agents name the pod only (no workloads, no app label): both sides must read the same workload
    // from the pod name, or the one row kept would not be about the incident's workload.
    [
      "when the source names only its pod",
      {
        uuid: "3b7d2c1a-0f4e-4e8a-9b6c-5d1e2f3a4b03",
        source: {
          ID: 811,
          identity: 48230,
          namespace: "checkout",
          labels: ["k8s:io.kubernetes.pod.namespace=checkout", `k8s:io.cilium.k8s.policy.cluster=${BOTH}`],
          pod_name: "cart-5d9f7b8c4-q2w3e",
        },
      },
    ],
  ])("gives one evidence row and one link, %s", async (_label, extra) => {
    const line = dropOf(extra);
    await db().query(
      `DELETE FROM incident_evidence WHERE "clusterId" IN (SELECT id FROM cluster WHERE name = $1)`,
      [BOTH],
    );
    await policyDropsAlert(
      BOTH,
      "checkout",
      "cart-5d9f7b8c4-q2w3e",
      "2025-07-04T08:20:00Z",
      `b0b1b2b3b4b5b6${"uuid" in extra ? extra.uuid.slice(-2) : "02"}`,
    );
    const policy = await postIngest(token, `policy?format=hubble&cluster=${BOTH}`, line);
    expect(policy.json).toMatchObject({ accepted: 1, rejectedCount: 0 });
    const telemetry = await postIngest(token, `telemetry?format=hubble&cluster=${BOTH}`, line);
    expect(telemetry.json).toMatchObject({ accepted: 1, rejectedCount: 0 });

    const rows = await db().query<{ kind: string; links: number }>(
      `SELECT e.kind, (SELECT count(*)::int FROM incident_evidence_link l WHERE l."evidenceId" = e.id) AS links
         FROM incident_evidence e JOIN cluster c ON c.id = e."clusterId" WHERE c.name = $1`,
      [BOTH],
    );
    expect(rows).toEqual([{ kind: "flow", links: 1 }]);
  });
});
