// Mesh telemetry through the real ingest route and PostgreSQL: the samples, counter deltas across
// batches, rejections, idempotency, the mTLS coverage KPI (hand computed), and detection findings.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as kpis } from "@/app/api/v1/kpis/route";
import { GET as coverageRoute } from "@/app/api/v1/mesh/coverage/route";
import { GET as edgesRoute } from "@/app/api/v1/mesh/edges/route";
import { GET as matrixRoute } from "@/app/api/v1/mesh/matrix/route";
import { runMeshDetection } from "@/lib/telemetry/detection";
import { call, db, tokenFor } from "./fixtures";
import { acmeClusters, offendingIstioSeries } from "./mesh-fixtures";
import { postIngest } from "./post-ingest";

const FIX = path.join(import.meta.dirname, "../lib/demo/fixtures/telemetry");
const PROM = readFileSync(path.join(FIX, "istio-metrics.prom"), "utf8");
const FLOWS = readFileSync(path.join(FIX, "hubble-flows.jsonl"), "utf8");
const T = 1749988800000; // 2025-06-15T12:00:00Z, the samples' federate timestamp

/** The sample with every value and timestamp rewritten: the same series at another time. */
const snapshot = (value: (v: number) => number, ts: number, text = PROM) =>
  text.replace(/ (\d+(?:\.\d+)?) 1749988800000$/gm, (_m, v) => ` ${value(Number(v))} ${ts}`);

let token: string;
const DAY = "from=2025-06-15T00:00:00Z&to=2025-06-16T00:00:00Z";
const post = (body: string, query: string, headers: Record<string, string> = {}) =>
  postIngest(token, `telemetry?${query}`, body, headers);
const minuteRows = (where = "true", params: unknown[] = []) =>
  db().query<Record<string, unknown>>(`SELECT * FROM traffic_edge_minute WHERE ${where}`, params);

beforeAll(async () => {
  token = await tokenFor("operator");
});

