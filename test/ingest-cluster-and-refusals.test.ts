// Where a record's cluster comes from, on every way in, and answers that never hide a drop: ?cluster=,
// then the envelope, then the record itself (OPA labels.cluster, an alert's cluster label), then the
// API token's (or pull source's) default cluster; none → 400 naming those ways. A batch whose records
// were all refused (none stored, none already known) → 422 with the reasons, recorded on Sources.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { POST as opaLogs } from "@/app/api/v1/opa/logs/route";
import { POST as createTokenRoute, GET as listTokensRoute } from "@/app/api/v1/tokens/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { call, db, makeToken, makeUser, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

// OPA's HTTP decision-log upload as its docs show it: labels carry app, id and version, no cluster.
function opaUpload(n: number, tag = randomUUID().slice(0, 8)) {
  return Array.from({ length: n }, (_, i) => ({
    labels: { app: "checkout-authz", id: "6b1f0c52-0d7e-4f0e-9a51-3c9de2f1a7b4", version: "1.4.2" },
    decision_id: `${tag}-${i}`,
    bundles: { authz: { revision: "rev-2025-06-15" } },
    path: "envoy/authz/allow",
    input: { attributes: { request: { http: { method: "GET", path: `/orders/${i}` } } } },
    result: i % 2 === 0,
    requested_by: "10.2.0.14:51234",
    timestamp: "2025-06-15T09:30:00.123456789Z",
    metrics: { timer_rego_query_eval_ns: 81234 },
  }));
}

const opa = (token: string, body: unknown, query = "") =>
  call(opaLogs, {
    path: `/api/v1/opa/logs${query}`,
    token,
    body: gzipSync(JSON.stringify(body)),
    headers: { "content-type": "application/json", "content-encoding": "gzip" },
  });

