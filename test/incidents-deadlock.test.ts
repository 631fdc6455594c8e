// Attack: bursts of concurrent Alertmanager webhooks, each with several alerts across workloads in
// different orders. Before one lock order existed, transactions took the per-subject incident lock and
// the audit-chain lock in opposite orders and PostgreSQL answered "deadlock detected" (500s).
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { verifyChain } from "@/lib/audit/log";
import { call, db, tokenFor } from "./fixtures";

const CLUSTER = "deadlock-test";
const WORKLOADS = ["cart", "checkout", "frontend", "ledger", "payments", "search"];
const BURSTS = 3;
const PER_BURST = 24;
const ALERTS_PER_WEBHOOK = 4;

let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest"]);
});

// A deterministic shuffle so a failure can be replayed.
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function webhook(burst: number, n: number, rand: () => number) {
  const picked = [...WORKLOADS].sort(() => rand() - 0.5).slice(0, ALERTS_PER_WEBHOOK);
  return JSON.stringify({
    receiver: "posture",
    status: "firing",
    alerts: picked.map((w, i) => ({
      status: "firing",
      labels: {
        alertname: `KubePodCrashLooping`,
        cluster: CLUSTER,
        namespace: "shop",
        pod: `${w}-7f9d8c6b5-9xk2m`,
        container: w,
        job: "kube-state-metrics",
        severity: i % 2 ? "warning" : "critical",
        // One alert per (burst, webhook, workload): many alerts, each of its own fingerprint.
        uid: `${burst}-${n}-${w}`,
      },
      annotations: { summary: `${w} is crash looping` },
      // Different start times per webhook, so batches correlate their subjects in different orders.
      startsAt: new Date(Date.UTC(2025, 6, 2, 10, 0, Math.floor(rand() * 600))).toISOString(),
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example/graph",
      fingerprint:
        `${burst.toString(16)}${n.toString(16).padStart(2, "0")}${i}${w.length.toString(16)}`.padEnd(16, "0"),
    })),
    groupLabels: { namespace: "shop" },
    commonLabels: { cluster: CLUSTER, namespace: "shop" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example",
    version: "4",
    groupKey: `{}:{namespace="shop"}:${burst}-${n}`,
    truncatedAlerts: 0,
  });
}

describe("concurrent multi-alert webhooks", () => {
  it("never deadlock: no 5xx in bursts, one incident per workload, every alert joined, chain intact", async () => {
    const rand = rng(20250702);
    const statuses: number[] = [];
    const errors: string[] = [];
    for (let b = 0; b < BURSTS; b++) {
      const bodies = Array.from({ length: PER_BURST }, (_, n) => webhook(b, n, rand));
      const results = await Promise.all(
        bodies.map((body) =>
          call(alertmanagerRoute, { token, body, headers: { "content-type": "application/json" } }),
        ),
      );
      for (const r of results) {
        statuses.push(r.status);
        if (r.status >= 500) errors.push(JSON.stringify(r.json).slice(0, 200));
      }
    }
    expect(errors).toEqual([]);
    expect(statuses.every((s) => s === 201)).toBe(true);

    const incidents = await db().query<{ workload: string; alerts: number }>(
      `SELECT i.workload, (SELECT count(*)::int FROM alert a WHERE a."incidentId" = i.id) AS alerts
         FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1 ORDER BY i.workload`,
      [CLUSTER],
    );
    expect(incidents.map((i) => i.workload)).toEqual(WORKLOADS);
    const total = incidents.reduce((n, i) => n + i.alerts, 0);
    expect(total).toBe(BURSTS * PER_BURST * ALERTS_PER_WEBHOOK);
    const orphans = await db().query(
      `SELECT 1 FROM alert a JOIN cluster c ON c.id = a."clusterId" WHERE c.name = $1 AND a."incidentId" IS NULL`,
      [CLUSTER],
    );
    expect(orphans).toHaveLength(0);
    expect((await verifyChain(db())).ok).toBe(true);
  }, 180_000);
});
