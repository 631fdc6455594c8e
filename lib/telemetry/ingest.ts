import "server-only";
import { AppError } from "@/lib/errors";
import { registerFormat } from "@/lib/ingest/registry";
import type { IngestContext, ParseItem, PayloadSource, RecordRef } from "@/lib/ingest/types";
import { applySnapshot, BucketSet, type CounterState, type SeriesSample } from "./counters";
import { runMeshDetectionForBatch } from "./detection";
import { attachFlowEvidence } from "./flow-evidence";
import { type HubbleFlowRecord, parseHubbleLine } from "./formats/hubble";
import { type IstioSeries, interpretIstio, withDefaultCluster } from "./formats/istio";
import { parsePromLine } from "./formats/prom-text";
import { hoursOfBatch, insertBuckets, refreshRollups, sha256 } from "./mutations";
import { ensurePartitions } from "./partitions";
import { parseQueryResult, type QuerySample, spreadOverMinutes } from "./query-result";

/** After the last chunk: rollups for the hours the batch touched; detection once the batch committed. */
async function finishTelemetry(ctx: IngestContext) {
  await refreshRollups(ctx.sql, await hoursOfBatch(ctx.sql, ctx.batchId));
  const batchId = ctx.batchId;
  ctx.afterCommit(async () => {
    await runMeshDetectionForBatch(batchId);
  });
}

/** Errors held back until a first good line shows the body is of the format; beyond this it is not. */
const MAX_HELD_ERRORS = 10_000;

/**
 * A payload none of whose lines parsed is not this format at all: 400, nothing stored
 * (docs/ingest-formats.md). So line errors are held until one line parses, then passed on.
 */
class FormatGate<T> {
  private parsed = 0;
  private firstError: { line: number; reason: string } | null = null;
  private readonly held: ParseItem<T>[] = [];
  constructor(private readonly what: string) {}

  /** The error item, or nothing yet while no line has parsed (it is held). */
  error(line: number, reason: string): ParseItem<T>[] {
    this.firstError ??= { line, reason };
    const item: ParseItem<T> = { ok: false, ref: { line }, reason };
    if (this.parsed > 0) return [item];
    if (this.held.length >= MAX_HELD_ERRORS) throw this.refusal();
    this.held.push(item);
    return [];
  }

  /** A line parsed: the errors held until now. */
  passed(): ParseItem<T>[] {
    this.parsed++;
    return this.held.splice(0);
  }

  /** At the end of the body: refuses it when no line parsed. */
  end(): void {
    if (this.parsed === 0) throw this.refusal();
  }

  private refusal(): AppError {
    const e = this.firstError;
    return new AppError(
      "bad_request",
      `The body is not ${this.what}${e ? ` (line ${e.line}: ${e.reason})` : ""}`,
    );
  }
}

// ---- prometheus: text exposition / federate output of the Istio counters ----

async function* parseExposition(input: PayloadSource): AsyncIterable<ParseItem<IstioSeries>> {
  const seen = new Map<string, number>();
  const gate = new FormatGate<IstioSeries>("Prometheus text exposition");
  for await (const { line, text } of input.lines()) {
    const r = parsePromLine(text);
    if (r.kind === "skip") continue;
    if (r.kind === "error") {
      yield* gate.error(line, r.reason);
      continue;
    }
    yield* gate.passed();
    const i = interpretIstio(r.sample);
    if (!i.ok) {
      yield { ok: false, ref: { line }, reason: i.reason };
      continue;
    }
    const first = seen.get(i.series.key);
    if (first !== undefined) {
      yield {
        ok: false,
        ref: { line },
        reason: `duplicate series (first on line ${first}); a payload holds each series once`,
      };
      continue;
    }
    seen.set(i.series.key, line);
    yield { ok: true, record: i.series, ref: { line } };
  }
  gate.end();
}

