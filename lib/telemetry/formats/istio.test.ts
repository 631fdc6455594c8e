import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { edgeKey, interpretIstio, withDefaultCluster } from "./istio";
import { type PromSample, parsePromLine } from "./prom-text";

const SAMPLE = readFileSync(
  path.join(import.meta.dirname, "../../demo/fixtures/telemetry/istio-metrics.prom"),
  "utf8",
);
const samples = (text: string) =>
  text
    .split("\n")
    .map(parsePromLine)
    .flatMap((r) => (r.kind === "sample" ? [r.sample] : []));

describe("interpretIstio on the sample federate output", () => {
  const all = samples(SAMPLE).map(interpretIstio);

  it("reads 12 request and 5 TCP series, every one valid", () => {
    expect(all).toHaveLength(17);
    const ok = all.flatMap((r) => (r.ok ? [r.series] : []));
    expect(ok).toHaveLength(17);
    expect(ok.filter((s) => s.measure === "requests")).toHaveLength(12);
    expect(ok.filter((s) => s.measure === "connections")).toHaveLength(5);
    expect(ok.every((s) => s.timestampMs === 1749988800000)).toBe(true);
  });

  it("maps Istio's 'unknown' to null and forces unknown policy on source-reported series", () => {
    const ok = all.flatMap((r) => (r.ok ? [r.series] : []));
    const fromOutside = ok.find((s) => s.dims.src.workload === null && s.dims.dst.workload === "catalog");
    expect(fromOutside?.dims).toMatchObject({
      reporter: "destination",
      src: { cluster: null, namespace: null, workload: null, principal: null },
      dst: { cluster: "eu-west-prod", namespace: "shop", workload: "catalog", principal: null },
      securityPolicy: "none",
    });
    expect(
      ok.filter((s) => s.dims.reporter === "source").every((s) => s.dims.securityPolicy === "unknown"),
    ).toBe(true);
    // 403s: frontend→payments-api (RBAC, flags "-") and frontend→ledger-api (ext_authz, UAEX).
    expect(
      ok
        .filter((s) => s.denied)
        .map((s) => s.value)
        .sort(),
    ).toEqual([14, 57]);
  });
});

describe("interpretIstio rejects what cannot be a counter", () => {
  const base: PromSample = {
    name: "istio_requests_total",
    labels: { reporter: "destination", connection_security_policy: "mutual_tls" },
    value: 1,
    timestampMs: null,
  };
  it.each([
    [{ value: Number.NaN }, /NaN/],
    [{ value: Infinity }, /\+Inf/],
    [{ value: -3 }, /negative/],
    [{ name: "istio_request_bytes_sum" }, /not an Istio traffic counter/],
    [{ labels: { connection_security_policy: "mutual_tls" } }, /reporter/],
    [
      { labels: { reporter: "destination", connection_security_policy: "tls" } },
      /connection_security_policy/,
    ],
  ])("%o", (patch, reason) => {
    const r = interpretIstio({ ...base, ...patch } as PromSample);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("fills the reporting side's cluster from ?cluster= when the label says nothing", () => {
    const r = interpretIstio({ ...base, labels: { reporter: "destination", destination_workload: "x" } });
    if (!r.ok) throw new Error(r.reason);
    expect(withDefaultCluster(r.series.dims, "eu-west-prod").dst.cluster).toBe("eu-west-prod");
    expect(edgeKey(r.series.dims)).not.toBe(edgeKey(withDefaultCluster(r.series.dims, "eu-west-prod")));
  });
});
