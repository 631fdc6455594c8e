import { describe, expect, it } from "vitest";
import { KSM_TARGET_LABELS, nodeFilesystemAlertLabels } from "@/test/alertmanager-fixtures";
import { alertSubjectFromLabels, subjectFromLabels, workloadFromPod } from "./subject";

describe("workloadFromPod", () => {
  it("strips ReplicaSet hash and pod suffix, CronJob times, StatefulSet ordinals", () => {
    expect(workloadFromPod("frontend-6b7c8d9e0-f4g5h")).toBe("frontend");
    expect(workloadFromPod("payments-api-7f9d8c6b5-9xk2m")).toBe("payments-api");
    expect(workloadFromPod("batch-exporter-28790400-kq8zt")).toBe("batch-exporter");
    expect(workloadFromPod("fluent-bit-x7k2p")).toBe("fluent-bit");
    expect(workloadFromPod("ledger-db-0")).toBe("ledger-db");
    expect(workloadFromPod("checkout-5c6d7e8f9-abcde")).toBe("checkout");
  });
  it("keeps names whose last parts are words, not hashes", () => {
    expect(workloadFromPod("frontend-proxy")).toBe("frontend-proxy");
    expect(workloadFromPod("shop-backend-admin")).toBe("shop-backend-admin");
    expect(workloadFromPod("api")).toBe("api");
    expect(workloadFromPod("debug-netshoot-7c9f")).toBe("debug-netshoot-7c9f");
  });
});

describe("subjectFromLabels", () => {
  it("takes the pod name when no workload label is present", () => {
    const s = subjectFromLabels({
      cluster: "eu-west-prod",
      k8s_ns_name: "shop",
      k8s_pod_name: "frontend-6b7c8d9e0-f4g5h",
    });
    expect(s).toEqual({ cluster: "eu-west-prod", namespace: "shop", workload: "frontend" });
  });
  it("prefers the offending source side of traffic alerts", () => {
    const s = subjectFromLabels({
      cluster: "us-east-prod",
      source_cluster: "eu-west-prod",
      source_namespace: "shop",
      source_workload: "frontend",
      destination_namespace: "ledger",
    });
    expect(s).toEqual({ cluster: "eu-west-prod", namespace: "shop", workload: "frontend" });
  });
  it("falls back to the batch cluster and ignores <NA>", () => {
    expect(subjectFromLabels({ namespace: "<NA>", deployment: "api" }, "dev-1")).toEqual({
      cluster: "dev-1",
      namespace: null,
      workload: "api",
    });
  });
});