describe("prometheus (federate) ingest and the mTLS coverage KPI", () => {
  it("first sighting is only remembered: a baseline stores state but no traffic", async () => {
    // The counters at 0 a minute before the sample, i.e. every counter started inside the window.
    const r = await post(
      snapshot(() => 0, T - 60_000),
      "format=prometheus",
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: "completed", accepted: 17, duplicates: 0, rejectedCount: 0 });
    expect(await minuteRows(`"batchId" = $1`, [r.json.batchId])).toHaveLength(0);
    const state = await db().query(`SELECT 1 FROM telemetry_series_state WHERE "batchId" = $1`, [
      r.json.batchId,
    ]);
    expect(state).toHaveLength(17);
  });

  it("the sample then gives deltas = its values; coverage matches the hand computation", async () => {
    const r = await post(PROM, "format=prometheus");
    expect(r.json).toMatchObject({ status: "completed", accepted: 17, rejectedCount: 0 });
    // reporter="destination" series, hand-summed from istio-metrics.prom:
    //   mTLS HTTP: 184223 + 212 + 57 + 90412 + 31877 + 14 + 7702 = 314497
    //   mTLS TCP:  5120 + 20931 + 311 = 26362            → mtls = 340859
    //   plaintext: HTTP 3310 + 1288 + 2045 = 6643, TCP 44 → total = 340859 + 6687 = 347546
    //   percent = 100 · 340859 / 347546 = 98.0759…
    //   cross-cluster (both clusters known and different): 90412 + 31877 + 14 (eu→us) + 7702 (us→eu),
    //   all mTLS → 100 %. The plaintext "unknown" callers have no cluster, so they are not cross-cluster.
    const k = await call(kpis, {
      path: "/api/v1/kpis?from=2025-06-15T00:00:00Z&to=2025-06-16T00:00:00Z",
      token,
    });
    expect(k.status).toBe(200);
    expect(k.json.mtlsCoverage.mtls).toBe(340859);
    expect(k.json.mtlsCoverage.total).toBe(347546);
    expect(k.json.mtlsCoverage.percent).toBeCloseTo(98.07594, 4);
    expect(k.json.mtlsCoverage.crossClusterPercent).toBe(100);

    // cluster=us-east-prod: source or destination us. mTLS 90412 + 31877 + 14 + 7702 + 5120 + 311 = 135436;
    // plaintext 3310 + 2045 + 44 = 5399 → total 140835, 96.1664… %.
    const us = await call(kpis, {
      path: "/api/v1/kpis?from=2025-06-15T00:00:00Z&to=2025-06-16T00:00:00Z&cluster=us-east-prod",
      token,
    });
    expect(us.json.mtlsCoverage).toMatchObject({ mtls: 135436, total: 140835 });
    expect(us.json.mtlsCoverage.percent).toBeCloseTo(96.16644, 4);

    // Source-reported series are stored as such (unknown policy), never counted in coverage.
    const src = await minuteRows(`"batchId" = $1 AND reporter = 'source'`, [r.json.batchId]);
    expect(src.map((x) => x.securityPolicy)).toEqual(["unknown", "unknown", "unknown"]);
    // The 403s are denied: 57 (RBAC) + 14 (ext_authz).
    const denied = await db().query<{ d: number }>(
      `SELECT sum(denied)::float8 AS d FROM traffic_edge_minute WHERE "batchId" = $1`,
      [r.json.batchId],
    );
    expect(denied[0].d).toBe(71);
  });

  it("per cluster pair (GET /api/v1/mesh/matrix), hand computed from the sample", async () => {
    const r = await call(matrixRoute, { path: `/api/v1/mesh/matrix?${DAY}`, token });
    expect(r.status).toBe(200);
    const pair = (src: string | null, dst: string | null) =>
      r.json.pairs.find((p: { src: string | null; dst: string | null }) => p.src === src && p.dst === dst);
    // eu→eu: 184223 + 212 + 57 (HTTP) + 20931 (TCP), all mTLS = 205423 → 100 %
    expect(pair("eu-west-prod", "eu-west-prod")).toMatchObject({ mtls: 205423, total: 205423, percent: 100 });
    // eu→us: 90412 + 31877 + 14 = 122303 mTLS; us→eu: 7702 mTLS
    expect(pair("eu-west-prod", "us-east-prod")).toMatchObject({ mtls: 122303, total: 122303, denied: 14 });
    expect(pair("us-east-prod", "eu-west-prod")).toMatchObject({ mtls: 7702, total: 7702 });
    // us→us: mTLS 5120 + 311 = 5431, plaintext legacy-billing 2045 → 7476, 72.6457… %
    expect(pair("us-east-prod", "us-east-prod")).toMatchObject({ mtls: 5431, plaintext: 2045, total: 7476 });
    expect(pair("us-east-prod", "us-east-prod").percent).toBeCloseTo(72.6458, 4);
    // callers outside the mesh (no cluster): 3310 + 44 → us, 1288 → eu, all plaintext → 0 %
    expect(pair(null, "us-east-prod")).toMatchObject({ mtls: 0, plaintext: 3354, total: 3354, percent: 0 });
    expect(pair(null, "eu-west-prod")).toMatchObject({ total: 1288, percent: 0 });
    expect(r.json.pairs).toHaveLength(6);
    expect(r.json.coverage).toMatchObject({
      mtls: 340859,
      total: 347546,
      crossClusterMtls: 130005,
      crossClusterTotal: 130005,
    });
  });

  it("edges filter by cluster pair, namespace, workload and policy; bad parameters are 400", async () => {
    const plain = await call(edgesRoute, {
      path: `/api/v1/mesh/edges?${DAY}&policy=none&reporter=destination`,
      token,
    });
    expect(
      plain.json.edges.map(
        (e: { srcWorkload: string | null; dstWorkload: string }) => `${e.srcWorkload}→${e.dstWorkload}`,
      ),
    ).toEqual(["null→ledger-api", "legacy-billing→ledger-api", "null→catalog", "null→ledger-db"]);
    const cell = await call(edgesRoute, {
      path: `/api/v1/mesh/edges?${DAY}&srcCluster=eu-west-prod&dstCluster=us-east-prod&reporter=destination`,
      token,
    });
    expect(
      cell.json.edges.map((e: { srcPrincipal: string; requests: number }) => [e.srcPrincipal, e.requests]),
    ).toEqual([
      ["spiffe://acme.internal/ns/payments/sa/payments-api", 122289],
      ["spiffe://acme.internal/ns/shop/sa/frontend", 14],
    ]);
    const outside = await call(edgesRoute, {
      path: `/api/v1/mesh/edges?${DAY}&srcCluster=unknown&namespace=shop`,
      token,
    });
    expect(outside.json.edges).toHaveLength(1);
    const wl = await call(edgesRoute, { path: `/api/v1/mesh/edges?${DAY}&workload=session-cache`, token });
    expect(wl.json.edges[0]).toMatchObject({ connections: 20931, securityPolicy: "mutual_tls" });
    const series = await call(coverageRoute, { path: `/api/v1/mesh/coverage?${DAY}`, token });
    expect(series.json.step).toBe("hour");
    expect(series.json.points).toEqual([
      {
        t: "2025-06-15T12:00:00.000Z",
        percent: expect.closeTo(98.07594, 4),
        crossClusterPercent: 100,
        mtls: 340859,
        total: 347546,
      },
    ]);
    for (const q of [
      "policy=tls",
      "from=yesterday",
      "limit=0",
      `from=2025-06-16T00:00:00Z&to=2025-06-15T00:00:00Z`,
    ]) {
      const bad = await call(edgesRoute, { path: `/api/v1/mesh/edges?${q}`, token });
      expect(bad.status, q).toBe(400);
    }
    expect((await call(matrixRoute, { path: "/api/v1/mesh/matrix" })).status).toBe(401);
  });

  it("namespace, workload, protocol and policy narrow the matrix, the coverage and the series like the edges", async () => {
    const q = `${DAY}&cluster=us-east-prod&namespace=ledger`;
    const [matrix, series, edges] = await Promise.all([
      call(matrixRoute, { path: `/api/v1/mesh/matrix?${q}`, token }),
      call(coverageRoute, { path: `/api/v1/mesh/coverage?${q}`, token }),
      call(edgesRoute, { path: `/api/v1/mesh/edges?${q}&reporter=destination`, token }),
    ]);
    const sum = (xs: { requests: number; connections: number }[]) =>
      xs.reduce((a, e) => a + e.requests + e.connections, 0);
    const plain = (xs: { securityPolicy: string; requests: number; connections: number }[]) =>
      sum(xs.filter((e) => e.securityPolicy === "none"));
    const mtls = (xs: { securityPolicy: string; requests: number; connections: number }[]) =>
      sum(xs.filter((e) => e.securityPolicy === "mutual_tls"));
    // The figures are the sums of exactly the edges the filter lists (and fewer than the cluster's all).
    expect(edges.json.edges.length).toBeGreaterThan(0);
    expect(matrix.json.coverage.total).toBe(sum(edges.json.edges));
    expect(matrix.json.coverage.mtls).toBe(mtls(edges.json.edges));
    expect(matrix.json.coverage.total).toBeLessThan(140835);
    expect(matrix.json.pairs.reduce((a: number, p: { plaintext: number }) => a + p.plaintext, 0)).toBe(
      plain(edges.json.edges),
    );
    expect(series.json.points.map((x: { total: number }) => x.total)).toEqual([matrix.json.coverage.total]);
    // A policy filter narrows the tiles too: only plaintext traffic is left, so coverage is 0 %.
    const none = await call(matrixRoute, { path: `/api/v1/mesh/matrix?${q}&policy=none`, token });
    expect(none.json.coverage).toMatchObject({ mtls: 0, total: plain(edges.json.edges), percent: 0 });
    // The protocol narrows as well: session-cache carries only TCP connections.
    const tcpOnly = await call(matrixRoute, {
      path: `/api/v1/mesh/matrix?${DAY}&workload=session-cache&protocol=tcp`,
      token,
    });
    expect(tcpOnly.json.coverage.total).toBe(20931);
  });

  it("the hourly and daily rollups hold the same totals as the minutes", async () => {
    const sums = async (t: string) =>
      (
        await db().query<{ v: number }>(
          `SELECT sum(requests + connections)::float8 AS v FROM ${t}
            WHERE reporter = 'destination' AND bucket >= '2025-06-15T00:00:00Z' AND bucket < '2025-06-16T00:00:00Z'`,
        )
      )[0].v;
    expect(await sums("traffic_edge_hour")).toBe(347546);
    expect(await sums("traffic_edge_day")).toBe(347546);
    // The per-cluster-pair rollups coverage reads: the same totals, one row per pair and policy.
    expect(await sums("traffic_cluster_hour")).toBe(347546);
    expect(await sums("traffic_cluster_day")).toBe(347546);
    const [pairs] = await db().query<{ edges: number; clusters: number }>(
      `SELECT (SELECT count(*) FROM traffic_edge_day)::int AS edges, (SELECT count(*) FROM traffic_cluster_day)::int AS clusters`,
    );
    expect(pairs.clusters).toBeLessThan(pairs.edges);
  });

  it("a later snapshot with a counter reset: delta = the new value for the reset series", async () => {
    // One minute later: checkout→payments-api 200 went 184223 → 184323 (+100); the session-cache TCP
    // series restarted and reads 5 (< 20931, so +5); every other series is unchanged (+0).
    const next = snapshot((v) => (v === 184223 ? 184323 : v === 20931 ? 5 : v), T + 60_000);
    const r = await post(next, "format=prometheus");
    expect(r.json.accepted).toBe(17);
    const rows = await minuteRows(`"batchId" = $1`, [r.json.batchId]);
    expect(rows).toHaveLength(2);
    const byDst = Object.fromEntries(rows.map((x) => [x.dstWorkload as string, x]));
    expect(byDst["payments-api"]).toMatchObject({
      requests: 100,
      connections: 0,
      securityPolicy: "mutual_tls",
    });
    expect(byDst["session-cache"]).toMatchObject({
      requests: 0,
      connections: 5,
      securityPolicy: "mutual_tls",
    });
    expect(new Date(byDst["payments-api"].bucket as Date).getTime()).toBe(T + 60_000);
  });

  it("the same payload again is a duplicate batch and changes nothing", async () => {
    const before = await minuteRows();
    const r = await post(PROM, "format=prometheus");
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("duplicate");
    expect(await minuteRows()).toHaveLength(before.length);
  });

  it("an older snapshot (out of order) is counted as duplicates, not as traffic", async () => {
    const r = await post(
      snapshot((v) => v + 1, T - 30_000),
      "format=prometheus",
    );
    expect(r.json).toMatchObject({ accepted: 0, duplicates: 17 });
  });
});

