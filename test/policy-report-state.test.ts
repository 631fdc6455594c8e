// Compliance is the latest state of each report object (cluster, group/kind, namespace, name): one report
// per request updates that report only; a full listing removes what it no longer holds; a report without
// one valid result (the wg-policy trivy adapter's) changes nothing and is refused with 422. The engine is
// each result's `source`. Fixtures follow the upstream shapes (Kyverno per-resource reports, the trivy and
// kube-bench adapters, reports.x-k8s.io and openreports.io), written for these tests.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { complianceByPolicy } from "@/lib/policy/queries";
import { call, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

type Result = { policy: string; rule?: string; result: string; source?: string; severity?: string };

// Kyverno ≥1.11: one report per resource, named by the resource's uid, with `scope`.
function kyvernoReport(ns: string, workload: string, results: Result[], api = "wgpolicyk8s.io/v1alpha2") {
  return {
    apiVersion: api,
    kind: "PolicyReport",
    metadata: {
      name: `uid-${ns}-${workload}`,
      namespace: ns,
      labels: { "app.kubernetes.io/managed-by": "kyverno" },
      resourceVersion: "48213",
    },
    scope: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: workload,
      namespace: ns,
      uid: `uid-${workload}`,
    },
    results: results.map((r) => ({
      source: "kyverno",
      scored: true,
      timestamp: { seconds: 1749980000, nanos: 0 },
      message: `validation rule '${r.rule ?? "check"}' ${r.result === "pass" ? "passed" : "failed"}`,
      ...r,
    })),
    summary: {
      pass: results.filter((r) => r.result === "pass").length,
      fail: results.filter((r) => r.result === "fail").length,
      warn: 0,
      error: 0,
      skip: 0,
    },
  };
}

// The wg-policy trivy adapter: vulnerabilities as results with a category, properties, severity and a
// "Trivy" source, but no `result` (and sometimes an empty policy).
function trivyAdapterReport(ns: string) {
  return {
    apiVersion: "wgpolicyk8s.io/v1alpha2",
    kind: "PolicyReport",
    metadata: { name: `pod-api-7c9f-${ns}-api`, namespace: ns, labels: { "imgvuln.container.name": "api" } },
    results: [
      {
        category: "openssl",
        policy: "openssl: read buffer overruns processing ASN.1 strings",
        properties: {
          VulnerabilityID: "CVE-2021-3712",
          InstalledVersion: "1.1.1k-r0",
          FixedVersion: "1.1.1l-r0",
        },
        scored: true,
        severity: "high",
        source: "Trivy",
        timestamp: { seconds: 1749980000, nanos: -81234 },
      },
      {
        category: "zlib",
        policy: "",
        properties: { VulnerabilityID: "CVE-2022-37434" },
        severity: "critical",
        source: "Trivy",
        timestamp: { seconds: 1749980000, nanos: -72210 },
      },
    ],
    summary: { fail: 2 },
  };
}

// kube-bench adapter: a ClusterPolicyReport whose results come from "Kube Bench" (CIS checks).
function kubeBenchReport(fails: number) {
  return {
    apiVersion: "wgpolicyk8s.io/v1alpha2",
    kind: "ClusterPolicyReport",
    metadata: { name: "kube-bench-cis-1.23" },
    results: [
      {
        policy: "Worker Node Security Configuration",
        rule: "4.1 Worker Node Configuration Files",
        result: "pass",
      },
      ...Array.from({ length: fails }, (_, i) => ({
        policy: "Worker Node Security Configuration",
        rule: "4.2 Kubelet",
        result: "fail",
        description: `Ensure that the --anonymous-auth argument is set to false (${i})`,
      })),
    ].map((r) => ({ ...r, source: "Kube Bench", category: "CIS Benchmarks", scored: true })),
  };
}

const kubectlList = (items: unknown[], metadata: Record<string, unknown> = { resourceVersion: "" }) => ({
  apiVersion: "v1",
  kind: "List",
  items,
  metadata,
});

