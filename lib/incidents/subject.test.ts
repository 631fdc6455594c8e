import { describe, expect, it } from "vitest";
import { subjectFromLabels, workloadFromPod } from "./subject";

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
  });
});

describe("subjectFromLabels", () => {
  it("takes the pod name when no workload label is present", () => {
    expect(
      subjectFromLabels({
        cluster: "eu-west-prod",
        k8s_ns_name: "shop",
        k8s_pod_name: "frontend-6b7c8d9e0-f4g5h",
      }),
    ).toEqual({
      cluster: "eu-west-prod",
      namespace: "shop",
      workload: "frontend",
    });
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
