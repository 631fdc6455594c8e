// Which cluster, namespace and workload a signal concerns (docs/kpis.md: "the workload from labels, or from a
// pod name without its ReplicaSet/pod hash suffixes"). Pure; used for alerts and Falco events alike.

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

export function subjectLabel(s: Subject): string {
  return [s.cluster ?? "?", s.namespace ?? "?", s.workload ?? "?"].join("/");
}
