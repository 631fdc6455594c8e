import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import type { ParseItem } from "@/lib/ingest/types";
import type { ComplianceSnapshot, PolicyRecord } from "../types";
import { auditLogSnapshots, constraintResults, constraintSnapshots, parseGatekeeper } from "./gatekeeper";
import { parsePolicyReport, policyReportSnapshots, reportResults } from "./policyreport";

const fixture = (f: string) => readFileSync(`lib/demo/fixtures/policy/${f}`, "utf8");
const counts = (s: ComplianceSnapshot) => {
  const c: Record<string, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of s.results) c[r.outcome] += r.count;
  return c;
};

async function collect(gen: AsyncIterable<ParseItem<PolicyRecord>>) {
  const items: ParseItem<PolicyRecord>[] = [];
  for await (const x of gen) items.push(x);
  return items;
}

describe("policyreport", () => {
  it("reads watch events: ADDED/MODIFIED are states, DELETED removes the object, BOOKMARK is skipped", () => {
    const report = JSON.parse(readFileSync("test/k8s-reports/policyreports.page1.json", "utf8")).items[0];
    const obj = (name: string) => ({
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      kind: "PolicyReport",
      ...report,
      metadata: { ...report.metadata, name },
    });
    const { snapshots, listings, removals, rejects } = policyReportSnapshots({
      collectedAt: "2026-11-30T10:00:00Z",
      source: "posture-agent",
      payload: [
        { type: "ADDED", object: obj("a") },
        { type: "MODIFIED", object: obj("b") },
        // A deleted report's last state may hold anything: only its identity counts.
        { type: "DELETED", object: { ...obj("c"), results: [{ policy: "p" }] } },
        {
          type: "BOOKMARK",
          object: {
            kind: "PolicyReport",
            apiVersion: "wgpolicyk8s.io/v1alpha2",
            metadata: { resourceVersion: "9" },
          },
        },
        { type: "ERROR", object: { kind: "Status", code: 410 } },
      ],
    });
    expect(snapshots.map((x) => x.report?.name)).toEqual(["a", "b"]);
    expect(listings).toEqual([]); // events are never a full listing
    expect(removals).toEqual([
      {
        cluster: null,
        collectedAt: new Date("2026-11-30T10:00:00Z"),
        objects: [{ kind: "wgpolicyk8s.io/PolicyReport", namespace: "shop", name: "c" }],
      },
    ]);
    expect(rejects).toEqual([{ index: 0, reason: "items[4]: a watch ERROR event, not a report" }]);
  });
  it("the sample: one state per report object, per-resource (eu) and per-namespace (us) layouts", () => {
    const { snapshots, listings, rejects } = policyReportSnapshots(
      JSON.parse(fixture("kyverno-policyreport.json")),
    );
    expect(rejects).toEqual([]);
    const eu = snapshots.filter((s) => s.cluster === "eu-west-prod");
    const us = snapshots.filter((s) => s.cluster === "us-east-prod");
    expect([eu.length, us.length]).toEqual([5, 1]);
    const sum = (ss: ComplianceSnapshot[]) => {
      const c: Record<string, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      for (const s of ss) for (const [k, v] of Object.entries(counts(s))) c[k] += v;
      return c;
    };
    // eu: pass 3+4+0+0+1, fail 2+0+3+1+1, warn 1, error 1, skip 1 (matches each report's summary)
    expect(sum(eu)).toEqual({ pass: 8, fail: 7, warn: 1, error: 1, skip: 1 });
    expect(sum(us)).toEqual({ pass: 1, fail: 1, warn: 0, error: 0, skip: 0 });
    expect(eu[0].collectedAt?.toISOString()).toBe("2025-06-15T12:00:00.000Z");
    expect(eu[0].report).toEqual({
      kind: "wgpolicyk8s.io/PolicyReport",
      namespace: "shop",
      name: "5e1a9b2c-7d44-4e0f-9a61-0b2c3d4e5f60",
    });
    expect(eu[4].report).toMatchObject({ kind: "wgpolicyk8s.io/ClusterPolicyReport", namespace: "" });
    // Both payloads are kubectl Lists: full listings of the kinds they hold.
    expect(listings.map((l) => [l.cluster, l.kinds.sort(), l.present.length])).toEqual([
      ["eu-west-prod", ["wgpolicyk8s.io/ClusterPolicyReport", "wgpolicyk8s.io/PolicyReport"], 5],
      ["us-east-prod", ["wgpolicyk8s.io/PolicyReport"], 1],
    ]);
    const fail = eu
      .flatMap((s) => s.results)
      .find((r) => r.policy === "restrict-image-registries" && r.outcome === "fail");
    expect(fail).toMatchObject({
      engine: "kyverno",
      severity: "high",
      resourceKind: "Deployment",
      resourceNamespace: "shop",
      resourceName: "frontend",
    });
    expect(fail?.time?.toISOString()).toBe("2025-06-15T09:13:00.000Z");
    expect(us[0].results[0]).toMatchObject({
      resourceKind: "Pod",
      resourceName: "ledger-api-6d9c7b8f5-2kq4x",
    });
  });

  it("a raw List without an envelope has no cluster (it comes from ?cluster=)", async () => {
    const list = JSON.parse(fixture("kyverno-policyreport.json"))[1].payload;
    const items = await collect(parsePolicyReport(payloadFromBuffer(JSON.stringify(list))));
    expect(items.map((i) => (i.ok ? i.record.type : "rejected"))).toEqual(["snapshot", "listing"]);
    const s = items[0].ok && items[0].record.type === "snapshot" ? items[0].record.snapshot : null;
    expect(s?.cluster).toBeNull();
    expect(s?.collectedAt).toBeNull();
  });

  it("rejects non-reports and bad results with their place, keeps the rest", () => {
    const doc = {
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "Pod" },
        {
          apiVersion: "wgpolicyk8s.io/v1alpha2",
          kind: "PolicyReport",
          metadata: { name: "r1", namespace: "a" },
          results: [{ policy: "p", result: "pass" }, { result: "fail" }, { policy: "q", result: "maybe" }],
        },
      ],
    };
    const { snapshots, rejects } = policyReportSnapshots(doc);
    expect(rejects.map((r) => r.reason)).toEqual([
      "items[0]: not a PolicyReport (kind Pod, apiVersion v1)",
      "items[1].results[1]: policy is required",
      'items[1].results[2]: result "maybe" is not pass|fail|warn|error|skip',
    ]);
    expect(counts(snapshots[0]).pass).toBe(1);
  });

  it("an unparseable body is a 400", async () => {
    await expect(collect(parsePolicyReport(payloadFromBuffer("{not json")))).rejects.toThrow(
      /not a JSON PolicyReport/,
    );
  });

  it("never throws on arbitrary JSON and counts every valid result once", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = reportResults(v);
        expect(typeof r === "string" || Array.isArray(r.results)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("pass", "fail", "warn", "error", "skip")), (outcomes) => {
        const report = {
          apiVersion: "wgpolicyk8s.io/v1alpha2",
          kind: "ClusterPolicyReport",
          metadata: { name: "cpol" },
          results: outcomes.map((o, i) => ({
            policy: `p${i}`,
            result: o,
            timestamp: { seconds: 1749974400, nanos: 5e8 },
          })),
        };
        const r = reportResults(report);
        if (typeof r === "string") throw new Error(r);
        expect(r.results.map((x) => x.outcome)).toEqual(outcomes);
        for (const x of r.results) expect(x.time?.toISOString()).toBe("2025-06-15T08:00:00.500Z");
      }),
    );
  });
});

