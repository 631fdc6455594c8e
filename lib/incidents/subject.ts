// Which cluster, namespace and workload a signal concerns (docs/kpis.md: "the workload from labels, or from a
// pod name without its ReplicaSet/pod hash suffixes"). Pure; used for alerts and Falco events alike, and
// `workloadFromPod` by the Envoy and Hubble parsers too.

// Kubernetes generates pod-name suffixes from this alphabet (no vowels, no 0/1/3), so "frontend-proxy"
// keeps its "-proxy" while "frontend-f4g5h" loses "-f4g5h".
const POD_SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";
// Deployment pods: <name>-<pod-template-hash>-<suffix>; CronJob pods: <name>-<schedule time>-<suffix>.
// The middle part must contain a digit so that "<name>-backend-f4g5h" is not read as a hash; with that
// anchor the last part may be any five characters (hand-written manifests and samples use "abcde").
const DEPLOYMENT_POD = /^(.+)-(?=[a-z0-9]*\d)[a-z0-9]{6,10}-[a-z0-9]{5}$/;
const SHORT_POD = new RegExp(`^(.+)-${POD_SUFFIX}$`);
const STATEFUL_POD = /^(.+)-\d{1,4}$/;

export function workloadFromPod(pod: string): string {
  const p = pod.trim();
  return DEPLOYMENT_POD.exec(p)?.[1] ?? SHORT_POD.exec(p)?.[1] ?? STATEFUL_POD.exec(p)?.[1] ?? p;
}

export interface Subject {
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
}

type Labels = Record<string, string | null | undefined>;

const pick = (l: Labels, keys: readonly string[]): string | null => {
  for (const k of keys) {
    const v = l[k];
    if (typeof v === "string" && v.trim() && v !== "<NA>") return v.trim();
  }
  return null;
};

const CLUSTER_KEYS = ["cluster", "k8s_cluster", "cluster_name", "k8s_cluster_name", "kubernetes_cluster"];
const NAMESPACE_KEYS = [
  "namespace",
  "k8s_ns_name",
  "kubernetes_namespace",
  "exported_namespace",
  "k8s_namespace_name",
];
const WORKLOAD_KEYS = [
  "workload",
  "deployment",
  "statefulset",
  "daemonset",
  "k8s_deployment_name",
  // kube-state-metrics names a Job or CronJob this way (`job` is Prometheus's scrape job).
  "job_name",
  "cronjob",
  "app_kubernetes_io_name",
  "app",
];
const POD_KEYS = ["pod", "pod_name", "k8s_pod_name", "kubernetes_pod_name", "exported_pod"];

/**
 * The subject of an alert from its labels. Traffic alerts (Hubble, Istio) name the offending side with
 * source_* labels while `cluster` is where the alert was evaluated; the offending workload is the one an
 * incident is about, so source_* labels win when they name a namespace or workload.
 */
export function subjectFromLabels(labels: Labels, fallbackCluster: string | null = null): Subject {
  const src = pick(labels, ["source_workload", "source_namespace"]);
  if (src) {
    return {
      cluster: pick(labels, ["source_cluster"]) ?? pick(labels, CLUSTER_KEYS) ?? fallbackCluster,
      namespace: pick(labels, ["source_namespace"]),
      workload: pick(labels, ["source_workload"]) ?? mapPod(pick(labels, ["source_pod"])),
    };
  }
  return {
    cluster: pick(labels, CLUSTER_KEYS) ?? fallbackCluster,
    namespace: pick(labels, NAMESPACE_KEYS),
    workload: pick(labels, WORKLOAD_KEYS) ?? mapPod(pick(labels, POD_KEYS)),
  };
}

function mapPod(pod: string | null): string | null {
  return pod ? workloadFromPod(pod) : null;
}

export function subjectLabel(s: Subject & { alertSubject?: string | null }): string {
  if (s.alertSubject)
    return [s.cluster ?? "?", ...(s.namespace ? [s.namespace] : []), s.alertSubject].join("/");
  return [s.cluster ?? "?", s.namespace ?? "?", s.workload ?? "?"].join("/");
}

