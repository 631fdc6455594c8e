import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { formatPromLine, type PromSample, parsePromLine } from "@/lib/telemetry/prom-text";
import { refreshRollups } from "@/lib/telemetry/store";
import { registerDemoSeeder } from "../registry";

// The mesh part of the demo story: the sample federate output (shared/samples) replayed as 49 snapshots
// half an hour apart over the last 24 hours, so counters have deltas, one proxy restarts (a counter
// reset), and two things go wrong late in the day: legacy-billing (us-east) starts calling payments-api
// (eu-west) in plaintext 6 hours ago, and an identity from a foreign trust domain appears 3 hours ago.
// Hubble flows of the incident are shifted so that the sample's "now" is the demo's now.
const FIXTURES = path.join(process.cwd(), "lib/demo/fixtures/telemetry");
const SAMPLE_NOW = Date.parse("2025-06-15T12:00:00Z");
const STEP_MS = 30 * 60_000;
const SNAPSHOTS = 49;

const extra = (labels: Record<string, string>): Record<string, string> => ({
  source_canonical_revision: "v1",
  destination_canonical_revision: "v1",
  request_protocol: "http",
  response_code: "200",
  grpc_response_status: "",
  response_flags: "-",
  ...labels,
});

// Series the sample does not have; `from` = the snapshot index where each starts.
const ADDED: { sample: PromSample; perStep: number; from: number }[] = [
  {
    from: SNAPSHOTS - 13,
    perStep: 180,
    sample: {
      name: "istio_requests_total",
      value: 0,
      timestampMs: null,
      labels: extra({
        reporter: "destination",
        source_workload: "legacy-billing",
        source_workload_namespace: "legacy",
        source_principal: "unknown",
        source_cluster: "us-east-prod",
        destination_workload: "payments-api",
        destination_workload_namespace: "payments",
        destination_principal: "unknown",
        destination_cluster: "eu-west-prod",
        connection_security_policy: "none",
        pod: "payments-api-7f9d8c6b5-9xk2m",
      }),
    },
  },
  {
    from: SNAPSHOTS - 7,
    perStep: 40,
    sample: {
      name: "istio_requests_total",
      value: 0,
      timestampMs: null,
      labels: extra({
        reporter: "destination",
        source_workload: "sync-agent",
        source_workload_namespace: "integrations",
        source_principal: "spiffe://partner.example/ns/integrations/sa/sync-agent",
        source_cluster: "us-east-prod",
        destination_workload: "ledger-api",
        destination_workload_namespace: "ledger",
        destination_principal: "spiffe://acme.internal/ns/ledger/sa/ledger-writer",
        destination_cluster: "us-east-prod",
        connection_security_policy: "mutual_tls",
        pod: "ledger-api-6d9c7b8f5-2kq4x",
      }),
    },
  },
  {
    from: 0,
    perStep: 900,
    sample: {
      name: "istio_requests_total",
      value: 0,
      timestampMs: null,
      labels: extra({
        reporter: "destination",
        source_workload: "storefront",
        source_workload_namespace: "shop",
        source_principal: "spiffe://staging.acme.internal/ns/shop/sa/storefront",
        source_cluster: "eu-west-staging",
        destination_workload: "catalog",
        destination_workload_namespace: "shop",
        destination_principal: "spiffe://staging.acme.internal/ns/shop/sa/catalog",
        destination_cluster: "eu-west-staging",
        connection_security_policy: "mutual_tls",
        pod: "catalog-5f6d7c8b9-zx81q",
      }),
    },
  },
];

/** Deterministic wobble in [0.7, 1.3] so the charts are not flat. */
const wobble = (i: number, j: number) => 1 + 0.3 * Math.sin(i * 1.7 + j * 2.3);

export function demoSnapshots(nowMs: number): string[] {
  const base = readFileSync(path.join(FIXTURES, "istio-metrics.prom"), "utf8")
    .split("\n")
    .map(parsePromLine)
    .flatMap((r) => (r.kind === "sample" ? [r.sample] : []));
  const end = Math.floor(nowMs / 60_000) * 60_000 - 2 * 60_000;
  const out: string[] = [];
  const values = base.map((s) => s.value);
  const added = ADDED.map(() => 0);
  for (let i = 0; i < SNAPSHOTS; i++) {
    const ts = end - (SNAPSHOTS - 1 - i) * STEP_MS;
    if (i > 0) {
      base.forEach((s, j) => {
        values[j] += Math.round((s.value / 96) * wobble(i, j));
      });
      // The checkout → payments-api proxy restarts 10 hours ago: its counter starts again from zero.
      if (i === SNAPSHOTS - 21) values[0] = Math.round((base[0].value / 96) * 0.5);
    }
    const lines = base.map((s, j) => formatPromLine({ ...s, value: values[j], timestampMs: ts }));
    ADDED.forEach((a, k) => {
      if (i < a.from) return;
      if (i > a.from) added[k] += Math.round(a.perStep * wobble(i, k + 40));
      lines.push(formatPromLine({ ...a.sample, value: added[k], timestampMs: ts }));
    });
    out.push(`# TYPE istio_requests_total counter\n${lines.join("\n")}\n`);
  }
  return out;
}

export function demoFlows(nowMs: number): string {
  const shift = nowMs - SAMPLE_NOW;
  const move = (t: string) => {
    const ns = /\.(\d+)Z$/.exec(t)?.[1] ?? "";
    const iso = new Date(Date.parse(t) + shift).toISOString();
    return ns.length > 3 ? iso.replace(/\.\d{3}Z$/, `.${ns}Z`) : iso;
  };
  return readFileSync(path.join(FIXTURES, "hubble-flows.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const j = JSON.parse(l);
      j.flow.time = move(j.flow.time);
      if (j.time) j.time = move(j.time);
      return JSON.stringify(j);
    })
    .join("\n");
}

async function send(actor: Actor, format: string, body: string) {
  return ingest({
    kind: "telemetry",
    format,
    cluster: null,
    payload: payloadFromBuffer(body),
    actor,
    demo: true,
  });
}

registerDemoSeeder({
  name: "telemetry",
  order: 30,
  async seed(ctx) {
    let batches = 0;
    let accepted = 0;
    for (const snap of demoSnapshots(ctx.now.getTime())) {
      const r = await send(ctx.actor, "prometheus", snap);
      batches++;
      accepted += r.accepted;
    }
    const f = await send(ctx.actor, "hubble", demoFlows(ctx.now.getTime()));
    return `${batches} Istio metric snapshots (${accepted} samples), ${f.accepted} Hubble flows`;
  },
  async wipe(sql: Sql) {
    const hours = await sql.query<{ bucket: Date }>(`SELECT DISTINCT bucket FROM traffic_edge_hour`);
    const rows = await sql.query(`DELETE FROM ingest_batch WHERE demo AND kind = 'telemetry' RETURNING id`);
    await sql.query(`DELETE FROM finding WHERE demo AND rule LIKE 'mesh.%'`);
    // Rollups are derived: rebuild every hour that held data, now without the demo rows.
    await refreshRollups(
      sql,
      hours.map((h) => h.bucket),
    );
    return rows.length;
  },
});