async function setup() {
  const token = await tokenFor("operator", ["ingest", "read"]);
  const cluster = `polr-${randomUUID().slice(0, 8)}`;
  const post = (body: unknown) =>
    postIngest(token, `policy?format=policyreport&cluster=${cluster}`, JSON.stringify(body));
  const counts = async () => {
    const r = await call(kpisRoute, { path: `/api/v1/kpis?cluster=${cluster}`, token });
    return { ...r.json.policy.complianceCounts, compliance: r.json.policy.compliance };
  };
  return { cluster, post, counts };
}

const pass = (policy: string): Result => ({ policy, rule: "r", result: "pass" });
const fail = (policy: string): Result => ({ policy, rule: "r", result: "fail" });

describe("policy reports: the latest state per report object", () => {
  it("a collector sending one report per request: every report counts, not only the last", async () => {
    const { post, counts } = await setup();
    expect((await post(kyvernoReport("shop", "frontend", [pass("a"), fail("b")]))).status).toBe(201);
    expect((await post(kyvernoReport("shop", "cart", [pass("a"), pass("b")]))).status).toBe(201);
    expect((await post(kyvernoReport("pay", "api", [fail("a")]))).status).toBe(201);
    expect(await counts()).toMatchObject({ pass: 3, fail: 2, error: 0, compliance: 3 / 5 });
    // A new state of one report replaces that report's only.
    expect((await post(kyvernoReport("shop", "frontend", [pass("a"), pass("b")]))).status).toBe(201);
    expect(await counts()).toMatchObject({ pass: 4, fail: 1, compliance: 4 / 5 });
  });

  it("the trivy adapter's report (no result values) changes nothing and is refused with 422", async () => {
    const { post, counts } = await setup();
    await post(kyvernoReport("shop", "frontend", [pass("a"), fail("b")]));
    const before = await counts();
    const r = await post(trivyAdapterReport("shop"));
    expect(r.status).toBe(422);
    expect(r.json.error.details.rejected.map((x: { reason: string }) => x.reason)).toEqual([
      'report.results[0]: result "" is not pass|fail|warn|error|skip',
      "report.results[1]: policy is required",
      "report: pod-api-7c9f-shop-api holds no valid result; its state is left as it was",
    ]);
    expect(await counts()).toEqual(before);
    expect(before.compliance).toBe(0.5);
  });

  it("a full List removes the reports of its kinds it no longer holds; an array or a List page does not", async () => {
    const { post, counts } = await setup();
    const a = kyvernoReport("shop", "frontend", [fail("a")]);
    const b = kyvernoReport("shop", "cart", [pass("a")]);
    const c = kyvernoReport("pay", "api", [pass("a")]);
    const bench = kubeBenchReport(2);
    expect((await post(kubectlList([a, b, c, bench]))).json).toMatchObject({ accepted: 4 });
    expect(await counts()).toMatchObject({ pass: 3, fail: 3 });

    // A plain array of reports only updates: c stays although it is not in it.
    expect((await post([kyvernoReport("shop", "frontend", [pass("a")])])).status).toBe(201);
    expect(await counts()).toMatchObject({ pass: 4, fail: 2 });

    // One page of a paginated listing (metadata.continue) removes nothing either.
    await post(kubectlList([a], { continue: "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTN9" }));
    expect(await counts()).toMatchObject({ pass: 3, fail: 3 });

    // kubectl get polr -A -o json without c: c is gone; the ClusterPolicyReport (another kind) stays.
    const r = await post(kubectlList([a, b]));
    expect(r.status).toBe(201);
    expect(await counts()).toMatchObject({ pass: 2, fail: 3 });

    // An empty typed list from the API server names its kind: no PolicyReports are left.
    await post({ apiVersion: "wgpolicyk8s.io/v1alpha2", kind: "PolicyReportList", metadata: {}, items: [] });
    expect(await counts()).toMatchObject({ pass: 1, fail: 2 }); // the kube-bench ClusterPolicyReport
  });

  it("a listing whose reports are all refused changes nothing (422), removals included", async () => {
    const { post, counts } = await setup();
    await post(
      kubectlList([kyvernoReport("shop", "frontend", [fail("a")]), kyvernoReport("pay", "api", [pass("a")])]),
    );
    const before = await counts();
    const r = await post(kubectlList([trivyAdapterReport("shop")]));
    expect(r.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it("reports.x-k8s.io and openreports.io reports count; the engine is each result's source", async () => {
    const { cluster, post, counts } = await setup();
    const newer = kyvernoReport("shop", "frontend", [pass("require-labels")], "reports.x-k8s.io/v1beta1");
    const beta = kyvernoReport("shop", "cart", [fail("require-labels")], "wgpolicyk8s.io/v1beta1");
    const open = {
      apiVersion: "openreports.io/v1alpha1",
      kind: "Report",
      metadata: { name: "falco-shop", namespace: "shop" },
      scope: { apiVersion: "v1", kind: "Pod", name: "frontend-7d9c-x2x4k", namespace: "shop" },
      results: [
        { policy: "Terminal shell in container", result: "fail", severity: "high", source: "falco" },
        { policy: "Read sensitive file untrusted", result: "warn", source: "falco" },
        { policy: "block-exec", result: "pass", source: "KubeArmor" },
      ],
      summary: { pass: 1, fail: 1, warn: 1, error: 0, skip: 0 },
    };
    const r = await post(kubectlList([newer, beta, open, kubeBenchReport(1)]));
    expect(r.json).toMatchObject({ accepted: 4, rejectedCount: 0 });
    // pass: frontend 1, openreports 1, kube-bench 1; fail: cart 1, falco 1, kube-bench 1; warn left out.
    expect(await counts()).toMatchObject({ pass: 3, fail: 3 });
    const rows = await complianceByPolicy(cluster);
    expect([...new Set(rows.map((x) => x.engine))].sort()).toEqual([
      "falco",
      "kube-bench",
      "kubearmor",
      "kyverno",
    ]);
    const falco = await complianceByPolicy(cluster, new Date(), "falco");
    expect(falco.map((x) => [x.policy, x.fail, x.warn])).toEqual([
      ["Terminal shell in container", 1, 0],
      ["Read sensitive file untrusted", 0, 1],
    ]);
  });

  it("the same report again is a duplicate and adds no state", async () => {
    const { post } = await setup();
    const rep = kyvernoReport("shop", "frontend", [pass("a")]);
    expect((await post(rep)).json).toMatchObject({ accepted: 1 });
    // A different payload (extra metadata) with the same results: already known.
    const again = await post({ ...rep, metadata: { ...rep.metadata, resourceVersion: "48999" } });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});

describe("policy reports: watch events", () => {
  it("DELETED removes the report (accepted once, a duplicate after); a deletion older than the report's state leaves it", async () => {
    const { post, counts } = await setup();
    const a = kyvernoReport("shop", "frontend", [fail("a")]);
    const b = kyvernoReport("shop", "cart", [pass("a")]);
    const at = (t: string, payload: unknown) => ({ collectedAt: t, source: "watch", payload });
    const added = await post(
      at("2026-11-30T10:00:00Z", [
        { type: "ADDED", object: a },
        { type: "ADDED", object: b },
      ]),
    );
    expect(added.json).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await counts()).toMatchObject({ pass: 1, fail: 1 });

    const gone = await post(at("2026-11-30T10:05:00Z", [{ type: "DELETED", object: a }]));
    expect(gone.json).toMatchObject({ status: "completed", accepted: 1, duplicates: 0 });
    expect(await counts()).toMatchObject({ pass: 1, fail: 0 });
    // The same deletion again changes nothing.
    expect((await post(at("2026-11-30T10:06:00Z", [{ type: "DELETED", object: a }]))).json).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });

    // b changed at 10:10; a deletion observed at 10:07 and delivered late does not undo it.
    await post(
      at("2026-11-30T10:10:00Z", [{ type: "MODIFIED", object: kyvernoReport("shop", "cart", [fail("a")]) }]),
    );
    await post(at("2026-11-30T10:07:00Z", [{ type: "DELETED", object: b }]));
    expect(await counts()).toMatchObject({ pass: 0, fail: 1 });
  });
});
