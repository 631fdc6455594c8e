// GET /metrics scraped by a REAL Prometheus (Debian's package): the route runs behind a small HTTP server
// on loopback, Prometheus scrapes it with a Bearer token, and the KPI gauges it stores are the KPIs the
// API computes for the same data (mesh samples ingested through the real telemetry path).
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/metrics/route";
import { computeKpis } from "@/lib/kpi/compute";
import { call, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";
import { type PrometheusPeer, startPrometheus, until } from "./prometheus-peer";

let prom: PrometheusPeer | null = null;
let server: http.Server;
let token = "";
const query = (q: string) => prom!.query(q);

beforeAll(async () => {
  // Mesh telemetry from the samples, through the real ingest path (two snapshots make deltas).
  const ingest = await tokenFor("operator", ["ingest"]);
  // Two snapshots of the sample's counters a minute apart (counters count from their second sighting),
  // moved to the last minutes so that they fall in the gauges' last-24-hours window.
  const sample = readFileSync(
    path.join(__dirname, "../lib/demo/fixtures/telemetry/istio-metrics.prom"),
    "utf8",
  );
  const snapshot = (atMs: number, factor: number) =>
    sample.replace(/ (\d+) 1749988800000$/gm, (_m, v: string) => ` ${Number(v) * factor} ${atMs}`);
  for (const [at, factor] of [
    [Date.now() - 120_000, 1],
    [Date.now() - 60_000, 2],
  ]) {
    const r = await postIngest(
      ingest,
      "telemetry?format=prometheus&cluster=eu-west-prod",
      snapshot(at, factor),
      { "content-type": "text/plain" },
    );
    expect(r.status).toBeLessThan(300);
  }

  token = await tokenFor("viewer", ["read"]);
  server = http.createServer(async (req, res) => {
    const out = await metricsRoute(
      new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(out.status, { "content-type": out.headers.get("content-type") ?? "text/plain" });
    res.end(await out.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  prom = await startPrometheus(
    [
      "global:",
      "  scrape_interval: 1s",
      "scrape_configs:",
      "  - job_name: posture",
      "    metrics_path: /metrics",
      "    authorization:",
      "      type: Bearer",
      `      credentials: ${token}`,
      "    static_configs:",
      `      - targets: ["${target}"]`,
      "  - job_name: posture-no-token",
      "    metrics_path: /metrics",
      "    static_configs:",
      `      - targets: ["${target}"]`,
      "",
    ].join("\n"),
  );
}, 120_000);

afterAll(async () => {
  prom?.stop();
  await new Promise((r) => server?.close(r));
});

describe("/metrics", () => {
  it("refuses a scrape without a token and answers the exposition format with one", async () => {
    const anon = await call(metricsRoute, { path: "/metrics" });
    expect(anon.status).toBe(401);
    const ok = await call(metricsRoute, { path: "/metrics", token });
    expect(ok.status).toBe(200);
    expect(ok.res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.json).toMatch(/# TYPE posture_mtls_coverage_ratio gauge/);
  });

  it("is scraped by Prometheus, and its mTLS gauge equals the KPI", async () => {
    const series = await until("a scrape with the mTLS gauge", async () => {
      const r = await query("posture_mtls_coverage_ratio");
      return r.length ? r : null;
    });
    const now = new Date();
    for (const s of series) {
      const k = await computeKpis({
        from: new Date(now.getTime() - 86_400_000),
        to: now,
        cluster: s.metric.cluster,
        now,
      });
      expect(Number(s.value[1])).toBeCloseTo((k.mtlsCoverage.percent ?? Number.NaN) / 100, 6);
    }
    const up = await query('up{job="posture"}');
    expect(up[0].value[1]).toBe("1");
    // The two jobs are scraped independently: wait for the tokenless one's first scrape.
    const noToken = await until("a scrape without a token", async () => {
      const r = await query('up{job="posture-no-token"}');
      return r.length ? r : null;
    });
    expect(noToken[0].value[1]).toBe("0");
    const health = await query("posture_ingest_records");
    expect(
      health.some(
        (h) => h.metric.kind === "telemetry" && h.metric.outcome === "accepted" && Number(h.value[1]) > 0,
      ),
    ).toBe(true);
  }, 90_000);
});
