import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { formatPromLine, type PromSample, parsePromLine } from "@/lib/telemetry/formats/prom-text";
import { refreshRollups } from "@/lib/telemetry/mutations";
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

/** One side of a mesh edge: namespace, workload, cluster, and SPIFFE principal ("unknown" in plaintext). */
type Side = [namespace: string, workload: string, cluster: string, principal: string];

const side = (prefix: "source" | "destination", [namespace, workload, cluster, principal]: Side) => ({
  [`${prefix}_workload`]: workload,
  [`${prefix}_workload_namespace`]: namespace,
  [`${prefix}_principal`]: principal,
  [`${prefix}_cluster`]: cluster,
});

/** A destination-reported request counter the sample does not have: from snapshot `from`, +perStep each. */
function added(
  at: { from: number; perStep: number; policy: "none" | "mutual_tls"; pod: string },
  [source, destination]: [Side, Side],
): { sample: PromSample; perStep: number; from: number } {
  const labels = extra({
    reporter: "destination",
    ...side("source", source),
    ...side("destination", destination),
    connection_security_policy: at.policy,
    pod: at.pod,
  });
  return {
    from: at.from,
    perStep: at.perStep,
    sample: { name: "istio_requests_total", value: 0, timestampMs: null, labels },
  };
}

// Series the sample does not have, and the story they tell.
const ADDED = [
  // legacy-billing (us-east) starts calling payments-api (eu-west) in plaintext, 6 hours ago.
  added({ from: SNAPSHOTS - 13, perStep: 180, policy: "none", pod: "payments-api-7f9d8c6b5-9xk2m" }, [
    ["legacy", "legacy-billing", "us-east-prod", "unknown"],
    ["payments", "payments-api", "eu-west-prod", "unknown"],
  ]),
  // An identity from a foreign trust domain (partner.example) appears 3 hours ago.
  added({ from: SNAPSHOTS - 7, perStep: 40, policy: "mutual_tls", pod: "ledger-api-6d9c7b8f5-2kq4x" }, [
    ["integrations", "sync-agent", "us-east-prod", "spiffe://partner.example/ns/integrations/sa/sync-agent"],
    ["ledger", "ledger-api", "us-east-prod", "spiffe://acme.internal/ns/ledger/sa/ledger-writer"],
  ]),
  // eu-west-staging's own mTLS traffic (trust domain staging.acme.internal), all day.
  added({ from: 0, perStep: 900, policy: "mutual_tls", pod: "catalog-5f6d7c8b9-zx81q" }, [
    ["shop", "storefront", "eu-west-staging", "spiffe://staging.acme.internal/ns/shop/sa/storefront"],
    ["shop", "catalog", "eu-west-staging", "spiffe://staging.acme.internal/ns/shop/sa/catalog"],
  ]),
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