async function storeCounters(ctx: IngestContext, items: { record: IstioSeries; ref: RecordRef }[]) {
  const fallbackMs = ctx.receivedAt.getTime();
  const samples: SeriesSample[] = items.map(({ record: s }) => ({
    key: sha256(s.key),
    dims: withDefaultCluster(s.dims, ctx.cluster?.name ?? null),
    measure: s.measure,
    denied: s.denied,
    value: s.value,
    atMs: s.timestampMs ?? fallbackMs,
  }));
  const rows = await ctx.sql.query<{ seriesHash: string; lastValue: number; lastAt: Date }>(
    `SELECT "seriesHash", "lastValue", "lastAt" FROM telemetry_series_state WHERE "seriesHash" = ANY($1::text[]) FOR UPDATE`,
    [samples.map((s) => s.key)],
  );
  const state = new Map<string, CounterState>(
    rows.map((r) => [r.seriesHash, { value: r.lastValue, atMs: r.lastAt.getTime() }]),
  );
  const { buckets, updates, steps } = applySnapshot(state, samples);
  if (updates.size) {
    const keyOf = new Map(items.map(({ record }, i) => [samples[i].key, record]));
    const u = [...updates];
    await ctx.sql.query(
      `INSERT INTO telemetry_series_state ("seriesHash", metric, "seriesKey", "lastValue", "lastAt", "batchId", "updatedAt")
       SELECT h, m, k, v, to_timestamp(t / 1000.0), $1::uuid, now()
         FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::bigint[]) AS x(h, m, k, v, t)
       ON CONFLICT ("seriesHash") DO UPDATE SET "lastValue" = EXCLUDED."lastValue", "lastAt" = EXCLUDED."lastAt",
         "batchId" = EXCLUDED."batchId", "updatedAt" = now()`,
      [
        ctx.batchId,
        u.map(([h]) => h),
        u.map(([h]) =>
          keyOf.get(h)?.measure === "connections"
            ? "istio_tcp_connections_opened_total"
            : "istio_requests_total",
        ),
        u.map(([h]) => keyOf.get(h)?.key ?? ""),
        u.map(([, s]) => s.value),
        u.map(([, s]) => s.atMs),
      ],
    );
  }
  await insertBuckets(ctx.sql, ctx.batchId, buckets.buckets());
  const stale = steps.filter((s) => s.kind === "stale").length;
  return { accepted: steps.length - stale, duplicates: stale };
}

registerFormat<IstioSeries>({
  kind: "telemetry",
  format: "prometheus",
  description:
    "Prometheus text exposition or /federate output of istio_requests_total and istio_tcp_connections_opened_total (cumulative counters; deltas between snapshots)",
  sniff: (head, ct) =>
    /istio_(requests|tcp_connections_opened)_total/.test(head) ||
    /version=0\.0\.4|openmetrics/i.test(ct ?? ""),
  parse: (input) => parseExposition(input),
  store: storeCounters,
  finish: finishTelemetry,
});

// ---- prometheus-query: increase() results from the Prometheus HTTP API (what the connector pulls) ----

async function* parseQuery(input: PayloadSource): AsyncIterable<ParseItem<QuerySample>> {
  yield* parseQueryResult(await input.text());
}

registerFormat<QuerySample>({
  kind: "telemetry",
  format: "prometheus-query",
  description:
    'increase() of the Istio counters from the Prometheus HTTP API: {"collectedAt","windowSeconds","results":[{"metric","data":<"/api/v1/query" data>}]}',
  sniff: (head) => /"windowSeconds"/.test(head) && /"resultType"/.test(head),
  parse: (input) => parseQuery(input),
  async store(ctx, items) {
    const buckets = new BucketSet();
    for (const { record } of items) {
      const dims = withDefaultCluster(record.series.dims, ctx.cluster?.name ?? null);
      if (!(record.series.value > 0)) continue;
      // The increase happened over the whole queried range: one share per minute of it.
      for (const { minuteMs, value: v } of spreadOverMinutes(record.fromMs, record.atMs, record.series.value))
        buckets.add(minuteMs, dims, { [record.series.measure]: v, denied: record.series.denied ? v : 0 });
    }
    await insertBuckets(ctx.sql, ctx.batchId, buckets.buckets());
    return { accepted: items.length, duplicates: 0 };
  },
  finish: finishTelemetry,
});