async function decisionsIn(cluster: string, idPrefix: string) {
  const r = await db().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM policy_decision d JOIN cluster c ON c.id = d."clusterId"
      WHERE c.name = $1 AND d."decisionId" LIKE $2`,
    [cluster, `${idPrefix}%`],
  );
  return r[0].n;
}

async function tokenWithCluster(cluster: string) {
  const u = await makeUser("operator");
  const session = await makeToken(u.id, ["ingest", "read", "write"]);
  const created = await call(createTokenRoute, {
    path: "/api/v1/tokens",
    token: session,
    body: { name: "opa-eu", scopes: ["ingest"], cluster },
  });
  expect(created.status).toBe(201);
  return { token: created.json.token as string, owner: session };
}

describe("OPA's native endpoint: the cluster of a decision", () => {
  it("OPA's documented upload without ?cluster= and without labels.cluster is refused with 400, not 201 with 0 accepted", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const r = await opa(token, opaUpload(3));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/\?cluster=/);
    expect(r.json.error.message).toMatch(/labels\.cluster/);
    expect(r.json.error.message).toMatch(/default cluster on the API token/);
    // Recorded on Sources with its reasons, so the refusal is visible there too.
    const b = await db().query<{ status: string; rejected: number; errors: unknown[] }>(
      `SELECT status, rejected, errors FROM ingest_batch WHERE id = $1`,
      [r.json.error.details.batchId],
    );
    expect(b[0]).toMatchObject({ status: "rejected", rejected: 3 });
    expect(b[0].errors).toHaveLength(3);
  });

  it("?cluster= names it, and wins over labels.cluster", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const tag = randomUUID().slice(0, 8);
    const body = opaUpload(2, tag).map((d) => ({ ...d, labels: { ...d.labels, cluster: "from-label" } }));
    const r = await opa(token, body, "?cluster=from-query");
    expect(r.status).toBe(201);
    expect(r.json.accepted).toBe(2);
    expect(await decisionsIn("from-query", tag)).toBe(2);
    expect(await decisionsIn("from-label", tag)).toBe(0);
  });

  it("labels.cluster names it when the URL does not", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const tag = randomUUID().slice(0, 8);
    const body = opaUpload(2, tag).map((d) => ({ ...d, labels: { ...d.labels, cluster: "from-label" } }));
    const r = await opa(token, body);
    expect(r.status).toBe(201);
    expect(await decisionsIn("from-label", tag)).toBe(2);
  });

  it("a token created with a default cluster (API) files decisions that name none under it; labels still win", async () => {
    const { token, owner } = await tokenWithCluster("opa-default");
    const tag = randomUUID().slice(0, 8);
    const r = await opa(token, opaUpload(4, tag));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ accepted: 4, cluster: "opa-default" });
    expect(await decisionsIn("opa-default", tag)).toBe(4);

    const tag2 = randomUUID().slice(0, 8);
    const labelled = opaUpload(1, tag2).map((d) => ({ ...d, labels: { ...d.labels, cluster: "labelled" } }));
    expect((await opa(token, labelled)).status).toBe(201);
    expect(await decisionsIn("labelled", tag2)).toBe(1);

    const list = await call(listTokensRoute, { path: "/api/v1/tokens", token: owner });
    expect(list.json.tokens.find((t: { name: string }) => t.name === "opa-eu")).toMatchObject({
      cluster: "opa-default",
    });
  });

  it("a bad default cluster name is refused at token creation", async () => {
    const u = await makeUser("operator");
    const t = await makeToken(u.id);
    const r = await call(createTokenRoute, {
      path: "/api/v1/tokens",
      token: t,
      body: { name: "x", scopes: ["ingest"], cluster: "Not A Cluster!" },
    });
    expect(r.status).toBe(400);
  });
});

// Alertmanager's webhook (payload version 4) from an Alertmanager whose alerts carry no cluster label.
function webhook(fingerprint: string) {
  return {
    version: "4",
    groupKey: '{}:{alertname="KubeNodeNotReady"}',
    truncatedAlerts: 0,
    status: "firing",
    receiver: "posture",
    groupLabels: { alertname: "KubeNodeNotReady" },
    commonLabels: { alertname: "KubeNodeNotReady", severity: "warning" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.monitoring:9093",
    alerts: [
      {
        status: "firing",
        labels: { alertname: "KubeNodeNotReady", node: "worker-3", severity: "warning" },
        annotations: { summary: "worker-3 has been unready for more than 15 minutes." },
        startsAt: "2025-06-15T10:00:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus.monitoring:9090/graph?g0.expr=kube_node_status_condition",
        fingerprint,
      },
    ],
  };
}

describe("Alertmanager's webhook: the cluster of an alert", () => {
  it("no cluster label, no ?cluster=, no default → 400 naming the ways (Alertmanager retries)", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const r = await call(alertmanagerRoute, {
      path: "/api/v1/alerts/alertmanager",
      token,
      body: webhook(randomUUID().replace(/-/g, "").slice(0, 16)),
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/\?cluster=.*default cluster/);
  });

  it("the token's default cluster applies", async () => {
    const { token } = await tokenWithCluster("am-default");
    const fp = randomUUID().replace(/-/g, "").slice(0, 16);
    const r = await call(alertmanagerRoute, {
      path: "/api/v1/alerts/alertmanager",
      token,
      body: webhook(fp),
    });
    expect(r.status).toBe(201);
    const a = await db().query<{ name: string }>(
      `SELECT c.name FROM alert a JOIN cluster c ON c.id = a."clusterId" WHERE a.fingerprint = $1`,
      [fp],
    );
    expect(a[0]?.name).toBe("am-default");
  });
});

describe("a batch in which nothing was stored is not a success", () => {
  it("generic route: every record refused → 422 with per-record reasons, recorded, nothing changed", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const lines = [
      JSON.stringify({ msg: "Decision Log", decision_id: "x1", path: "a/b", result: true }), // no timestamp
      "not json at all",
      JSON.stringify({ msg: "Decision Log", decision_id: "x2", path: "a/b", timestamp: "yesterday" }),
    ].join("\n");
    const r = await postIngest(token, "policy?format=opa&cluster=refusals", lines);
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("unprocessable");
    expect(r.json.error.details).toMatchObject({ accepted: 0, duplicates: 0, rejectedCount: 3 });
    expect(r.json.error.details.rejected.map((x: { line: number }) => x.line)).toEqual([1, 2, 3]);
    const b = await db().query<{ status: string; rejected: number }>(
      `SELECT status, rejected FROM ingest_batch WHERE id = $1`,
      [r.json.error.details.batchId],
    );
    expect(b[0]).toMatchObject({ status: "rejected", rejected: 3 });
  });

  it("a batch of only already-known records is still a success (duplicates are not refusals)", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const body = opaUpload(2);
    expect((await opa(token, body, "?cluster=dups")).status).toBe(201);
    // Same decisions in a different payload (one more refused record): known + refused → 201 partial.
    const again = await opa(token, [...body, { decision_id: "broken" }], "?cluster=dups");
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ status: "partial", accepted: 0, duplicates: 2, rejectedCount: 1 });
  });

  it("a pull source's default cluster applies to records that name none", async () => {
    const tag = randomUUID().slice(0, 8);
    const r = await ingest({
      kind: "policy",
      format: "opa",
      cluster: null,
      defaultCluster: "pulled-default",
      payload: payloadFromBuffer(JSON.stringify(opaUpload(2, tag)), "application/json"),
      actor: SYSTEM_ACTOR,
    });
    expect(r).toMatchObject({ accepted: 2, cluster: "pulled-default" });
    expect(await decisionsIn("pulled-default", tag)).toBe(2);
  });
});

describe("Idempotency-Key is scoped to its sender and kind, and atomic", () => {
  const post = (token: string, body: unknown, key: string, cluster = "idem") =>
    postIngest(token, `policy?format=opa&cluster=${cluster}`, JSON.stringify(body), {
      "idempotency-key": key,
      "content-type": "application/json",
    });

  it("another token's different data with the same key is stored, not answered with the first batch", async () => {
    const a = await tokenFor("operator", ["ingest"]);
    const b = await tokenFor("operator", ["ingest"]);
    const key = `shared-${randomUUID()}`;
    const tagA = randomUUID().slice(0, 8);
    const tagB = randomUUID().slice(0, 8);
    const first = await post(a, opaUpload(2, tagA), key);
    const second = await post(b, opaUpload(3, tagB), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.batchId).not.toBe(first.json.batchId);
    expect(await decisionsIn("idem", tagB)).toBe(3);
    // The same sender with the same key replays its own first batch.
    const replay = await post(a, opaUpload(1), key);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ status: "duplicate", duplicateOf: first.json.batchId });
  });

  it("50 concurrent uses of one key make one batch; the others are duplicates of it, none is a 5xx", async () => {
    const token = await tokenFor("operator", ["ingest"]);
    const key = `burst-${randomUUID()}`;
    const tag = randomUUID().slice(0, 8);
    const body = opaUpload(20, tag);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(token, body, key, "idem-burst")));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const first = answers.find((r) => r.status === 201);
    for (const r of answers.filter((x) => x !== first)) {
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ status: "duplicate", duplicateOf: first?.json.batchId });
    }
    const batches = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ingest_batch WHERE "idempotencyKey" = $1`,
      [key],
    );
    expect(batches[0].n).toBe(1);
    expect(await decisionsIn("idem-burst", tag)).toBe(20);
  });
});
