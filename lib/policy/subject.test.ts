import { describe, expect, it } from "vitest";
import { workloadOfSubject } from "./subject";

describe("workloadOfSubject", () => {
  it("reads SPIFFE IDs, cluster/ns/workload and ns/workload; nothing from addresses", () => {
    const frontend = { namespace: "shop", workload: "frontend" };
    expect(workloadOfSubject("spiffe://acme.internal/ns/shop/sa/frontend")).toEqual(frontend);
    expect(workloadOfSubject("eu-west-prod/shop/frontend")).toEqual(frontend);
    expect(workloadOfSubject("ledger/ledger-db")).toEqual({ namespace: "ledger", workload: "ledger-db" });
    expect(workloadOfSubject("10.44.9.77")).toEqual({ namespace: null, workload: null });
    expect(workloadOfSubject(null)).toEqual({ namespace: null, workload: null });
  });
});
