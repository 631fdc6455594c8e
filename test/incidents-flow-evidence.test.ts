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

describe("Hubble flows sent as telemetry are incident evidence", () => {
  it("dropped flows of the incident's workload link through the evidence hook and give the observed start", async () => {
    const fired = await call(alertmanagerRoute, {
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        alertmanagerWebhook([
          {
            labels: {
              alertname: "CiliumPolicyDrops",
              cluster: CLUSTER,
              namespace: "shop",
              pod: "frontend-6b7c8d9e0-f4g5h",
            },
            annotations: { summary: "frontend is hitting policy drops" },
            startsAt: "2025-07-03T10:02:00Z",
            fingerprint: "f1a2b3c4d5e6f701",
          },
        ]),
      ),
    });
    expect(fired.status).toBe(201);
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
