// The `prometheus` pull connector against a REAL Prometheus (Debian's package): the test starts it on a
// loopback port with a config it writes, scraping a small exporter (an HTTP server in this test) whose
// Istio-shaped counters grow while Prometheus scrapes them every second.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { createSource } from "@/lib/sources/manage";
import { runSource } from "@/lib/sources/runner";
import { formatPromLine } from "@/lib/telemetry/prom-text";
import { mtlsCoverage } from "@/lib/telemetry/queries";
import { db } from "./fixtures";

const BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";

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
// Per tick: A (eu→us, mTLS) +9, B (eu→us, plaintext) +1, D (us→us TCP, mTLS) +3, S (source side) +10.
// Start values are in the same 9:1:3 proportion as the rates, so Prometheus's increase() extrapolates
// every series by the same factor and the coverage ratios come out exact.
const series = [
  {
    name: "istio_requests_total",
    labels: {
      ...base,
      reporter: "destination",
      source_cluster: "prom-eu",
      destination_cluster: "prom-us",
      connection_security_policy: "mutual_tls",
    },
    start: 900_000,
    rate: 9,
  },
  {
    name: "istio_requests_total",
    labels: {
      ...base,
      reporter: "destination",
      source_cluster: "prom-eu",
      destination_cluster: "prom-us",
      source_principal: "unknown",
      connection_security_policy: "none",
    },
    start: 100_000,
    rate: 1,
  },
  {
    name: "istio_tcp_connections_opened_total",
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
  {
    name: "istio_requests_total",
    labels: {
      ...base,
      reporter: "source",
      source_cluster: "prom-eu",
      destination_cluster: "prom-us",
      connection_security_policy: "unknown",
    },
    start: 1_000_000,
    rate: 10,
  },
];
let tick = 0;

let exporter: http.Server;
let prom: ChildProcess | null = null;
let promUrl = "";
let timer: NodeJS.Timeout;
let dir = "";

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function until<T>(what: string, fn: () => Promise<T | null>, tries = 240): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn().catch(() => null);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  if (!existsSync(BIN)) {
    throw new Error(
      `Prometheus is not installed at ${BIN}: install it with "apt-get install -y prometheus" (or set PROMETHEUS_BIN)`,
    );
  }
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

  dir = mkdtempSync(path.join(os.tmpdir(), "posture-prom-"));
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: istio-fixture\n    static_configs:\n      - targets: ["127.0.0.1:${exporterPort}"]\n`,
  );
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = spawn(
    BIN,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: "ignore" },
  );
  await until("Prometheus to be ready", async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : null));
  // At least 4 scrapes of every series before the connector asks.
  await until("4 scrapes", async () => {
    const r = await fetch(
      `${promUrl}/api/v1/query?query=${encodeURIComponent("min(count_over_time(istio_requests_total[1m]))")}`,
    );
    const j = (await r.json()) as { data: { result: { value: [number, string] }[] } };
    return Number(j.data.result[0]?.value[1] ?? 0) >= 4 ? true : null;
  });
}, 120_000);

afterAll(async () => {
  clearInterval(timer);
  if (prom?.pid) prom.kill("SIGTERM");
  await new Promise((r) => exporter?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
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
      `SELECT reporter, "securityPolicy", "dstWorkload", requests, connections FROM traffic_edge_minute WHERE "batchId" = $1`,
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
    expect(run.message).toMatch(/Prometheus answered 404/);
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