export interface AlertSubject extends Subject {
  /**
   * Set when the labels name no workload: `<alertname> <label>=<value>` with the most specific of
   * node, instance, service, job (or the alertname alone). Alerts join an incident only when this
   * matches too, so two nodes' alerts, or two different cluster-level alerts, stay apart.
   */
  alertSubject: string | null;
}

// Most specific first. `node` names one machine and, when present, is what the alert is about: on
// kube-state-metrics alerts (KubeNodeNotReady) `instance` is the exporter's own address. `instance` is
// one scrape target; `service` a Kubernetes Service in front of one or more targets; `job` the whole
// scrape job (every target of one kind).
export const ALERT_TARGET_KEYS = ["node", "instance", "service", "job"] as const;

/** Exporters whose every series is about the machine they run on (job or container name). */
const HOST_EXPORTER = /(^|[-_])(node|windows)[-_]exporter$/;
const HOST_KEYS = ["node", "instance"] as const;

const same = (a: string | null, b: string | null) => a !== null && b !== null && a === b;

/**
 * Whether the pod label is the exporter that produced the metric rather than the thing the alert is
 * about. Prometheus (kube-prometheus-stack ServiceMonitors) attaches the scrape target's namespace,
 * pod, container and service; on a series about another object those are the exporter's own — its
 * container is the scrape job, or its workload is named like the service or job.
 */
function exporterOwnPod(labels: Labels): boolean {
  const pod = pick(labels, POD_KEYS);
  if (!pod) return false;
  const job = pick(labels, ["job"]);
  const service = pick(labels, ["service"]);
  const wl = workloadFromPod(pod);
  return same(pick(labels, ["container"]), job) || same(wl, job) || same(wl, service);
}

/**
 * The subject of an Alertmanager alert: cluster + namespace + workload when the labels name a
 * workload, otherwise cluster (+ namespace when given) + alertname + the most specific of node /
 * instance / service / job. An exporter's own pod is not the workload an alert is about when the alert
 * names a node (KubeNodeNotReady comes from kube-state-metrics' pod) or comes from kube-state-metrics,
 * which only ever reports on other objects; an application's alert on its own metrics keeps its pod.
 * The rule is written down for users in docs/incidents.md.
 */
export function alertSubjectFromLabels(labels: Labels, fallbackCluster: string | null = null): AlertSubject {
  const base = subjectFromLabels(labels, fallbackCluster);
  const alertname = pick(labels, ["alertname"]) ?? "(unnamed alert)";
  if (pick(labels, ["source_workload", "source_namespace"])) return { ...base, alertSubject: null };
  const owner = pick(labels, WORKLOAD_KEYS);
  const node = pick(labels, ["node"]);
  const exporter = !owner && exporterOwnPod(labels);
  const scraped = [pick(labels, ["job"]), pick(labels, ["container"])];
  // node-exporter (windows-exporter) runs one pod per machine and reports on that machine: its alerts
  // are about the node — named by `node` when relabelled in, else by the scrape `instance` — never about
  // the exporter's DaemonSet, pod or namespace.
  // (An alert about the whole job, such as TargetDown by job and service, names no machine: it keeps
  // the usual rule.)
  const host =
    !owner &&
    scraped.some((v) => v !== null && HOST_EXPORTER.test(v)) &&
    HOST_KEYS.some((k) => pick(labels, [k]) !== null);
  const reportsOnOthers =
    host || (exporter && (node !== null || scraped.some((v) => v?.includes("kube-state-metrics"))));
  if (base.workload && !reportsOnOthers) return { ...base, alertSubject: null };
  // Without a workload: the exporter's target labels (namespace of a node alert, instance, service,
  // job) describe who reported, not what is wrong, so only `node` may name the subject then (and the
  // scrape `instance` of a host exporter, which is the machine itself).
  const keys = host ? HOST_KEYS : reportsOnOthers ? (["node"] as const) : ALERT_TARGET_KEYS;
  let target: string | null = null;
  for (const k of keys) {
    const v = pick(labels, [k]);
    if (v) {
      target = `${k}=${v}`;
      break;
    }
  }
  return {
    cluster: base.cluster,
    namespace: (reportsOnOthers && node !== null) || host ? null : base.namespace,
    workload: null,
    alertSubject: target ? `${alertname} ${target}` : alertname,
  };
}
