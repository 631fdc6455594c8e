// Alertmanager's webhook (version 4) as its documentation shows it: an envelope for one group of alerts.
// The product reads the alerts; the envelope is there because Alertmanager always sends it.

export interface WebhookAlert {
  status?: "firing" | "resolved";
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  /** Alertmanager's zero time while the alert fires. */
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
}

/** The webhook body (an object; JSON.stringify it where the test sends text) around these alerts. */
export function alertmanagerWebhook(alerts: WebhookAlert[], envelope: { groupKey?: string } = {}) {
  return {
    version: "4",
    groupKey: envelope.groupKey ?? "{}:{}",
    truncatedAlerts: 0,
    status: alerts.every((a) => a.status === "resolved") ? "resolved" : "firing",
    receiver: "posture",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://alertmanager.example:9093",
    alerts: alerts.map((a) => ({ status: "firing", endsAt: "0001-01-01T00:00:00Z", ...a })),
  };
}

/**
 * The target labels Prometheus attaches to every kube-state-metrics series as kube-prometheus-stack
 * scrapes it (ServiceMonitor with honorLabels): the exporter's own pod, container and service ride along
 * on alerts such as KubeNodeNotReady that are about something else.
 */
export const KSM_TARGET_LABELS = {
  container: "kube-state-metrics",
  endpoint: "http",
  instance: "10.42.0.16:8080",
  job: "kube-state-metrics",
  namespace: "monitoring",
  pod: "kube-prometheus-stack-kube-state-metrics-5cc5cc8bf4-26845",
  prometheus: "monitoring/kube-prometheus-stack-prometheus",
  service: "kube-prometheus-stack-kube-state-metrics",
};

/**
 * kube-prometheus-stack's NodeFilesystemSpaceFillingUp as Alertmanager sends it: about the machine at
 * `instance` (host:port), with the scrape target's labels (the node-exporter pod, its namespace,
 * container and service) riding along.
 */
export const nodeFilesystemAlertLabels = (instance: string, pod: string, mountpoint: string) => ({
  alertname: "NodeFilesystemSpaceFillingUp",
  container: "node-exporter",
  device: "/dev/nvme0n1p1",
  endpoint: "http-metrics",
  fstype: "ext4",
  instance,
  job: "node-exporter",
  mountpoint,
  namespace: "monitoring",
  pod,
  service: "kube-prometheus-stack-prometheus-node-exporter",
  severity: "warning",
});