// ---- hubble: flows NDJSON → traffic edges (the policy domain reads the same flows as decisions) ----

async function* parseFlows(input: PayloadSource): AsyncIterable<ParseItem<HubbleFlowRecord>> {
  const tuples = new Set<string>();
  const gate = new FormatGate<HubbleFlowRecord>("Hubble flows NDJSON");
  for await (const { line, text } of input.lines()) {
    const r = parseHubbleLine(text, tuples);
    if (!r) continue;
    if (!r.ok) {
      yield* gate.error(line, r.reason);
      continue;
    }
    yield* gate.passed();
    yield { ok: true, record: r.record, ref: { line } };
  }
  gate.end();
}

registerFormat<HubbleFlowRecord>({
  kind: "telemetry",
  format: "hubble",
  description:
    "Hubble flows, `hubble observe -o json` NDJSON ({flow, node_name, time} per line): traffic edges per minute",
  sniff: (head) => /^\s*\{/.test(head) && /"verdict"/.test(head) && /"flow"|"Type"/.test(head),
  parse: (input) => parseFlows(input),
  async store(ctx, items) {
    const recs = items.map((i) => i.record);
    await ensurePartitions(
      ctx.sql,
      "telemetry_flow",
      recs.map((r) => r.timeMs),
    );
    const inserted = await ctx.sql.query<{ flowId: string; time: Date }>(
      `INSERT INTO telemetry_flow (time, "flowId", "batchId", verdict, "dropReason", "isReply", "srcCluster", "srcNamespace", "srcWorkload",
         "dstCluster", "dstNamespace", "dstWorkload", protocol)
       SELECT to_timestamp(t / 1000.0), f, $1::uuid, v, dr, rp, sc, sn, sw, dc, dn, dw, pr
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[]) AS x(t, f, v, dr, rp, sc, sn, sw, dc, dn, dw, pr)
       ON CONFLICT (time, "flowId") DO NOTHING RETURNING "flowId", time`,
      [
        ctx.batchId,
        recs.map((r) => r.timeMs),
        recs.map((r) => r.id),
        recs.map((r) => r.verdict),
        recs.map((r) => r.dropReason),
        recs.map((r) => r.isReply),
        recs.map((r) => r.dims.src.cluster ?? ctx.cluster?.name ?? null),
        recs.map((r) => r.dims.src.namespace),
        recs.map((r) => r.dims.src.workload),
        recs.map((r) => r.dims.dst.cluster),
        recs.map((r) => r.dims.dst.namespace),
        recs.map((r) => r.dims.dst.workload),
        recs.map((r) => r.dims.protocol),
      ],
    );
    const fresh = new Set(inserted.map((r) => `${r.time.getTime()}|${r.flowId}`));
    const buckets = new BucketSet();
    for (const r of recs) {
      // to_timestamp keeps microseconds; the column keeps milliseconds, as timeMs does.
      if (!fresh.has(`${r.timeMs}|${r.id}`)) continue;
      const c = r.counts;
      if (c.requests || c.connections || c.denied || c.dropped) buckets.add(r.timeMs, r.dims, c);
    }
    await insertBuckets(ctx.sql, ctx.batchId, buckets.buckets());
    await attachFlowEvidence(
      ctx,
      recs.filter((r) => fresh.has(`${r.timeMs}|${r.id}`)),
    );
    return { accepted: fresh.size, duplicates: recs.length - fresh.size };
  },
  finish: finishTelemetry,
});
