import { describe, expect, it } from "vitest";
import { formatDuration, incidentSubject } from "./display";

describe("formatDuration", () => {
  it("picks a readable unit", () => {
    expect(formatDuration(57.698)).toBe("58 s");
    expect(formatDuration(211.9245)).toBe("3 min 32 s");
    expect(formatDuration(1920)).toBe("32 min");
    expect(formatDuration(7500)).toBe("2 h 5 min");
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe("3 d 4 h");
    expect(formatDuration(-300)).toBe("−5 min");
    expect(formatDuration(null)).toBe("—");
  });
});

describe("incidentSubject", () => {
  it("shows a workload subject, or the alert subject of a node/target incident", () => {
    expect(incidentSubject({ cluster: "eu", namespace: "shop", workload: "frontend" })).toBe(
      "eu/shop/frontend",
    );
    expect(
      incidentSubject({
        cluster: "eu",
        namespace: null,
        workload: null,
        alertSubject: "KubeNodeNotReady node=n1",
      }),
    ).toBe("eu/KubeNodeNotReady node=n1");
    expect(
      incidentSubject({
        cluster: "eu",
        namespace: "argocd",
        workload: null,
        alertSubject: "TargetDown service=x",
      }),
    ).toBe("eu/argocd/TargetDown service=x");
  });
});
