// The `prometheus` pull connector against a REAL Prometheus (Debian's package): the test starts it on a
// loopback port with a config it writes, scraping a small exporter (an HTTP server in this test) whose
// Istio-shaped counters grow while Prometheus scrapes them every second.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { createSource } from "@/lib/sources/mutations";
import { runSource } from "@/lib/sources/runner";
import { formatPromLine } from "@/lib/telemetry/formats/prom-text";
import { mtlsCoverage } from "@/lib/telemetry/queries";
import { db } from "./fixtures";
import { type PrometheusPeer, startPrometheus, until } from "./prometheus-peer";

const base = {
  source_workload_namespace: "payments",
  source_workload: "payments-api",
  source_principal: "spiffe://acme.internal/ns/payments/sa/payments-api",
  destination_workload_namespace: "ledger",
  destination_workload: "ledger-api",
  destination_principal: "spiffe://acme.internal/ns/ledger/sa/ledger-writer",
  request_protocol: "http",
  response_code: "200",
  grpc_response_status: "",
  response_flags: "-",
};
/** payments-api (prom-eu) → ledger-api (prom-us) requests as `reporter` counts them, under `policy`. */
const paymentsToLedger = (reporter: string, policy: string, over: Record<string, string> = {}) => ({
  name: "istio_requests_total",
  labels: {
    ...base,
    reporter,
    source_cluster: "prom-eu",
    destination_cluster: "prom-us",
    ...over,
    connection_security_policy: policy,
  },
});
// Per tick: A (eu→us, mTLS) +9, B (eu→us, plaintext) +1, D (us→us TCP, mTLS) +3, S (source side) +10.
// Start values are in the same 9:1:3 proportion as the rates, so Prometheus's increase() extrapolates
// every series by the same factor and the coverage ratios come out exact.
const series = [
  { ...paymentsToLedger("destination", "mutual_tls"), start: 900_000, rate: 9 }, // A
  { ...paymentsToLedger("destination", "none", { source_principal: "unknown" }), start: 100_000, rate: 1 }, // B
  {
    name: "istio_tcp_connections_opened_total", // D
    labels: {
      reporter: "destination",
      source_cluster: "prom-us",
      source_workload_namespace: "ledger",
      source_workload: "ledger-api",
      destination_cluster: "prom-us",
      destination_workload_namespace: "ledger",
      destination_workload: "ledger-db",
      request_protocol: "tcp",
      connection_security_policy: "mutual_tls",
    },
    start: 300_000,
    rate: 3,
  },
  { ...paymentsToLedger("source", "unknown"), start: 1_000_000, rate: 10 }, // S
];
let tick = 0;

let exporter: http.Server;
let prom: PrometheusPeer | null = null;
let promUrl = "";
let timer: NodeJS.Timeout;

