// The compliance KPI reads policy_report_current (one row per report object, kept by triggers on
// policy_snapshot) instead of sorting the whole report history. It must always hold what the history query
// (LATEST_REPORT_STATES) says is the latest state of each object: after new states, full listings that
// remove reports, Gatekeeper pictures, and after a batch is deleted (the cascade brings the previous state
// back). A question about a moment before an object's latest state still reads the history.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { complianceCounts } from "@/lib/policy/kpi";
import { LATEST_REPORT_STATES } from "@/lib/policy/report-store";
import { db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

// A Kyverno per-resource PolicyReport (wgpolicyk8s.io/v1alpha2), results as Kyverno writes them.
function report(ns: string, workload: string, outcomes: string[]) {
  return {
    apiVersion: "wgpolicyk8s.io/v1alpha2",
    kind: "PolicyReport",
    metadata: { name: `uid-${ns}-${workload}`, namespace: ns },
    scope: { apiVersion: "apps/v1", kind: "Deployment", name: workload, namespace: ns },
    results: outcomes.map((result, i) => ({
      source: "kyverno",
      policy: `policy-${i}`,
      rule: "check",
      result,
      scored: true,
      timestamp: { seconds: 1749980000, nanos: 0 },
    })),
  };
}
const list = (items: unknown[]) => ({
  apiVersion: "v1",
  kind: "List",
  items,
  metadata: { resourceVersion: "" },
});

// Gatekeeper constraints (`kubectl get constraints -o json`), audit totals in status.
function constraints(violations: number) {
  return list([
    {
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind: "K8sRequiredLabels",
      metadata: { name: "must-have-owner" },
      spec: { match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] } },
      status: { auditTimestamp: "2025-06-15T10:00:00Z", totalViolations: violations, violations: [] },
    },
  ]);
}

async function send(cluster: string, body: unknown, format: string, collectedAt?: string) {
  const token = await tokenFor("operator", ["ingest"]);
  const envelope = collectedAt ? { cluster, collectedAt, source: "test", payload: body } : body;
  const r = await postIngest(
    token,
    `policy?format=${format}${collectedAt ? "" : `&cluster=${cluster}`}`,
    JSON.stringify(envelope),
  );
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.batchId as string;
}

/** The materialised rows of a cluster versus the latest rows by the history query (removed included). */
async function expectCurrentMatchesHistory(cluster: string) {
  const sql = db();
  const current = await sql.query(
    `SELECT r."snapshotId" AS id, r.removed, r.pass, r.fail, r.error FROM policy_report_current r
       JOIN cluster c ON c.id = r."clusterId" WHERE c.name = $1 ORDER BY 1`,
    [cluster],
  );
  const history = await sql.query(
    `SELECT l.id, l.removed, l.pass, l.fail, l.error
       FROM (${LATEST_REPORT_STATES.replace("WHERE NOT latest.removed", "")}) l
       JOIN cluster c ON c.id = l."clusterId" WHERE c.name = $2 ORDER BY 1`,
    [new Date("2100-01-01T00:00:00Z"), cluster],
  );
  expect(current).toEqual(history);
  return current.length;
}

describe("policy_report_current", () => {
  it("follows new states, listings that remove reports, Gatekeeper pictures and deleted batches", async () => {
    const cluster = `cur-${randomUUID().slice(0, 8)}`;
    await send(
      cluster,
      list([report("shop", "a", ["pass", "fail"]), report("shop", "b", ["pass"])]),
      "policyreport",
    );
    expect(await expectCurrentMatchesHistory(cluster)).toBe(2);
    expect(await complianceCounts(new Date(), cluster, db())).toEqual({ pass: 2, fail: 1, error: 0 });

    const second = await send(cluster, [report("shop", "a", ["pass", "pass"])], "policyreport");
    await send(cluster, constraints(4), "gatekeeper");
    expect(await expectCurrentMatchesHistory(cluster)).toBe(3);
    expect(await complianceCounts(new Date(), cluster, db())).toEqual({ pass: 3, fail: 4, error: 0 });

    // A full listing without b removes it: b's current row is its removal.
    await send(cluster, list([report("shop", "a", ["pass", "pass"])]), "policyreport");
    expect(await expectCurrentMatchesHistory(cluster)).toBe(3);
    expect(await complianceCounts(new Date(), cluster, db())).toEqual({ pass: 2, fail: 4, error: 0 });

    // Deleting the batch that brought a's second state brings its first state back as current.
    await db().query(`DELETE FROM ingest_batch WHERE id = $1`, [second]);
    expect(await expectCurrentMatchesHistory(cluster)).toBe(3);
    expect(await complianceCounts(new Date(), cluster, db())).toEqual({ pass: 1, fail: 5, error: 0 });
  });

  it("a moment before an object's latest state is answered from the history", async () => {
    const cluster = `cur-${randomUUID().slice(0, 8)}`;
    await send(cluster, [report("pay", "api", ["fail"])], "policyreport", "2025-06-01T00:00:00Z");
    await send(cluster, [report("pay", "api", ["pass"])], "policyreport", "2025-06-10T00:00:00Z");
    await expectCurrentMatchesHistory(cluster);
    expect(await complianceCounts(new Date("2025-06-05T00:00:00Z"), cluster, db())).toEqual({
      pass: 0,
      fail: 1,
      error: 0,
    });
    expect(await complianceCounts(new Date("2025-06-11T00:00:00Z"), cluster, db())).toEqual({
      pass: 1,
      fail: 0,
      error: 0,
    });
    // Before anything was collected: nothing.
    expect(await complianceCounts(new Date("2025-05-01T00:00:00Z"), cluster, db())).toEqual({
      pass: 0,
      fail: 0,
      error: 0,
    });
  });

  it("snapshot rows are history: updating one in place is refused", async () => {
    await expect(db().query(`UPDATE policy_snapshot SET pass = pass + 1`)).rejects.toThrow(
      /appended, not updated/,
    );
  });
});
