import { z } from "zod";
import { registerConnector } from "@/lib/sources/connectors";
import type { QueryPayload } from "./query-result";

// The `prometheus` pull connector (DESIGN §6): PromQL over the HTTP API of a real Prometheus. Each run
// asks for increase() of the Istio counters over the time since the previous run (or the configured
// window on the first run), grouped by the traffic-edge dimensions, and hands the result to the
// `prometheus-query` telemetry format: Prometheus has already turned the counters into deltas.

const EDGE_LABELS = [
  "reporter",
  "source_cluster",
  "source_workload_namespace",
  "source_workload",
  "source_principal",
  "destination_cluster",
  "destination_workload_namespace",
  "destination_workload",
  "destination_principal",
  "request_protocol",
  "connection_security_policy",
];

export function istioQueries(windowSeconds: number): { metric: string; query: string }[] {
  const w = `${Math.round(windowSeconds)}s`;
  return [
    {
      metric: "istio_requests_total",
      query: `sum by (${[...EDGE_LABELS, "response_code", "grpc_response_status"].join(", ")}) (increase(istio_requests_total[${w}]))`,
    },
    {
      metric: "istio_tcp_connections_opened_total",
      query: `sum by (${EDGE_LABELS.join(", ")}) (increase(istio_tcp_connections_opened_total[${w}]))`,
    },
  ];
}

const config = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .describe("Base URL of Prometheus, e.g. http://prometheus.istio-system:9090"),
  windowSeconds: z.number().int().min(15).max(86_400).default(300).describe("Window of the first run"),
  timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
});
type Config = z.infer<typeof config>;

/** Seconds since the previous run, so consecutive runs neither overlap nor leave gaps. */
export function windowFor(cfg: Pick<Config, "windowSeconds">, lastRunAt: Date | null, now: Date): number {
  if (!lastRunAt) return cfg.windowSeconds;
  const s = Math.round((now.getTime() - lastRunAt.getTime()) / 1000);
  return Math.min(Math.max(s, 15), 86_400);
}

registerConnector<Config>({
  kind: "prometheus",
  label: "Prometheus (Istio metrics)",
  description:
    "Queries increase(istio_requests_total) and increase(istio_tcp_connections_opened_total) over the HTTP API, grouped by source/destination cluster, namespace, workload, principal, protocol and security policy",
  configSchema: config,
  secretFields: ["bearerToken"],
  async pull(source, now) {
    const windowSeconds = windowFor(source.config, source.lastRunAt, now);
    const time = (now.getTime() / 1000).toFixed(3);
    const headers: Record<string, string> = { accept: "application/json" };
    if (source.secrets.bearerToken) headers.authorization = `Bearer ${source.secrets.bearerToken}`;
    const results: QueryPayload["results"] = [];
    for (const q of istioQueries(windowSeconds)) {
      const url = new URL(
        "api/v1/query",
        source.config.url.endsWith("/") ? source.config.url : `${source.config.url}/`,
      );
      url.searchParams.set("query", q.query);
      url.searchParams.set("time", time);
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: AbortSignal.timeout(source.config.timeoutMs) });
      } catch (e) {
        throw new Error(`Prometheus at ${url.origin} did not answer: ${(e as Error).message}`);
      }
      const text = await res.text();
      let body: { status?: string; error?: string; data?: unknown } = {};
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(
          `Prometheus answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        );
      }
      if (!res.ok || body.status !== "success") {
        throw new Error(`Prometheus answered ${res.status}: ${body.error ?? text.slice(0, 200)}`);
      }
      results.push({ metric: q.metric, data: body.data });
    }
    const payload: QueryPayload & { queries: string[] } = {
      collectedAt: now.toISOString(),
      windowSeconds,
      queries: istioQueries(windowSeconds).map((q) => q.query),
      results,
    };
    return [
      {
        kind: "telemetry",
        format: "prometheus-query",
        cluster: source.cluster,
        body: JSON.stringify(payload),
        contentType: "application/json",
      },
    ];
  },
});
