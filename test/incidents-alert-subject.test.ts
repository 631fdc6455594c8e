// Bug: an alert without namespace/workload labels joined the oldest open incident of its cluster (or, as
// kube-prometheus-stack delivers KubeNodeNotReady, the "incident" of the kube-state-metrics pod that
// reported it), so two nodes' alerts became one incident and MTTD n / containment were wrong.
// Fixtures: Alertmanager webhook payload version 4 with the label sets kubernetes-mixin rules produce.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as alertmanagerRoute } from "@/app/api/v1/alerts/alertmanager/route";
import { computeKpis } from "@/lib/kpi/compute";
import { KSM_TARGET_LABELS, nodeFilesystemAlertLabels } from "./alertmanager-fixtures";
import { call, db, tokenFor } from "./fixtures";

const CLUSTER = "subject-test";
let token: string;
beforeAll(async () => {
  token = await tokenFor("operator", ["ingest", "read", "write"]);
});

// What Prometheus attaches to every kube-state-metrics series (ServiceMonitor target labels).
const ksm = { ...KSM_TARGET_LABELS, cluster: CLUSTER };

interface Alert {
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  status?: "firing" | "resolved";
  fingerprint: string;
}

function webhook(groupLabels: Record<string, string>, alerts: Alert[]) {
  const status = alerts.every((a) => a.status === "resolved") ? "resolved" : "firing";
  return JSON.stringify({
    receiver: "posture",
    status,
    alerts: alerts.map((a) => ({
      status: a.status ?? "firing",
      labels: a.labels,
      annotations: {
        summary: `${a.labels.alertname} on ${a.labels.node ?? a.labels.pod ?? a.labels.service ?? "?"}`,
        runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/kubernetes/${a.labels.alertname.toLowerCase()}`,
      },
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example/graph?g0.expr=up&g0.tab=1",
      fingerprint: a.fingerprint,
    })),
    groupLabels,
    commonLabels: { cluster: CLUSTER },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example",
    version: "4",
    groupKey: `{}:${JSON.stringify(groupLabels)}`,
    truncatedAlerts: 0,
  });
}

async function post(body: string) {
  const r = await call(alertmanagerRoute, {
    token,
    body,
    headers: { "content-type": "application/json" },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json;
}

const incidents = () =>
  db().query<{
    id: string;
    namespace: string | null;
    workload: string | null;
    alertSubject: string | null;
    status: string;
    containedAt: Date | null;
    alerts: number;
  }>(
    `SELECT i.id, i.namespace, i.workload, i."alertSubject", i.status, i."containedAt",
            (SELECT count(*)::int FROM alert a WHERE a."incidentId" = i.id) AS alerts
       FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1 ORDER BY i."detectedAt", i.number`,
    [CLUSTER],
  );

const notReady = (node: string, startsAt: string, fp: string, extra: Partial<Alert> = {}): Alert => ({
  labels: {
    ...ksm,
    alertname: "KubeNodeNotReady",
    condition: "Ready",
    node,
    severity: "warning",
    status: "true",
  },
  startsAt,
  fingerprint: fp,
  ...extra,
});

describe("node and cluster-level alerts get a subject of their own", () => {
  it("two nodes' NotReady, TooManyPods and TargetDown stay apart from each other and from the open workload incident", async () => {
    // The cluster's oldest open incident: a crash-looping workload (kube-state-metrics, honorLabels).
    await post(
      webhook({ alertname: "KubePodCrashLooping" }, [
        {
          labels: {
            ...ksm,
            alertname: "KubePodCrashLooping",
            container: "executor-svc",
            namespace: "kasten-io",
            pod: "executor-svc-849ffcf9c7-wbmvz",
            reason: "CrashLoopBackOff",
            severity: "warning",
            uid: "56295fce-53b7-4761-a695-edce9608b1d3",
          },
          startsAt: "2025-07-01T08:00:00Z",
          fingerprint: "a1b2c3d4e5f60001",
        },
      ]),
    );
    await post(
      webhook({ alertname: "KubeNodeNotReady" }, [
        notReady("hive-01", "2025-07-01T09:00:00Z", "a1b2c3d4e5f60002"),
        notReady("hive-02", "2025-07-01T09:01:00Z", "a1b2c3d4e5f60003"),
      ]),
    );
    await post(
      webhook({ alertname: "KubeletTooManyPods" }, [
        {
          labels: { alertname: "KubeletTooManyPods", cluster: CLUSTER, node: "hive-01", severity: "info" },
          startsAt: "2025-07-01T09:02:00Z",
          fingerprint: "a1b2c3d4e5f60004",
        },
      ]),
    );
    await post(
      webhook({ alertname: "TargetDown" }, [
        {
          labels: {
            alertname: "TargetDown",
            cluster: CLUSTER,
            job: "argocd-repo-server-metrics",
            namespace: "argocd",
            prometheus: "monitoring/kube-prometheus-stack-prometheus",
            service: "argocd-repo-server-metrics",
            severity: "warning",
          },
          startsAt: "2025-07-01T09:03:00Z",
          fingerprint: "a1b2c3d4e5f60005",
        },
      ]),
    );
    const list = await incidents();
    expect(list.map((i) => [i.namespace, i.workload, i.alertSubject, i.alerts])).toEqual([
      ["kasten-io", "executor-svc", null, 1],
      [null, null, "KubeNodeNotReady node=hive-01", 1],
      [null, null, "KubeNodeNotReady node=hive-02", 1],
      [null, null, "KubeletTooManyPods node=hive-01", 1],
      ["argocd", null, "TargetDown service=argocd-repo-server-metrics", 1],
    ]);

    // hive-01 recovers, then the same alert re-fires 20 minutes later: same incident, containment cleared.
    await post(
      webhook({ alertname: "KubeNodeNotReady" }, [
        notReady("hive-01", "2025-07-01T09:00:00Z", "a1b2c3d4e5f60002", {
          status: "resolved",
          endsAt: "2025-07-01T09:10:00Z",
        }),
      ]),
    );
    expect((await incidents())[1]).toMatchObject({ status: "contained" });
    await post(
      webhook({ alertname: "KubeNodeNotReady" }, [
        notReady("hive-01", "2025-07-01T09:30:00Z", "a1b2c3d4e5f60002"),
      ]),
    );
    const after = await incidents();
    expect(after).toHaveLength(5);
    expect(after[1]).toMatchObject({
      alertSubject: "KubeNodeNotReady node=hive-01",
      alerts: 2,
      status: "open",
      containedAt: null,
    });

    // Five incidents detected that day: MTTD counts five (each estimated from its own alerts).
    const k = await computeKpis({
      from: new Date("2025-07-01T00:00:00Z"),
      to: new Date("2025-07-02T00:00:00Z"),
      cluster: CLUSTER,
      now: new Date(),
    });
    expect(k.mttd.n).toBe(5);
  });

  it("node-exporter alerts on two machines are two incidents, not one on the exporter's DaemonSet", async () => {
    // kube-prometheus-stack's node-exporter target labels: the exporter's pod, namespace and service.
    const fs = (instance: string, pod: string, fp: string): Alert => ({
      labels: { ...nodeFilesystemAlertLabels(instance, pod, "/var/lib/containerd"), cluster: CLUSTER },
      startsAt: "2025-07-01T10:00:00Z",
      fingerprint: fp,
    });
    await post(
      webhook({ alertname: "NodeFilesystemSpaceFillingUp" }, [
        fs("10.0.0.5:9100", "kube-prometheus-stack-prometheus-node-exporter-x7k2p", "b1b2c3d4e5f60001"),
        fs("10.0.0.6:9100", "kube-prometheus-stack-prometheus-node-exporter-q9r4s", "b1b2c3d4e5f60002"),
      ]),
    );
    const list = (await incidents())
      .filter((i) => i.alertSubject?.startsWith("NodeFilesystem"))
      .sort((a, b) => String(a.alertSubject).localeCompare(String(b.alertSubject)));
    expect(list.map((i) => [i.namespace, i.workload, i.alertSubject, i.alerts])).toEqual([
      [null, null, "NodeFilesystemSpaceFillingUp instance=10.0.0.5:9100", 1],
      [null, null, "NodeFilesystemSpaceFillingUp instance=10.0.0.6:9100", 1],
    ]);
    const onExporter = await db().query(
      `SELECT 1 FROM incident i JOIN cluster c ON c.id = i."clusterId" WHERE c.name = $1 AND i.workload LIKE '%node-exporter%'`,
      [CLUSTER],
    );
    expect(onExporter).toHaveLength(0);
  });
});