describe("gatekeeper", () => {
  it("the constraints sample: fails = totalViolations (3 + 1)", () => {
    const { snapshots, rejects } = constraintSnapshots(JSON.parse(fixture("gatekeeper-constraints.json")));
    expect(rejects).toEqual([]);
    expect(snapshots.length).toBe(1);
    expect(counts(snapshots[0])).toEqual({ pass: 0, fail: 4, warn: 0, error: 0, skip: 0 });
    expect(snapshots[0].results[3]).toMatchObject({
      policy: "deny-privileged",
      rule: "K8sPSPPrivilegedContainer",
      action: "deny",
      resourceNamespace: "shop",
    });
  });

  it("totalViolations beyond the capped list become one counted row", () => {
    const r = constraintResults({
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind: "K8sRequiredLabels",
      metadata: { name: "c" },
      status: {
        totalViolations: 57,
        violations: Array.from({ length: 20 }, (_, i) => ({ kind: "Namespace", name: `n${i}` })),
      },
    });
    if (typeof r === "string") throw new Error(r);
    expect(r.length).toBe(21);
    expect(r.reduce((a, x) => a + x.count, 0)).toBe(57);
    expect(r[20].count).toBe(37);
  });

  it("the audit log sample: one finished run with 4 violations", async () => {
    const { snapshots, rejects } = auditLogSnapshots(fixture("gatekeeper-audit.jsonl"));
    expect(rejects).toEqual([]);
    expect(counts(snapshots[0]).fail).toBe(4);
    expect(snapshots[0].collectedAt?.toISOString()).toBe("2025-06-15T11:59:02.009Z");
    const items = await collect(parseGatekeeper(payloadFromBuffer(fixture("gatekeeper-audit.jsonl"))));
    expect(items.filter((i) => i.ok).length).toBe(1);
  });

  it("an audit run without audit_finished is rejected, not half-counted", () => {
    const lines = fixture("gatekeeper-audit.jsonl").trim().split("\n").slice(0, 3).join("\n");
    const { snapshots, rejects } = auditLogSnapshots(lines);
    expect(snapshots).toEqual([]);
    expect(rejects[0].reason).toMatch(/incomplete run/);
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = constraintResults(v);
        expect(typeof r === "string" || Array.isArray(r)).toBe(true);
        constraintSnapshots(v);
      }),
      { numRuns: 500 },
    );
  });
});
