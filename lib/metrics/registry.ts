import "server-only";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { computeKpis } from "@/lib/kpi/compute";

// GET /metrics: Posture's KPIs per cluster and the app's own health, for Prometheus and Grafana.
// Every figure is read from PostgreSQL at scrape time (so any replica answers the same), except the
// process_* / nodejs_* metrics, which describe the replica that answered. One scrape is cached for
// CACHE_MS so that several Prometheus servers scraping at once cost one computation.

const CACHE_MS = 15_000;
const DAY = 86_400_000;

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "posture_process_" });

const g = (name: string, help: string, labelNames: string[]) =>
  new Gauge({ name, help, labelNames, registers: [registry] });

const mtls = g(
  "posture_mtls_coverage_ratio",
  "Share (0-1) of requests and TCP connections with mutual TLS over the last 24 hours, destination-reported",
  ["cluster"],
);
const mtlsCross = g(
  "posture_mtls_cross_cluster_coverage_ratio",
  "Share (0-1) of cross-cluster requests and connections with mutual TLS over the last 24 hours",
  ["cluster"],
);
const rotation = g(
  "posture_rotation_on_schedule_ratio",
  "Share (0-1) of certificate versions due in the last 30 days that were renewed on schedule",
  ["cluster"],
);
const compliance = g(
  "posture_policy_compliance_ratio",
  "Policy compliance (0-1): passing results over pass + fail + error in the latest policy reports",
  ["cluster"],
);
const denyRate = g(
  "posture_policy_deny_ratio",
  "Share (0-1) of runtime policy decisions that denied, over the last 24 hours",
  ["cluster"],
);
const certs = g("posture_certificates", "Current certificate inventory by state", ["cluster", "state"]);
const expiring = g("posture_certificates_expiring", "Certificates expiring within the window", [
  "cluster",
  "within",
]);
const incidentsOpen = g("posture_incidents_open", "Incidents not resolved, by severity", [
  "cluster",
  "severity",
]);
const risks = g("posture_risks", "Risk register counts (open, above appetite, review overdue)", ["state"]);
const batches = g("posture_ingest_batches", "Ingest batches recorded, by kind and status", [
  "kind",
  "status",
]);
const records = g("posture_ingest_records", "Ingested records by kind and outcome", ["kind", "outcome"]);
const jobWait = g(
  "posture_job_wait_seconds",
  "Mean time jobs completed in the last hour waited in the queue before they started",
  ["job"],
);
const jobRun = g("posture_job_run_seconds", "Mean run time of jobs completed in the last hour", ["job"]);
const jobsFailed = g("posture_jobs_failed", "Jobs that failed in the last hour", ["job"]);
const notifications = g("posture_notification_messages", "Notification messages by delivery status", [
  "status",
]);
const up = g(
  "posture_metrics_collect_success",
  "1 when the last collection of Posture's figures succeeded",
  [],
);

function setRatio(gauge: Gauge, labels: Record<string, string>, v: number | null, scale = 1) {
  if (v === null || !Number.isFinite(v)) return;
  gauge.set(labels, v / scale);
}

async function collectKpis(): Promise<void> {
  const sql = sqlOfPg(pool());
  const clusters = await sql.query<{ name: string }>(`SELECT name FROM cluster ORDER BY name`);
  const now = new Date();
  for (const c of clusters.map((x) => x.name)) {
    const day = await computeKpis({ from: new Date(now.getTime() - DAY), to: now, cluster: c, now });
    const month = await computeKpis({ from: new Date(now.getTime() - 30 * DAY), to: now, cluster: c, now });
    const l = { cluster: c };
    setRatio(mtls, l, day.mtlsCoverage.percent, 100);
    setRatio(mtlsCross, l, day.mtlsCoverage.crossClusterPercent, 100);
    setRatio(denyRate, l, day.policy.denyRate);
    setRatio(compliance, l, month.policy.compliance);
    setRatio(rotation, l, month.rotationOnSchedule.percent, 100);
    // Live figures (as of now): the inventory is known; null only describes an unrecorded past day.
    const k = month.certificates;
    const set = (g: typeof certs | typeof expiring, labels: Record<string, string>, v: number | null) => {
      if (v !== null) g.set(labels, v);
    };
    set(certs, { cluster: c, state: "total" }, k.total);
    set(certs, { cluster: c, state: "expired" }, k.expired);
    set(certs, { cluster: c, state: "weak" }, k.weak);
    set(certs, { cluster: c, state: "long_lived" }, k.longLived);
    set(expiring, { cluster: c, within: "7d" }, k.expiring7d);
    set(expiring, { cluster: c, within: "30d" }, k.expiring30d);
  }
  const all = await computeKpis({ from: new Date(now.getTime() - DAY), to: now, cluster: null, now });
  risks.set({ state: "open" }, all.risks.open);
  risks.set({ state: "above_appetite" }, all.risks.aboveAppetite);
  risks.set({ state: "review_overdue" }, all.risks.overdueReview);
}

