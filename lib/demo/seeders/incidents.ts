import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { changeStatus } from "@/lib/incidents/mutations/operator";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { registerDemoSeeder } from "../registry";

// The sample incident story (shared/samples, "now" = 2025-06-15T12:00Z) moved to just before ctx.now,
// plus three earlier incidents so the KPIs have a distribution. Everything goes through ingest() like
// real data; resolutions are operator actions (only operators resolve incidents).
const STORY_NOW = Date.parse("2025-06-15T12:00:00Z");
const FIXTURES = path.resolve(process.cwd(), "lib/demo/fixtures/incidents");
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** Moves every RFC 3339 time in a text by `ms` (sub-millisecond digits are dropped). */
export function shiftTimes(text: string, ms: number): string {
  return text.replace(ISO, (s) => new Date(Date.parse(s.replace(/(\.\d{3})\d+/, "$1")) + ms).toISOString());
}

const read = (f: string) => readFileSync(path.join(FIXTURES, f), "utf8");

async function send(
  actor: Actor,
  format: "falco" | "alertmanager",
  body: string,
  cluster: string | null = null,
) {
  return ingest({
    kind: "alerts",
    format,
    cluster,
    payload: payloadFromBuffer(body, format === "falco" ? "application/x-ndjson" : "application/json"),
    actor,
    demo: true,
  });
}

interface Scenario {
  /** When the first alert fired, relative to now. */
  agoMs: number;
  cluster: string;
  namespace: string;
  pod: string;
  alertname: string;
  summary: string;
  severity: string;
  /** Falco events before the alert (ms before it), each with a rule; none → estimated start. */
  falco: { beforeMs: number; rule: string; priority: string }[];
  /** Alert resolution after detection (ms), or null while firing. */
  resolvedAfterMs: number | null;
  /** Operator resolution after detection (ms), or null. */
  closedAfterMs: number | null;
}

const MIN = 60_000;
const DAY = 86_400_000;

const EARLIER: Scenario[] = [
  {
    agoMs: 16 * DAY + 3 * 3600_000,
    cluster: "eu-west-prod",
    namespace: "payments",
    pod: "payments-api-7f9d8c6b5-9xk2m",
    alertname: "PaymentsApiErrorBurst",
    summary: "payments-api 5xx burst after config push",
    severity: "warning",
    falco: [],
    resolvedAfterMs: 12 * MIN,
    closedAfterMs: 3 * 3600_000,
  },
  {
    agoMs: 9 * DAY + 5 * 3600_000,
    cluster: "us-east-prod",
    namespace: "ledger",
    pod: "ledger-db-0",
    alertname: "FalcoCriticalRuntimeEvent",
    summary: "Falco Critical: unexpected process in ledger-db-0",
    severity: "critical",
    falco: [
      { beforeMs: 4 * MIN + 10_000, rule: "Read sensitive file untrusted", priority: "Warning" },
      { beforeMs: 2 * MIN, rule: "Drop and execute new binary in container", priority: "Critical" },
    ],
    resolvedAfterMs: 75 * MIN,
    closedAfterMs: 26 * 3600_000,
  },
  {
    agoMs: 2 * DAY + 7 * 3600_000,
    cluster: "eu-west-staging",
    namespace: "shop",
    pod: "checkout-5c6d7e8f9-k2x7p",
    alertname: "FalcoCriticalRuntimeEvent",
    summary: "Falco Critical: shell in checkout (staging)",
    severity: "critical",
    falco: [
      { beforeMs: 9 * MIN, rule: "Terminal shell in container", priority: "Notice" },
      { beforeMs: 6 * MIN, rule: "Contact K8S API Server From Container", priority: "Notice" },
    ],
    resolvedAfterMs: null,
    closedAfterMs: null,
  },
];