describe("bad exposition input: per-line rejections, or 400 when nothing parses", () => {
  it("broken lines, NaN/Inf, negative, duplicated series, foreign metrics → rejected with line and reason", async () => {
    const body = [
      "# TYPE istio_requests_total counter",
      'istio_requests_total{reporter="destination",source_workload="a \\"quoted\\" ✓",destination_workload="zürich",connection_security_policy="mutual_tls"} 10 1749988800000',
      'istio_requests_total{reporter="destination",destination_workload="b" 3',
      'istio_requests_total{reporter="destination",destination_workload="c"} NaN',
      'istio_requests_total{reporter="destination",destination_workload="d"} +Inf',
      'istio_requests_total{reporter="destination",destination_workload="e"} -1',
      'istio_requests_total{destination_workload="zürich",source_workload="a \\"quoted\\" ✓",reporter="destination",connection_security_policy="mutual_tls"} 11 1749988800000',
      "process_cpu_seconds_total 12.5",
      "",
    ].join("\n");
    const r = await post(body, "format=prometheus&cluster=eu-west-prod");
    expect(r.status).toBe(201);
    expect(r.json.status).toBe("partial");
    expect(r.json.accepted).toBe(1);
    expect(r.json.rejected.map((x: { line: number }) => x.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const reasons = r.json.rejected.map((x: { reason: string }) => x.reason).join("\n");
    expect(reasons).toMatch(/line 2|duplicate series \(first on line 2\)/);
    expect(reasons).toMatch(/NaN/);
    expect(reasons).toMatch(/\+Inf/);
    expect(reasons).toMatch(/negative/);
    expect(reasons).toMatch(/not an Istio traffic counter/);
    const state = await db().query<{ seriesKey: string }>(
      `SELECT "seriesKey" FROM telemetry_series_state WHERE "seriesKey" LIKE '%zürich%'`,
    );
    expect(state[0].seriesKey).toContain('a \\"quoted\\" ✓');
  });

  it("a body that is not exposition at all → 400, nothing stored, the rejection recorded", async () => {
    const before = (await db().query(`SELECT 1 FROM telemetry_series_state`)).length;
    const r = await post('{"hello": "world"}\n{"x": 1}', "format=prometheus");
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/not Prometheus text exposition \(line 1/);
    expect((await db().query(`SELECT 1 FROM telemetry_series_state`)).length).toBe(before);
    const b = await db().query<{ status: string }>(
      `SELECT status FROM ingest_batch WHERE kind = 'telemetry' ORDER BY "receivedAt" DESC LIMIT 1`,
    );
    expect(b[0].status).toBe("rejected");
  });
});

describe("hubble flows ingest", () => {
  it("the 21 sample flows become flows and edges; again they are duplicates", async () => {
    const r = await post(FLOWS, "format=hubble");
    expect(r.json).toMatchObject({ status: "completed", accepted: 21, duplicates: 0 });
    const edges = await db().query<{ c: number; q: number; dr: number; dn: number }>(
      `SELECT sum(connections)::float8 AS c, sum(requests)::float8 AS q, sum(dropped)::float8 AS dr, sum(denied)::float8 AS dn
         FROM traffic_edge_minute WHERE "batchId" = $1`,
      [r.json.batchId],
    );
    // Hand counts: see lib/telemetry/formats/hubble.test.ts.
    expect(edges[0]).toEqual({ c: 4, q: 3, dr: 5, dn: 5 });
    const cross = await minuteRows(
      `"batchId" = $1 AND "srcCluster" = 'eu-west-prod' AND "dstCluster" = 'us-east-prod' AND denied > 0`,
      [r.json.batchId],
    );
    expect(cross.map((x) => x.dstWorkload).sort()).toEqual(["ledger-api", "ledger-db"]);
    // Same flows with a trailing blank line: another payload, but every flow is a duplicate.
    const again = await post(`${FLOWS}\n`, "format=hubble");
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 21 });
    expect(await minuteRows(`"batchId" = $1`, [again.json.batchId])).toHaveLength(0);
  });

  it("sniffs hubble without ?format=, rejects broken lines, 400 for garbage", async () => {
    const line = JSON.parse(FLOWS.split("\n")[0]);
    line.flow.uuid = "11111111-2222-3333-4444-555555555555";
    delete line.flow.is_reply;
    const r = await post(`${JSON.stringify(line)}\n{broken\n{"flow":{"verdict":"DROPPED"}}\n`, "");
    expect(r.json.format).toBe("hubble");
    expect(r.json.accepted).toBe(1);
    expect(r.json.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/not valid JSON/) },
      { line: 3, reason: "flow.time is missing" },
    ]);
    const bad = await post("not json at all\n", "format=hubble");
    expect(bad.status).toBe(400);
  });
});