async function collectHealth(): Promise<void> {
  const sql = sqlOfPg(pool());
  const open = await sql.query<{ cluster: string | null; severity: string; n: number }>(
    `SELECT c.name AS cluster, i.severity, count(*)::int AS n
       FROM incident i LEFT JOIN cluster c ON c.id = i."clusterId"
      WHERE i.status <> 'resolved' GROUP BY 1, 2`,
  );
  for (const r of open) incidentsOpen.set({ cluster: r.cluster ?? "", severity: r.severity }, r.n);
  const b = await sql.query<{ kind: string; status: string; n: number; a: number; d: number; r: number }>(
    `SELECT kind, status, count(*)::int AS n, sum(accepted)::float AS a, sum(duplicates)::float AS d,
            sum(rejected)::float AS r
       FROM ingest_batch GROUP BY 1, 2`,
  );
  const byKind = new Map<string, { a: number; d: number; r: number }>();
  for (const r of b) {
    batches.set({ kind: r.kind, status: r.status }, r.n);
    const k = byKind.get(r.kind) ?? { a: 0, d: 0, r: 0 };
    k.a += r.a ?? 0;
    k.d += r.d ?? 0;
    k.r += r.r ?? 0;
    byKind.set(r.kind, k);
  }
  for (const [kind, k] of byKind) {
    records.set({ kind, outcome: "accepted" }, k.a);
    records.set({ kind, outcome: "duplicate" }, k.d);
    records.set({ kind, outcome: "rejected" }, k.r);
  }
  const jobs = await sql
    .query<{ name: string; wait: number | null; run: number | null; failed: number }>(
      `SELECT name,
              avg(extract(epoch FROM started_on - created_on)) FILTER (WHERE state = 'completed') AS wait,
              avg(extract(epoch FROM completed_on - started_on)) FILTER (WHERE state = 'completed') AS run,
              count(*) FILTER (WHERE state = 'failed')::int AS failed
         FROM pgboss.job WHERE completed_on > now() - interval '1 hour' OR (state = 'failed' AND created_on > now() - interval '1 hour')
        GROUP BY name`,
    )
    .catch(() => []); // the queue schema exists once a worker has started
  for (const j of jobs) {
    if (j.wait !== null) jobWait.set({ job: j.name }, Number(j.wait));
    if (j.run !== null) jobRun.set({ job: j.name }, Number(j.run));
    jobsFailed.set({ job: j.name }, j.failed);
  }
  const n = await sql.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM notification_message GROUP BY status`,
  );
  for (const s of ["pending", "retrying", "sent", "failed"])
    notifications.set({ status: s }, n.find((x) => x.status === s)?.n ?? 0);
}

let cache: { at: number; text: Promise<string> } | null = null;

async function collect(): Promise<string> {
  for (const m of [
    mtls,
    mtlsCross,
    rotation,
    compliance,
    denyRate,
    certs,
    expiring,
    incidentsOpen,
    batches,
    records,
    jobWait,
    jobRun,
    jobsFailed,
  ])
    m.reset();
  try {
    await collectKpis();
    await collectHealth();
    up.set(1);
  } catch (e) {
    console.error("[metrics]", (e as Error).message);
    up.set(0);
  }
  return registry.metrics();
}

export async function metricsText(): Promise<string> {
  if (!cache || Date.now() - cache.at > CACHE_MS) {
    cache = { at: Date.now(), text: collect() };
    cache.text.catch(() => {
      cache = null;
    });
  }
  return cache.text;
}

export const METRICS_CONTENT_TYPE = registry.contentType;
