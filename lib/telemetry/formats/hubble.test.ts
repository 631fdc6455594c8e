import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHubbleLine } from "./hubble";

const LINES = readFileSync(
  path.join(import.meta.dirname, "../../demo/fixtures/telemetry/hubble-flows.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim());

function parseAll(lines: string[]) {
  const seen = new Set<string>();
  return lines.map((l) => parseHubbleLine(l, seen));
}

describe("parseHubbleLine on the sample flows", () => {
  const parsed = parseAll(LINES);
  const records = parsed.flatMap((p) => (p?.ok ? [p.record] : []));

  it("accepts all 21 flows", () => {
    expect(records).toHaveLength(21);
    expect(new Set(records.map((r) => r.id)).size).toBe(21);
  });

  it("counts by hand: 4 connections, 3 requests, 5 dropped, 5 denied", () => {
    // connections: checkout→payments-api SYN (policy verdict + trace of one 5-tuple = 1), payments-api→
    //   ledger-api (1), batch-exporter→world after the AUDIT verdict (1), batch-exporter→ledger-api (1).
    // requests: the L7 HTTP request checkout→payments-api, the DNS request to coredns, and the dropped
    //   L7 request frontend→ledger-api.
    // dropped/denied: 4 SYN retransmits frontend→ledger-db in one minute (1), the L7 drop (1), 3 SYNs to
    //   203.0.113.50:4444 (1), quarantine drops to payments-api (1) and to coredns (1).
    const sum = (k: "connections" | "requests" | "dropped" | "denied") =>
      records.reduce((a, r) => a + r.counts[k], 0);
    expect(sum("connections")).toBe(4);
    expect(sum("requests")).toBe(3);
    expect(sum("dropped")).toBe(5);
    expect(sum("denied")).toBe(5);
  });

  it("reads clusters, namespaces, workloads, identities; is_reply as given", () => {
    const denied = records.find((r) => r.id === LINES.map((l) => JSON.parse(l).flow.uuid)[7]);
    expect(denied?.dims).toEqual({
      reporter: "hubble",
      src: {
        cluster: "eu-west-prod",
        namespace: "shop",
        workload: "frontend",
        principal: "serviceaccount:shop/frontend",
      },
      dst: {
        cluster: "us-east-prod",
        namespace: "ledger",
        workload: "ledger-db",
        principal: "serviceaccount:ledger/ledger-db",
      },
      protocol: "tcp",
      securityPolicy: "unknown",
    });
    expect(denied).toMatchObject({
      verdict: "DROPPED",
      dropReason: "POLICY_DENIED",
      isReply: false,
      srcIdentity: 48211,
      dstIdentity: 61004,
    });
    const world = records.find(
      (r) => r.dims.dst.workload === "world:files.partner-sftp.example" && r.verdict === "FORWARDED",
    );
    expect(world?.dims.dst.cluster).toBeNull();
    expect(records.filter((r) => r.isReply)).toHaveLength(3);
  });
});

describe("parseHubbleLine with missing and broken fields", () => {
  it("is_reply absent means false; a bare flow (no envelope) is fine; missing endpoints are tolerated", () => {
    const r = parseHubbleLine(
      JSON.stringify({
        time: "2025-06-15T09:00:00Z",
        verdict: "FORWARDED",
        l4: { UDP: { source_port: 1, destination_port: 53 } },
      }),
    );
    expect(r?.ok).toBe(true);
    if (r?.ok) {
      expect(r.record.isReply).toBe(false);
      expect(r.record.counts.connections).toBe(1);
      expect(r.record.dims.src).toEqual({ cluster: null, namespace: null, workload: null, principal: null });
    }
  });

  it("takes the cluster from the policy label and a local endpoint's cluster from node_name", () => {
    const r = parseHubbleLine(
      JSON.stringify({
        flow: {
          time: "2025-06-15T09:00:00Z",
          verdict: "FORWARDED",
          node_name: "us-east-prod/node-1",
          source: {
            identity: 5,
            labels: ["k8s:io.cilium.k8s.policy.cluster=eu-west-prod", "k8s:app=web"],
            pod_name: "web-5d9c7b8f5-2kq4x",
          },
          destination: { ID: 9, namespace: "db", pod_name: "pg-0" },
        },
      }),
    );
    if (!r?.ok) throw new Error("expected ok");
    expect(r.record.dims.src).toMatchObject({ cluster: "eu-west-prod", workload: "web" });
    expect(r.record.dims.dst).toMatchObject({ cluster: "us-east-prod", namespace: "db", workload: "pg" });
  });

  it.each([
    ["{not json", /not valid JSON/],
    ["[1,2]", /JSON object/],
    ['{"node_name":"x"}', /no "flow"/],
    ['{"flow":{"verdict":"FORWARDED"}}', /time is missing/],
    ['{"flow":{"time":"yesterday","verdict":"FORWARDED"}}', /RFC 3339/],
    ['{"flow":{"time":"2025-06-15T09:00:00Z"}}', /verdict is missing/],
  ])("rejects %s", (line, reason) => {
    const r = parseHubbleLine(line);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.reason).toMatch(reason);
  });

  it("blank lines are skipped", () => {
    expect(parseHubbleLine("  ")).toBeNull();
  });

  it("property: any JSON value or text yields ok, a reason, or a skip, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (t) => {
        const r = parseHubbleLine(t);
        if (r && !r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
