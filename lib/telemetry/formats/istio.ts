// What an Istio standard-metrics sample means for traffic edges. Pure.
import type { PromSample } from "./prom-text";
import { seriesKey } from "./prom-text";

export const ISTIO_METRICS = {
  istio_requests_total: "requests",
  istio_tcp_connections_opened_total: "connections",
} as const;
export type IstioMeasure = (typeof ISTIO_METRICS)[keyof typeof ISTIO_METRICS];

export type Reporter = "source" | "destination" | "hubble";
export type SecurityPolicy = "mutual_tls" | "none" | "unknown";

export interface Endpoint {
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  principal: string | null;
}

/** The dimensions of a traffic bucket plus who observed it. */
export interface EdgeDims {
  reporter: Reporter;
  src: Endpoint;
  dst: Endpoint;
  protocol: string;
  securityPolicy: SecurityPolicy;
}

export interface IstioSeries {
  /** Identity of the counter (metric + every label, including instance/pod: counters are per proxy). */
  key: string;
  measure: IstioMeasure;
  dims: EdgeDims;
  /** HTTP 403 (Envoy RBAC or ext_authz) or gRPC PERMISSION_DENIED: a denied request. */
  denied: boolean;
  value: number;
  timestampMs: number | null;
}

/** Istio's sentinels for "not known" become null. */
function known(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t === "" || t === "unknown" || t === "-" ? null : t;
}

export function interpretIstio(
  s: PromSample,
): { ok: true; series: IstioSeries } | { ok: false; reason: string } {
  const measure = ISTIO_METRICS[s.name as keyof typeof ISTIO_METRICS];
  if (!measure) {
    return {
      ok: false,
      reason: `${s.name}: not an Istio traffic counter (only ${Object.keys(ISTIO_METRICS).join(", ")} are used)`,
    };
  }
  if (Number.isNaN(s.value)) return { ok: false, reason: `${s.name}: value NaN is not a counter value` };
  if (!Number.isFinite(s.value))
    return { ok: false, reason: `${s.name}: value ${s.value > 0 ? "+Inf" : "-Inf"} is not a counter value` };
  if (s.value < 0) return { ok: false, reason: `${s.name}: a counter cannot be negative (${s.value})` };
  const l = s.labels;
  const reporter = l.reporter;
  if (reporter !== "source" && reporter !== "destination") {
    return {
      ok: false,
      reason: `${s.name}: label reporter must be "source" or "destination" (got ${reporter === undefined ? "none" : JSON.stringify(reporter.slice(0, 40))})`,
    };
  }
  const rawPolicy = l.connection_security_policy;
  let securityPolicy: SecurityPolicy = "unknown";
  if (rawPolicy === "mutual_tls" || rawPolicy === "none") securityPolicy = rawPolicy;
  else if (rawPolicy !== undefined && rawPolicy !== "unknown" && rawPolicy !== "") {
    return {
      ok: false,
      reason: `${s.name}: connection_security_policy "${rawPolicy.slice(0, 40)}" is not mutual_tls, none or unknown`,
    };
  }
  // The client side cannot tell; Istio reports "unknown" there, and we never trust anything else from it.
  if (reporter === "source") securityPolicy = "unknown";
  const protocol = (known(l.request_protocol) ?? (measure === "connections" ? "tcp" : "http")).toLowerCase();
  const denied = measure === "requests" && (l.response_code === "403" || l.grpc_response_status === "7");
  return {
    ok: true,
    series: {
      key: seriesKey(s.name, l),
      measure,
      denied,
      value: s.value,
      timestampMs: s.timestampMs,
      dims: {
        reporter,
        src: {
          cluster: known(l.source_cluster),
          namespace: known(l.source_workload_namespace),
          workload: known(l.source_workload),
          principal: known(l.source_principal),
        },
        dst: {
          cluster: known(l.destination_cluster),
          namespace: known(l.destination_workload_namespace) ?? known(l.destination_service_namespace),
          workload: known(l.destination_workload) ?? known(l.destination_service_name),
          principal: known(l.destination_principal),
        },
        protocol,
        securityPolicy,
      },
    },
  };
}

/** The side that reported a series is in the uploading cluster when its own label says nothing. */
export function withDefaultCluster(dims: EdgeDims, cluster: string | null): EdgeDims {
  if (!cluster) return dims;
  if (dims.reporter === "destination" && !dims.dst.cluster) return { ...dims, dst: { ...dims.dst, cluster } };
  if (dims.reporter === "source" && !dims.src.cluster) return { ...dims, src: { ...dims.src, cluster } };
  return dims;
}

/** Stable key of an edge's dimensions (the unique key of a bucket row together with its minute). */
export function edgeKey(d: EdgeDims): string {
  const e = (x: Endpoint) => [x.cluster, x.namespace, x.workload, x.principal].map((v) => v ?? "").join("|");
  return [d.reporter, e(d.src), e(d.dst), d.protocol, d.securityPolicy].join("→");
}