function falcoLine(at: Date, rule: string, priority: string, ns: string, pod: string) {
  return JSON.stringify({
    time: at.toISOString(),
    rule,
    priority,
    source: "syscall",
    hostname: "ip-10-12-3-44.compute.internal",
    tags: ["container"],
    output: `${at.toISOString()}: ${priority} ${rule} (k8s_ns_name=${ns} k8s_pod_name=${pod} gparent=<NA>)`,
    output_fields: { "k8s.ns.name": ns, "k8s.pod.name": pod, "proc.aname[3]": null, "evt.type": "execve" },
  });
}

function webhook(s: Scenario, startsAt: Date, status: "firing" | "resolved", endsAt: Date | null) {
  const labels = {
    alertname: s.alertname,
    severity: s.severity,
    cluster: s.cluster,
    k8s_ns_name: s.namespace,
    k8s_pod_name: s.pod,
  };
  return JSON.stringify({
    receiver: "posture",
    status,
    version: "4",
    groupKey: `{}:{alertname="${s.alertname}"}`,
    truncatedAlerts: 0,
    groupLabels: { alertname: s.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: "https://alertmanager.demo",
    alerts: [
      {
        status,
        labels,
        annotations: { summary: s.summary },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt ? endsAt.toISOString() : "0001-01-01T00:00:00Z",
        generatorURL: "https://prometheus.demo/graph",
        fingerprint: `demo${s.alertname.length}${s.cluster.length}${s.namespace}`.slice(0, 16),
      },
    ],
  });
}

async function closeIncident(actor: Actor, alertStartsAt: Date, alertname: string, at: Date) {
  await withPgTransaction(pool(), async (_c, sql) => {
    const rows = await sql.query<{ incidentId: string | null }>(
      `SELECT "incidentId" FROM alert WHERE "startsAt" = $1 AND alertname = $2`,
      [alertStartsAt, alertname],
    );
    const id = rows[0]?.incidentId;
    if (id) await changeStatus(sql, actor, id, "resolved", { at, reason: "demo: post-incident review done" });
  });
}

registerDemoSeeder({
  name: "incidents",
  order: 90,
  async seed(ctx) {
    const now = ctx.now.getTime();
    let batches = 0;
    for (const s of EARLIER) {
      const startsAt = new Date(now - s.agoMs);
      if (s.falco.length) {
        const lines = s.falco.map((f) =>
          falcoLine(new Date(startsAt.getTime() - f.beforeMs), f.rule, f.priority, s.namespace, s.pod),
        );
        await send(ctx.actor, "falco", lines.join("\n"), s.cluster);
        batches++;
      }
      await send(ctx.actor, "alertmanager", webhook(s, startsAt, "firing", null));
      batches++;
      if (s.resolvedAfterMs !== null) {
        await send(
          ctx.actor,
          "alertmanager",
          webhook(s, startsAt, "resolved", new Date(startsAt.getTime() + s.resolvedAfterMs)),
        );
        batches++;
      }
      if (s.closedAfterMs !== null)
        await closeIncident(ctx.actor, startsAt, s.alertname, new Date(startsAt.getTime() + s.closedAfterMs));
    }

    // The sample story: Falco has no cluster field, so each node's lines go with their cluster.
    const shift = now - STORY_NOW;
    const falco = shiftTimes(read("falco-alerts.jsonl"), shift).trim().split("\n");
    await send(
      ctx.actor,
      "falco",
      falco.filter((l) => l.includes("eu-west-1.compute.internal")).join("\n"),
      "eu-west-prod",
    );
    await send(
      ctx.actor,
      "falco",
      falco.filter((l) => l.includes(".ec2.internal")).join("\n"),
      "us-east-prod",
    );
    await send(ctx.actor, "alertmanager", shiftTimes(read("alertmanager-webhook.json"), shift));
    await send(ctx.actor, "alertmanager", shiftTimes(read("alertmanager-webhook-resolved.json"), shift));
    batches += 4;
    return `${EARLIER.length + 1} incidents from ${batches} alert/Falco batches`;
  },
  async wipe(sql) {
    const inc = await sql.query(`DELETE FROM incident WHERE demo RETURNING id`);
    await sql.query(`DELETE FROM alert WHERE demo`);
    await sql.query(`DELETE FROM incident_evidence WHERE demo`);
    return inc.length;
  },
});