describe("detection: plaintext cross-cluster traffic and unknown trust domains", () => {
  it("opens findings with startedAt = the first offending bucket, and resolves them when traffic stops", async () => {
    await acmeClusters("det-a", "det-b");
    const t0 = Date.now() - 10 * 60_000;
    const series = (v: number, ts: number) => offendingIstioSeries("det-a", "det-b", v, ts);
    await post(series(0, t0), "format=prometheus");
    await post(series(5, t0 + 60_000), "format=prometheus");
    await post(series(9, t0 + 120_000), "format=prometheus");
    const findings = await db().query<{ rule: string; subjectKey: string; startedAt: Date; status: string }>(
      `SELECT rule, "subjectKey", "startedAt", status FROM finding
        WHERE rule LIKE 'mesh.%' AND "resolvedAt" IS NULL AND ("subjectKey" LIKE 'det-a/%' OR "subjectKey" LIKE '%evil.example%') ORDER BY rule`,
    );
    expect(findings.map((f) => [f.rule, f.subjectKey])).toEqual([
      ["mesh.plaintext-cross-cluster", "det-a/shop/legacy→det-b/ledger/ledger-api"],
      ["mesh.unknown-trust-domain", "spiffe://evil.example/ns/ops/sa/scanner"],
    ]);
    // The first delta lands in the bucket of the second snapshot.
    const firstBucket = Math.floor((t0 + 60_000) / 60_000) * 60_000;
    for (const f of findings) expect(f.startedAt.getTime()).toBe(firstBucket);

    // A day later, with no new offending traffic, the scheduled run resolves both.
    const later = await runMeshDetection(new Date(Date.now() + 25 * 3_600_000));
    expect(later.resolved).toBeGreaterThanOrEqual(2);
    const open = await db().query(
      `SELECT 1 FROM finding WHERE rule LIKE 'mesh.%' AND "resolvedAt" IS NULL AND ("subjectKey" LIKE 'det-a/%' OR "subjectKey" LIKE '%evil.example%')`,
    );
    expect(open).toHaveLength(0);
  });
});
