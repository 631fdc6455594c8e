import { z } from "zod";
import { type CheckedResponse, checkedFetch, httpError, OutboundError } from "@/lib/net/outbound";
import { registerConnector } from "@/lib/sources/connectors";
import type { QueryPayload } from "./query-result";

// The `prometheus` pull connector (docs/ingest-formats.md): PromQL over the HTTP API of a real Prometheus. Each run
// asks for increase() of the Istio counters over the time since the last successful pull (or the
// configured window on the first run), grouped by the traffic-edge dimensions, and hands the result to the
// `prometheus-query` telemetry format: Prometheus has already turned the counters into deltas, which the
// format spreads over the minutes of the window they cover.

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

/**
 * Seconds since the end of the last successful pull, so consecutive pulls neither overlap nor leave gaps
 * (a failed pull does not move that end: the next one asks for its window too). At most one day.
 */
export function windowFor(cfg: Pick<Config, "windowSeconds">, since: Date | null, now: Date): number {
  if (!since) return cfg.windowSeconds;
  const s = Math.round((now.getTime() - since.getTime()) / 1000);
  return Math.min(Math.max(s, 15), 86_400);
}

registerConnector<Config>({
  kind: "prometheus",
  label: "Prometheus (Istio metrics)",
  description:
    "Queries increase(istio_requests_total) and increase(istio_tcp_connections_opened_total) over the HTTP API, grouped by source/destination cluster, namespace, workload, principal, protocol and security policy",
  configSchema: config,
  secretFields: ["bearerToken"],
  secretHelp: {
    bearerToken: {
      label: "Bearer token (optional)",
      help: "Sent as Authorization: Bearer when Prometheus sits behind an authenticating proxy.",
    },
  },
  fields: [
    {
      key: "url",
      label: "Prometheus URL",
      type: "url",
      required: true,
      placeholder: "http://prometheus.istio-system:9090",
      help: "The base URL of the HTTP API (without /api/v1). Posture asks for increase() of the Istio counters.",
    },
    {
      key: "windowSeconds",
      label: "First window",
      type: "number",
      unit: "seconds",
      initial: 300,
      help: "How far back the first run looks; later runs start where the last successful one ended.",
    },
    {
      key: "timeoutMs",
      label: "Timeout",
      type: "number",
      unit: "ms",
      initial: 15000,
      help: "Per query.",
    },
  ],
  targets: (c) => [new URL(c.url).hostname],
  async test(c, secrets) {
    // buildinfo is cheap and answered by every Prometheus since 2.14; only its status is reported.
    const url = new URL("api/v1/status/buildinfo", c.url.endsWith("/") ? c.url : `${c.url}/`);
    const headers: Record<string, string> = { accept: "application/json" };
    if (secrets.bearerToken) headers.authorization = `Bearer ${secrets.bearerToken}`;
    const res = await checkedFetch(url, { headers, timeoutMs: c.timeoutMs, maxBytes: 64 * 1024 });
    if (!res.ok)
      return { ok: false, message: `Prometheus at ${url.origin} answered ${httpError(res.status)}` };
    let status: unknown;
    try {
      status = JSON.parse(res.body.toString("utf8"))?.status;
    } catch {
      status = null;
    }
    return status === "success"
      ? { ok: true, message: `Prometheus at ${url.origin} answered ${httpError(res.status)}` }
      : { ok: false, message: `${url.origin} answered ${res.status}, but not as the Prometheus HTTP API` };
  },
  async pull(source, now) {
    const windowSeconds = windowFor(source.config, source.lastSuccessAt, now);
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
      // Errors name the status only: the response body is the target's, and must not be read back.
      const where = `Prometheus at ${url.origin}`;
      let res: CheckedResponse;
      try {
        res = await checkedFetch(url, { headers, timeoutMs: source.config.timeoutMs });
      } catch (e) {
        throw new Error(`${where}: ${e instanceof OutboundError ? e.message : "request failed"}`);
      }
      if (!res.ok) throw new Error(`${where} answered ${httpError(res.status)}`);
      let body: { status?: string; data?: unknown };
      try {
        body = JSON.parse(res.body.toString("utf8"));
      } catch {
        throw new Error(`${where} answered ${res.status} with a body that is not JSON`);
      }
      if (body?.status !== "success")
        throw new Error(`${where} answered ${res.status} without "status":"success"`);
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