// Label sets as kube-prometheus-stack delivers them: kubernetes-mixin rules over kube-state-metrics series,
// which carry the exporter's own target labels (KSM_TARGET_LABELS).
describe("alertSubjectFromLabels (alerts that name no workload)", () => {
  it("KubeNodeNotReady is about its node, not about the kube-state-metrics pod that reported it", () => {
    const s = alertSubjectFromLabels({
      ...KSM_TARGET_LABELS,
      alertname: "KubeNodeNotReady",
      condition: "Ready",
      node: "hive-04",
      severity: "warning",
      status: "true",
      cluster: "prod",
    });
    expect(s).toEqual({
      cluster: "prod",
      namespace: null,
      workload: null,
      alertSubject: "KubeNodeNotReady node=hive-04",
    });
  });
  it("KubePodCrashLooping (kube-state-metrics, honorLabels) is about the crashing pod's workload", () => {
    const s = alertSubjectFromLabels(
      {
        ...KSM_TARGET_LABELS,
        alertname: "KubePodCrashLooping",
        container: "executor-svc",
        namespace: "kasten-io",
        pod: "executor-svc-849ffcf9c7-wbmvz",
        reason: "CrashLoopBackOff",
        uid: "56295fce-53b7-4761-a695-edce9608b1d3",
      },
      "prod",
    );
    expect(s).toEqual({
      cluster: "prod",
      namespace: "kasten-io",
      workload: "executor-svc",
      alertSubject: null,
    });
  });
  it("KubeletTooManyPods names only a node; TargetDown a service (else its job) in a namespace", () => {
    expect(
      alertSubjectFromLabels({ alertname: "KubeletTooManyPods", node: "ip-172-20-116-231" }, "c"),
    ).toEqual({
      cluster: "c",
      namespace: null,
      workload: null,
      alertSubject: "KubeletTooManyPods node=ip-172-20-116-231",
    });
    expect(
      alertSubjectFromLabels({
        alertname: "TargetDown",
        job: "argocd-repo-server-metrics",
        namespace: "argocd",
        service: "argocd-repo-server-metrics",
        severity: "warning",
        cluster: "c",
      }),
    ).toMatchObject({
      namespace: "argocd",
      workload: null,
      alertSubject: "TargetDown service=argocd-repo-server-metrics",
    });
    expect(alertSubjectFromLabels({ alertname: "TargetDown", job: "pi-hole" }, "c").alertSubject).toBe(
      "TargetDown job=pi-hole",
    );
    expect(alertSubjectFromLabels({ alertname: "Watchdog" }, "c").alertSubject).toBe("Watchdog");
  });
  it("an instance is more specific than a service or job; a node more than the exporter's instance", () => {
    expect(
      alertSubjectFromLabels({
        alertname: "BlackboxProbeFailed",
        instance: "https://a.example",
        job: "blackbox",
      }).alertSubject,
    ).toBe("BlackboxProbeFailed instance=https://a.example");
    expect(
      alertSubjectFromLabels({
        alertname: "KubeletDown",
        node: "n1",
        instance: "10.0.0.5:10250",
        job: "kubelet",
      }).alertSubject,
    ).toBe("KubeletDown node=n1");
  });
  it("node-exporter alerts are about the machine (its scrape instance), not the exporter's DaemonSet", () => {
    // kube-prometheus-stack's NodeFilesystemSpaceFillingUp as Alertmanager sends it: the scrape target's
    // namespace, pod, container and service ride along; instance is the node's host:port.
    const fs = (instance: string, pod: string) =>
      alertSubjectFromLabels(nodeFilesystemAlertLabels(instance, pod, "/"), "c");
    const a = fs("10.0.0.5:9100", "kube-prometheus-stack-prometheus-node-exporter-x7k2p");
    const b = fs("10.0.0.6:9100", "kube-prometheus-stack-prometheus-node-exporter-q9r4s");
    expect(a).toEqual({
      cluster: "c",
      namespace: null,
      workload: null,
      alertSubject: "NodeFilesystemSpaceFillingUp instance=10.0.0.5:9100",
    });
    expect(b.alertSubject).toBe("NodeFilesystemSpaceFillingUp instance=10.0.0.6:9100");
    // Scraped without pod labels (a static config), and with the node relabelled in.
    expect(
      alertSubjectFromLabels({
        alertname: "NodeHighNumberConntrackEntriesUsed",
        instance: "10.0.0.5:9100",
        job: "node-exporter",
      }),
    ).toMatchObject({
      namespace: null,
      alertSubject: "NodeHighNumberConntrackEntriesUsed instance=10.0.0.5:9100",
    });
    expect(
      alertSubjectFromLabels({
        alertname: "NodeClockNotSynchronising",
        instance: "10.0.0.5:9100",
        node: "ip-10-0-0-5",
        job: "node-exporter",
        namespace: "monitoring",
        pod: "node-exporter-x7k2p",
        container: "node-exporter",
      }).alertSubject,
    ).toBe("NodeClockNotSynchronising node=ip-10-0-0-5");
    // TargetDown over the whole node-exporter job names no machine: the usual rule (service, job).
    expect(
      alertSubjectFromLabels({
        alertname: "TargetDown",
        job: "node-exporter",
        namespace: "monitoring",
        service: "kube-prometheus-stack-prometheus-node-exporter",
      }),
    ).toMatchObject({
      namespace: "monitoring",
      alertSubject: "TargetDown service=kube-prometheus-stack-prometheus-node-exporter",
    });
  });
  it("an application's alert on its own metrics keeps its pod's workload; owner labels win", () => {
    expect(
      alertSubjectFromLabels({
        alertname: "HighErrorRate",
        job: "checkout",
        service: "checkout",
        container: "checkout",
        namespace: "shop",
        pod: "checkout-5c6d7e8f9-abcde",
        instance: "10.12.3.17:8080",
      }),
    ).toMatchObject({ namespace: "shop", workload: "checkout", alertSubject: null });
    expect(
      alertSubjectFromLabels({
        ...KSM_TARGET_LABELS,
        alertname: "KubeDeploymentReplicasMismatch",
        namespace: "shop",
        deployment: "cart",
      }),
    ).toMatchObject({ namespace: "shop", workload: "cart", alertSubject: null });
    // kube-state-metrics about a namespaced object it names by no workload label: not about itself.
    expect(
      alertSubjectFromLabels({
        ...KSM_TARGET_LABELS,
        alertname: "KubeQuotaAlmostFull",
        namespace: "team-a",
        resourcequota: "q",
      }),
    ).toMatchObject({ namespace: "team-a", workload: null, alertSubject: "KubeQuotaAlmostFull" });
  });
});