beforeAll(async () => {
  exporter = http.createServer((_req, res) => {
    const lines = series.map((s) =>
      formatPromLine({ name: s.name, labels: s.labels, value: s.start + s.rate * tick, timestampMs: null }),
    );
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(
      `# TYPE istio_requests_total counter\n# TYPE istio_tcp_connections_opened_total counter\n${lines.join("\n")}\n`,
    );
  });
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", r));
  const exporterPort = (exporter.address() as AddressInfo).port;
  // The counters grow between scrapes; one synchronous step moves all of them together.
  timer = setInterval(() => tick++, 400);

  prom = await startPrometheus(
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: istio-fixture\n    static_configs:\n      - targets: ["127.0.0.1:${exporterPort}"]\n`,
  );
  promUrl = prom.url;
  // At least 4 scrapes of every series before the connector asks.
  const peer = prom;
  await until("4 scrapes", async () => {
    const [scrapes] = await peer.query("min(count_over_time(istio_requests_total[1m]))");
    return Number(scrapes?.value[1] ?? 0) >= 4 ? true : null;
  });
}, 120_000);

afterAll(async () => {
  clearInterval(timer);
  prom?.stop();
  await new Promise((r) => exporter?.close(r));
});

describe("prometheus connector against a real Prometheus", () => {
  it("pulls increase() per edge through ingest(); coverage from destination-reported series only", async () => {
    const source = await withPgTransaction(pool(), (_c, sql) =>
      createSource(sql, SYSTEM_ACTOR, {
        name: "prom-test",
        kind: "prometheus",
        config: { url: promUrl, windowSeconds: 60 },
        intervalSeconds: 60,
      }),
    );
    const now = new Date();
    const run = await runSource(source.id, now);
    expect(run.status, run.message).toBe("ok");
    expect(run.batches).toHaveLength(1);
    const batch = await db().query<{ format: string; sourceId: string; accepted: number; rejected: number }>(
      `SELECT format, "sourceId", accepted, rejected FROM ingest_batch WHERE id = $1`,
      [run.batches[0]],
    );
    expect(batch[0]).toMatchObject({
      format: "prometheus-query",
      sourceId: source.id,
      accepted: 4,
      rejected: 0,
    });

    const rows = await db().query<{
      reporter: string;
      securityPolicy: string;
      dstWorkload: string;
      requests: number;
      connections: number;
    }>(
      `SELECT reporter, "securityPolicy", "dstWorkload", sum(requests) AS requests, sum(connections) AS connections
         FROM traffic_edge_minute WHERE "batchId" = $1 GROUP BY 1, 2, 3`,
      [run.batches[0]],
    );
    expect(rows).toHaveLength(4);
    const a = rows.find(
      (r) =>
        r.reporter === "destination" && r.securityPolicy === "mutual_tls" && r.dstWorkload === "ledger-api",
    );
    const b = rows.find((r) => r.securityPolicy === "none");
    const d = rows.find((r) => r.dstWorkload === "ledger-db");
    const s = rows.find((r) => r.reporter === "source");
    expect(a && b && d && s).toBeTruthy();
    expect(a!.requests).toBeGreaterThan(0);
    // Same extrapolation for every series: the ratios are those of the rates (9 : 1 : 3 : 10).
    expect(a!.requests / b!.requests).toBeCloseTo(9, 6);
    expect(d!.connections / b!.requests).toBeCloseTo(3, 6);
    expect(s!.securityPolicy).toBe("unknown");

    // mTLS = A + D = 12 parts, total = A + B + D = 13 parts → 92.307…%; cross-cluster (eu→us) 9 / 10 = 90 %.
    // cluster=prom-us: every edge of this test ends there, so other test files' traffic is left out.
    const cov = await mtlsCoverage({
      from: new Date(now.getTime() - 3_600_000),
      to: new Date(now.getTime() + 60_000),
      cluster: "prom-us",
    });
    expect(cov.percent).toBeCloseTo((100 * 12) / 13, 6);
    expect(cov.crossClusterPercent).toBeCloseTo(90, 6);

    const runs = await db().query<{ status: string; message: string }>(
      `SELECT status, message FROM source_run WHERE "sourceId" = $1`,
      [source.id],
    );
    expect(runs[0]).toMatchObject({ status: "ok", message: "1 payload(s), 4 accepted, 0 rejected" });
  });

  it("a Prometheus error (bad URL path) is recorded on the run, nothing ingested", async () => {
    const source = await withPgTransaction(pool(), (_c, sql) =>
      createSource(sql, SYSTEM_ACTOR, {
        name: "prom-bad",
        kind: "prometheus",
        config: { url: `${promUrl}/nope/` },
      }),
    );
    const run = await runSource(source.id);
    expect(run.status).toBe("error");
    expect(run.message).toMatch(/answered HTTP 404 Not Found$/);
    expect(run.batches).toEqual([]);
  });

  it("refuses a config without a valid URL", async () => {
    await expect(
      withPgTransaction(pool(), (_c, sql) =>
        createSource(sql, SYSTEM_ACTOR, { name: "prom-x", kind: "prometheus", config: { url: "ftp://x" } }),
      ),
    ).rejects.toThrow(/config: Invalid input/);
  });
});

// A pass-through proxy in front of the real Prometheus: records each query and can be told to fail.
async function proxyToProm(): Promise<{
  url: string;
  queries: string[];
  fail: { on: boolean };
  close(): Promise<void>;
}> {
  const queries: string[] = [];
  const fail = { on: false };
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    queries.push(u.searchParams.get("query") ?? "");
    if (fail.on) {
      res.writeHead(503, { "content-type": "text/plain" }).end("upstream down");
      return;
    }
    const r = await fetch(`${promUrl}${u.pathname}${u.search}`);
    res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    fail,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const promSource = (name: string, url: string, windowSeconds = 60) =>
  withPgTransaction(pool(), (_c, sql) =>
    createSource(sql, SYSTEM_ACTOR, {
      name,
      kind: "prometheus",
      config: { url, windowSeconds },
      intervalSeconds: 60,
    }),
  );

describe("pulls that neither lose nor double data", () => {
  it("a failed pull does not advance the window: the next pull asks for the failed run's range too", async () => {
    const proxy = await proxyToProm();
    try {
      const src = await promSource("prom-window", proxy.url, 60);
      const t0 = new Date();
      expect((await runSource(src.id, t0)).status).toBe("ok");
      proxy.fail.on = true;
      const failed = await runSource(src.id, new Date(t0.getTime() + 60_000));
      expect(failed.status).toBe("error");
      expect(failed.message).toContain("HTTP 503 Service Unavailable");
      proxy.fail.on = false;
      const third = await runSource(src.id, new Date(t0.getTime() + 120_000));
      expect(third.status, third.message).toBe("ok");
      const windows = proxy.queries.map((q) => /\[(\d+)s\]/.exec(q)?.[1]);
      // Two queries per pull: 60 s, then the failed 60 s, then 120 s (from the last success, not the failure).
      expect(windows).toEqual(["60", "60", "60", "120", "120"]);
      const [row] = await db().query<{ lastSuccessAt: Date; lastRunAt: Date }>(
        `SELECT "lastSuccessAt", "lastRunAt" FROM source WHERE id = $1`,
        [src.id],
      );
      expect(row.lastSuccessAt.getTime()).toBe(t0.getTime() + 120_000);
    } finally {
      await proxy.close();
    }
  });

  it("two runs of one source at once (replicas, Run now during a scheduled run): one runs, the other is refused", async () => {
    const src = await promSource("prom-concurrent", promUrl, 60);
    const now = new Date();
    const outcomes = await Promise.allSettled([runSource(src.id, now), runSource(src.id, now)]);
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(/running already/);
    const batches = await db().query(`SELECT id FROM ingest_batch WHERE "sourceId" = $1`, [src.id]);
    expect(batches).toHaveLength(1);
    // The lease is released after the run; a lease left by a dead replica is taken over once it expired.
    expect(await db().query(`SELECT 1 FROM source_lease WHERE "sourceId" = $1`, [src.id])).toEqual([]);
    await db().query(
      `INSERT INTO source_lease ("sourceId", holder, "expiresAt") VALUES ($1, 'dead-replica', now() - interval '1 second')`,
      [src.id],
    );
    expect((await runSource(src.id, new Date(now.getTime() + 60_000))).status).toBe("ok");
    await db().query(
      `INSERT INTO source_lease ("sourceId", holder, "expiresAt") VALUES ($1, 'live-replica', now() + interval '1 minute')`,
      [src.id],
    );
    await expect(runSource(src.id, new Date(now.getTime() + 120_000))).rejects.toThrow(/running already/);
  });

  it("a pull's increase is spread over the minutes of the range it covers, not the minute of the query", async () => {
    const src = await promSource("prom-spread", promUrl, 300);
    const now = new Date();
    const run = await runSource(src.id, now);
    expect(run.status, run.message).toBe("ok");
    const rows = await db().query<{ bucket: Date; requests: number }>(
      `SELECT bucket, requests FROM traffic_edge_minute
        WHERE "batchId" = $1 AND reporter = 'destination' AND "securityPolicy" = 'mutual_tls' AND "dstWorkload" = 'ledger-api'
        ORDER BY bucket`,
      [run.batches[0]],
    );
    const from = now.getTime() - 300_000;
    // Five minutes, plus one when the window does not start on a minute boundary.
    expect(rows.length).toBe(from % 60_000 === 0 ? 5 : 6);
    expect(rows[0].bucket.getTime()).toBe(Math.floor(from / 60_000) * 60_000);
    expect(rows.at(-1)!.bucket.getTime()).toBe(Math.floor((now.getTime() - 1) / 60_000) * 60_000);
    // The whole increase Prometheus reported, in shares proportional to each minute's part of the range.
    const r = await fetch(
      `${promUrl}/api/v1/query?time=${now.getTime() / 1000}&query=${encodeURIComponent(
        'sum(increase(istio_requests_total{reporter="destination",connection_security_policy="mutual_tls"}[300s]))',
      )}`,
    );
    const total = Number(
      ((await r.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0].value[1],
    );
    expect(rows.reduce((a, x) => a + x.requests, 0)).toBeCloseTo(total, 6);
    const full = rows.slice(1, -1);
    for (const x of full) expect(x.requests).toBeCloseTo(total / 5, 6);
  });
});
